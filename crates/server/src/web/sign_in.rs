//! Signing in and out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::audit::AuditAction;
use reachin_domain::directory::WorkEmail;
use reachin_store::audit::Entry;
use reachin_store::{sessions, users};
use serde::Deserialize;

use crate::auth::extract::{Caller, Credential};
use crate::auth::secrets;
use crate::auth::session::set_cookie;
use crate::auth::throttle::{self, Keys, client_address};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    email: String,
    next: String,
    error: Option<String>,
}

/// Where to go after signing in: a local path only, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/home".to_owned(),
    }
}

/// The query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn tr(state: &AppState) -> Tr<'_> {
    state.catalogue.tr(Default::default(), jiff::tz::TimeZone::UTC)
}

/// `GET /sign-in`
pub async fn page(
    State(state): State<AppState>,
    caller: Result<Caller, AppError>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if caller.is_ok() {
        return Ok(Redirect::to("/home").into_response());
    }
    render(&SignInPage {
        tr: tr(&state),
        shell: Shell::anonymous(),
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
    })
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
}

fn again(state: &AppState, status: StatusCode, form: &SignInForm, message: String) -> AppResult<Response> {
    let page = SignInPage {
        tr: tr(state),
        shell: Shell::anonymous(),
        email: form.email.chars().take(254).collect(),
        next: safe_next(form.next.as_deref()),
        error: Some(message),
    };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /sign-in`
pub async fn submit(
    State(state): State<AppState>,
    parts: Parts,
    HtmlForm(form): HtmlForm<SignInForm>,
) -> AppResult<Response> {
    let t = tr(&state);
    // One message for every failure: which emails have accounts is nobody's business.
    let wrong = t.t("sign-in-wrong");
    let Ok(email) = form.email.parse::<WorkEmail>() else {
        return again(&state, StatusCode::UNAUTHORIZED, &form, wrong);
    };
    let keys = Keys::new(&email, client_address(&state, &parts));
    let wait = throttle::wait_seconds(&state, &keys).await?;
    if wait > 0 {
        state.audit(Entry::new(AuditAction::SignInThrottled)).await?;
        let message = t.t1("sign-in-throttled", "seconds", wait);
        let mut response = again(&state, StatusCode::TOO_MANY_REQUESTS, &form, message)?;
        if let Ok(v) = wait.to_string().parse() {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        return Ok(response);
    }
    let stored = users::password_hash(&state.db, &email).await?;
    let user_id = stored.as_ref().map(|(id, _)| *id);
    let ok = state.passwords.verify(form.password.clone(), stored.map(|(_, h)| h)).await;
    let Some(user_id) = user_id.filter(|_| ok) else {
        throttle::failed(&state, &keys).await?;
        state.metrics.sign_in(false);
        // The account tried, when there is one; never the email typed (it may be a password).
        let mut entry = Entry::new(AuditAction::SignInFailed);
        if let Some(tried) = user_id {
            entry = entry.by(tried);
        }
        state.audit(entry).await?;
        return again(&state, StatusCode::UNAUTHORIZED, &form, wrong);
    };
    throttle::succeeded(&state, &keys).await?;

    // A new session id at every sign-in: a planted cookie never becomes a signed-in one.
    let id = secrets::random_token()?;
    let csrf = secrets::random_token()?;
    sessions::create(&state.db, &secrets::hash(&id), user_id, &csrf, state.now()).await?;
    state.metrics.sign_in(true);
    state.audit(Entry::new(AuditAction::SignIn).by(user_id)).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, safe_next(form.next.as_deref())), (SET_COOKIE, set_cookie(&state, Some(&id)))],
    )
        .into_response())
}

/// `POST /sign-out`: ends the session at once, server-side.
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    if let Credential::Session(s) = &caller.credential {
        sessions::delete(&state.db, &s.id_hash).await?;
    }
    state.audit(Entry::new(AuditAction::SignOut).by(caller.user.id)).await?;
    Ok((StatusCode::SEE_OTHER, [(LOCATION, "/sign-in".to_owned()), (SET_COOKIE, set_cookie(&state, None))])
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/o/demo/coordinator")), "/o/demo/coordinator");
        assert_eq!(safe_next(Some("//evil.example")), "/home");
        assert_eq!(safe_next(Some("https://evil.example")), "/home");
        assert_eq!(safe_next(Some("/\\evil.example")), "/home");
        assert_eq!(safe_next(None), "/home");
    }
}
