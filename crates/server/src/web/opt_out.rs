//! A clinician's standing opt-out from automatic (safety-event) outreach. They give their work
//! email; a confirmation link goes to that address, so nobody can opt someone else out. The
//! answer is the same whether or not the address is in the directory. Their own requests for
//! support always go through.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use jiff::SignedDuration;
use reachin_domain::directory::WorkEmail;
use reachin_store::{directory, events, rate_limits};
use serde::Deserialize;

use crate::auth::extract::path_org;
use crate::auth::secrets;
use crate::auth::throttle::client_address;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "opt_out.html")]
struct OptOutPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    action: String,
    /// ask, sent, confirm, done, spent
    step: &'static str,
}

fn page<'a>(
    state: &'a AppState,
    org: &reachin_domain::org::Organisation,
    action: String,
    step: &'static str,
) -> OptOutPage<'a> {
    OptOutPage { tr: state.catalogue.tr(org.locale, org.time_zone.zone()), shell: Shell::anonymous(), action, step }
}

/// `GET /o/{org}/opt-out`
pub async fn form(State(state): State<AppState>, mut parts: Parts) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    render(&page(&state, &org, format!("/o/{}/opt-out", org.slug), "ask"))
}

/// The request form.
#[derive(Debug, Deserialize)]
pub struct OptOutForm {
    email: String,
}

/// `POST /o/{org}/opt-out`
pub async fn request(
    State(state): State<AppState>,
    mut parts: Parts,
    HtmlForm(f): HtmlForm<OptOutForm>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let address = client_address(&state, &parts).map(|a| a.to_string()).unwrap_or_default();
    let key = secrets::hash(&format!("opt-out:{}:{address}", org.id));
    let allowed = rate_limits::hit(&state.db, &key, 10, SignedDuration::from_hours(1), state.now()).await?;
    if allowed
        && let Ok(email) = f.email.parse::<WorkEmail>()
        && let Some(person) = directory::by_email(&state.db, org.id, &email).await?
    {
        let token = secrets::random_token()?;
        let expires = state.now() + SignedDuration::from_hours(48);
        events::request_opt_out(&state.db, &secrets::hash(&token), org.id, person.id, expires).await?;
        let link = format!("{}/o/{}/opt-out/{token}", crate::jobs::public_base(&state), org.slug);
        let mail =
            crate::jobs::compose(&state, &org, "email-opt-out", email, &[("org", org.name.clone()), ("link", link)])
                .await?;
        // Sent after answering, so neither the time taken nor a mail failure tells the caller
        // whether the address is in the directory. It mentions no case.
        let sender = state.clone();
        tokio::spawn(async move {
            if let Err(e) = sender.mailer.send(&sender.config.mail_from, &mail, sender.now()).await {
                tracing::warn!(error = format!("{e:#}"), "opt-out confirmation not sent");
            }
        });
    }
    let mut r = render(&page(&state, &org, String::new(), "sent"))?;
    if !allowed {
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    }
    Ok(r)
}

/// `GET /o/{org}/opt-out/{token}`: asks to confirm (a link preview must not opt anyone out).
pub async fn confirm_form(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let step = if secrets::looks_like_token(&token) { "confirm" } else { "spent" };
    render(&page(&state, &org, format!("/o/{}/opt-out/{token}", org.slug), step))
}

/// `POST /o/{org}/opt-out/{token}`
pub async fn confirm(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let done = secrets::looks_like_token(&token)
        && events::confirm_opt_out(&state.db, &secrets::hash(&token), org.id, state.now()).await?;
    let mut r = render(&page(&state, &org, String::new(), if done { "done" } else { "spent" }))?;
    if !done {
        *r.status_mut() = StatusCode::GONE;
    }
    Ok(r)
}
