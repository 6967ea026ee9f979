//! What every response goes through: security headers, error rendering, metrics and the
//! request log line.

use std::time::Instant;

use askama::Template;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use reachin_domain::org::{Locale, OrgSlug};
use serde::Serialize;

use crate::error::{Detail, ErrorKind, ErrorMarker};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shell::Shell;

/// The Content-Security-Policy of every page: no inline script, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers, renders errors, counts and logs each response.
pub async fn outer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let wants_json = path.starts_with("/api/") || accepts_json(req.headers());
    let matched = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());

    let mut response = next.run(req).await;
    if response.status().is_client_error() || response.status().is_server_error() {
        response = render_error(&state, response, &path, &method, wants_json).await;
    }
    let headers = response.headers_mut();
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    }
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if state.config.served_over_tls() {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages carry identities and tokens: never keep them in a shared or back-button cache.
        set(headers, header::CACHE_CONTROL, "no-store");
    }

    let status = response.status().as_u16();
    state.metrics.response(status);
    // The log line names the route pattern, not the concrete path: ids stay out of logs.
    let route = matched.as_deref().unwrap_or("(unmatched)");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: "http", %method, route, status, ms = format!("{ms:.1}"));
    response
}

fn accepts_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") || v.contains("application/problem+json"))
}

/// Marks an error response whose body is already what the client should get.
#[derive(Debug, Clone, Copy)]
pub struct PreRendered;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened this time, safe to show.
    pub detail: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    title: String,
    detail: String,
}

async fn locale_for(state: &AppState, path: &str) -> Locale {
    // The organisation in the path decides the language of its error pages.
    let slug = path.strip_prefix("/o/").or_else(|| path.strip_prefix("/api/v1/orgs/"));
    let Some(slug) = slug.and_then(|s| s.split('/').next()).and_then(|s| s.parse::<OrgSlug>().ok()) else {
        return Locale::default();
    };
    match reachin_store::orgs::by_slug(&state.db, &slug).await {
        Ok(Some(org)) => org.locale,
        _ => Locale::default(),
    }
}

async fn render_error(
    state: &AppState,
    response: Response,
    path: &str,
    method: &axum::http::Method,
    wants_json: bool,
) -> Response {
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Pages that rendered their own error (the sign-in form with its message) pass through.
    if response.extensions().get::<PreRendered>().is_some()
        || content_type.starts_with("text/html")
        || content_type.starts_with("application/problem+json")
    {
        return response;
    }
    let status = response.status();
    let marker = response.extensions().get::<ErrorMarker>().cloned().unwrap_or(ErrorMarker {
        kind: ErrorKind::from_status(status),
        detail: None,
        retry_after: None,
    });
    let mut extra = HeaderMap::new();
    if let Some(secs) = marker.retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        extra.insert(header::RETRY_AFTER, v);
    }
    if let Some(allow) = response.headers().get(header::ALLOW) {
        extra.insert(header::ALLOW, allow.clone());
    }

    if marker.kind == ErrorKind::NotSignedIn && !wants_json {
        // A page that needs a session sends the browser to sign in, and back afterwards.
        let target = if *method == axum::http::Method::GET {
            format!("/sign-in?next={}", form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>())
        } else {
            "/sign-in".to_owned()
        };
        return (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    }

    let locale = locale_for(state, path).await;
    let tr = state.catalogue.tr(locale, jiff::tz::TimeZone::UTC);
    let title = tr.t(marker.kind.message_id());
    let generic = tr.t(&format!("{}-detail", marker.kind.message_id()));
    let detail = match marker.detail {
        Some(Detail::Text(d)) => format!("{generic} {d}"),
        Some(Detail::Message(id)) => format!("{generic} {}", tr.t(&id)),
        None => generic,
    };

    let mut out = if wants_json {
        let problem = Problem {
            kind: format!("/problems/{}", marker.kind.message_id().trim_start_matches("error-")),
            title,
            status: status.as_u16(),
            detail,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut r = Response::new(Body::from(body));
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if marker.kind == ErrorKind::NotSignedIn {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    } else {
        let page = ErrorPage { tr: tr.clone(), shell: Shell::anonymous(), title, detail };
        match page.render() {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                Response::new(Body::from("Error"))
            }
        }
    };
    *out.status_mut() = status;
    out.headers_mut().extend(extra);
    out
}
