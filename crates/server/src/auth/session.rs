//! Server-side sessions and the CSRF guard.
//!
//! The cookie holds a 256-bit random id; the database holds its SHA-256. A new id is issued at
//! every sign-in. The middleware loads the session once per request, ends it when idle or too
//! old, and refuses any state-changing request made with the cookie unless it carries the
//! session's synchronizer token (form field `csrf_token` or header `X-CSRF-Token`). Requests
//! that a browser marks as cross-site are refused outright (Fetch Metadata).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, COOKIE, HeaderValue, SET_COOKIE};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use reachin_domain::UserId;
use reachin_domain::audit::AuditAction;
use reachin_store::audit::Entry;
use reachin_store::sessions;

use crate::auth::secrets::{self, constant_time_eq};
use crate::error::AppError;
use crate::state::AppState;

/// The field and header names of the anti-forgery token.
pub const CSRF_FIELD: &str = "csrf_token";
/// The header carrying the anti-forgery token for htmx and JSON requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The signed-in session of this request, if any (inserted by the middleware).
#[derive(Debug, Clone)]
pub struct CurrentSession {
    /// The stored hash of the cookie's id.
    pub id_hash: String,
    /// Whose session.
    pub user_id: UserId,
    /// The token its forms carry.
    pub csrf_token: String,
}

/// The cookie's name: `__Host-` binds it to this exact origin, over HTTPS only.
#[must_use]
pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config.cookie_secure { "__Host-reachin-session" } else { "reachin-session" }
}

/// The `Set-Cookie` value for a session id (or for clearing it, with `None`).
#[must_use]
pub fn set_cookie(state: &AppState, id: Option<&str>) -> String {
    let name = cookie_name(state);
    let secure = if state.config.cookie_secure { "; Secure" } else { "" };
    match id {
        // No Max-Age: the cookie ends with the browser; the server enforces idle and absolute limits.
        Some(id) => format!("{name}={id}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn cross_site(headers: &HeaderMap) -> bool {
    // Browsers that send Fetch Metadata tell us outright; older ones are covered by the token.
    matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site" | "same-site"))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// Loads the session, enforces its limits, and guards state changes against forgery.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match guard(&state, req).await {
        Ok((req, clear_cookie)) => {
            let mut response = next.run(req).await;
            if clear_cookie && let Ok(v) = HeaderValue::from_str(&set_cookie(&state, None)) {
                response.headers_mut().append(SET_COOKIE, v);
            }
            response
        }
        Err(e) => e.into_response(),
    }
}

async fn guard(state: &AppState, req: Request) -> Result<(Request, bool), AppError> {
    let now = state.now();
    let mut current = None;
    let mut clear_cookie = false;
    if let Some(id) = cookie_value(req.headers(), cookie_name(state)) {
        let id_hash = secrets::hash(id);
        match sessions::find(&state.db, &id_hash).await? {
            Some(s) if state.sessions.is_alive(s.created_at, s.last_seen_at, now) => {
                if state.sessions.needs_touch(s.last_seen_at, now) {
                    sessions::touch(&state.db, &id_hash, now).await?;
                }
                current = Some(CurrentSession { id_hash, user_id: s.user_id, csrf_token: s.csrf_token });
            }
            Some(_) => {
                sessions::delete(&state.db, &id_hash).await?;
                clear_cookie = true;
            }
            None => clear_cookie = true,
        }
    }

    let mut req = req;
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let bearer = req.headers().contains_key(axum::http::header::AUTHORIZATION);
    if !safe && !bearer {
        if cross_site(req.headers()) {
            state.metrics.refused();
            return Err(AppError::Forgery);
        }
        // A public form acts for nobody (the request page, feedback, opt-out, sign-in): a
        // session in the same browser gives a forger nothing, so only Fetch Metadata guards it.
        let public = req
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .is_some_and(|m| crate::routes::is_public(req.method(), m.as_str()));
        if let Some(session) = current.as_ref().filter(|_| !public) {
            let (ok, rebuilt) = token_matches(state, req, &session.csrf_token).await?;
            req = rebuilt;
            if !ok {
                state.metrics.refused();
                state.audit(Entry::new(AuditAction::CsrfRefused).by(session.user_id)).await?;
                return Err(AppError::Forgery);
            }
        }
    }
    req.extensions_mut().insert(current);
    Ok((req, clear_cookie))
}

/// Whether the request carries `expected` in the header or, for a form, in its body. Reading a
/// form body consumes it, so the request is rebuilt around the bytes read.
async fn token_matches(state: &AppState, req: Request, expected: &str) -> Result<(bool, Request), AppError> {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let ok = constant_time_eq(v, expected);
        return Ok((ok, req));
    }
    if !is_form(req.headers()) {
        return Ok((false, req));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes).await.map_err(|_| AppError::TooLarge)?;
    let ok = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .is_some_and(|(_, v)| constant_time_eq(&v, expected));
    Ok((ok, Request::from_parts(parts, Body::from(bytes))))
}
