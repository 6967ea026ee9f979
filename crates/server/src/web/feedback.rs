//! The one-question helpfulness feedback after a supported case. The link's token knows only
//! its organisation; the answer knows only the organisation and the month. Nothing links the
//! answer to the case or the person.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use reachin_store::feedback;
use serde::Deserialize;

use crate::auth::extract::path_org;
use crate::auth::secrets;
use crate::error::{AppError, AppResult, Detail};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "feedback.html")]
struct FeedbackPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    action: String,
    state: &'static str,
}

fn page<'a>(
    state: &'a AppState,
    org: &reachin_domain::org::Organisation,
    token: &str,
    which: &'static str,
) -> FeedbackPage<'a> {
    FeedbackPage {
        tr: state.catalogue.tr(org.locale, org.time_zone.zone()),
        shell: Shell::anonymous(),
        action: format!("/o/{}/feedback/{token}", org.slug),
        state: which,
    }
}

/// `GET /o/{org}/feedback/{token}`
pub async fn form(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let live = secrets::looks_like_token(&token)
        && feedback::invitation(&state.db, &secrets::hash(&token), state.now()).await? == Some(org.id);
    let mut r = render(&page(&state, &org, &token, if live { "ask" } else { "spent" }))?;
    if !live {
        *r.status_mut() = StatusCode::GONE;
    }
    Ok(r)
}

/// The answer.
#[derive(Debug, Deserialize)]
pub struct Answer {
    helpful: String,
}

/// `POST /o/{org}/feedback/{token}`
pub async fn submit(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
    HtmlForm(a): HtmlForm<Answer>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let helpful: i64 = match a.helpful.as_str() {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        "5" => 5,
        _ => return Err(AppError::Invalid(Detail::Message("feedback-choose".into()))),
    };
    // The month only: the day would help match an answer to a closure.
    let month = state.now().to_zoned_datetime(org.time_zone.zone()).strftime("%Y-%m").to_string();
    let stored = secrets::looks_like_token(&token)
        && feedback::answer(&state.db, &secrets::hash(&token), org.id, helpful, &month, state.now()).await?;
    let mut r = render(&page(&state, &org, &token, if stored { "thanks" } else { "spent" }))?;
    if !stored {
        *r.status_mut() = StatusCode::GONE;
    }
    Ok(r)
}
