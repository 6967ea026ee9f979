//! Server-rendered pages (askama templates; htmx where a partial update helps). Every page works
//! with JavaScript off.

pub mod availability;
pub mod batch;
pub mod cases;
pub mod charts;
pub mod directory;
pub mod feedback;
pub mod follow_ups;
pub mod form;
pub mod home;
pub mod intake;
pub mod opt_out;
pub mod privacy;
pub mod reports;
pub mod resources;
pub mod roster;
pub mod self_check;
pub mod shell;
pub mod sign_in;
pub mod support;
pub mod surveys;

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::auth::extract::Caller;
use crate::error::{AppError, AppResult};

/// Renders a template into a response.
pub fn render(t: &impl Template) -> AppResult<Response> {
    let html = t.render().map_err(|e| AppError::Internal(anyhow::Error::new(e).context("rendering a page")))?;
    Ok(Html(html).into_response())
}

/// `/`: home when signed in, else the sign-in page.
pub async fn root(caller: Result<Caller, AppError>) -> Redirect {
    if caller.is_ok() { Redirect::to("/home") } else { Redirect::to("/sign-in") }
}
