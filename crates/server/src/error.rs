//! The error policy. Handlers return `AppError`; it becomes a status and a marker, and the
//! `render_errors` middleware turns the marker into an HTML page or an RFC 9457 problem document
//! in the reader's language. Internal causes are logged with their whole chain and never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reachin_store::StoreError;

/// The specific part of an error message: already in the reader's words, or a catalogue message
/// the renderer puts into them (used where the error arises without knowing the reader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// Ready to show.
    Text(String),
    /// A message id in the catalogue.
    Message(String),
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detail::Text(t) | Detail::Message(t) => f.write_str(t),
        }
    }
}

impl From<String> for Detail {
    fn from(s: String) -> Self {
        Detail::Text(s)
    }
}

/// What went wrong, in terms a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No session or token: sign in first.
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but this role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Nothing here — or nothing here for you: the two look the same on purpose.
    #[error("not found")]
    NotFound,
    /// A state-changing request without a valid anti-forgery token, or from another site.
    #[error("request forgery check failed")]
    Forgery,
    /// The request is malformed; the detail says how (safe to show).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request is well-formed but a field is not acceptable.
    #[error("invalid: {0}")]
    Invalid(Detail),
    /// It clashes with what exists (a taken email, a stale form).
    #[error("conflict: {0}")]
    Conflict(Detail),
    /// The body is larger than the limit.
    #[error("payload too large")]
    TooLarge,
    /// The body is not in a format this endpoint reads.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Slow down: try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
    /// Everything else; logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// The kinds of error a response can carry to the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401
    NotSignedIn,
    /// 403
    Forbidden,
    /// 404
    NotFound,
    /// 403 (forgery)
    Forgery,
    /// 400
    BadRequest,
    /// 422
    Invalid,
    /// 409
    Conflict,
    /// 413
    TooLarge,
    /// 415
    UnsupportedMediaType,
    /// 429
    TooManyRequests,
    /// 405
    MethodNotAllowed,
    /// 500
    Internal,
}

impl ErrorKind {
    /// The catalogue id of this kind's title; the detail is `<id>-detail`.
    #[must_use]
    pub fn message_id(self) -> &'static str {
        match self {
            ErrorKind::NotSignedIn => "error-not-signed-in",
            ErrorKind::Forbidden => "error-forbidden",
            ErrorKind::NotFound => "error-not-found",
            ErrorKind::Forgery => "error-forgery",
            ErrorKind::BadRequest => "error-bad-request",
            ErrorKind::Invalid => "error-invalid",
            ErrorKind::Conflict => "error-conflict",
            ErrorKind::TooLarge => "error-too-large",
            ErrorKind::UnsupportedMediaType => "error-unsupported-media-type",
            ErrorKind::TooManyRequests => "error-too-many-requests",
            ErrorKind::MethodNotAllowed => "error-method-not-allowed",
            ErrorKind::Internal => "error-internal",
        }
    }

    /// The kind a bare status (from axum or a layer) stands for.
    #[must_use]
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => ErrorKind::NotSignedIn,
            StatusCode::FORBIDDEN => ErrorKind::Forbidden,
            StatusCode::NOT_FOUND => ErrorKind::NotFound,
            StatusCode::CONFLICT => ErrorKind::Conflict,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorKind::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorKind::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ErrorKind::Invalid,
            StatusCode::TOO_MANY_REQUESTS => ErrorKind::TooManyRequests,
            StatusCode::METHOD_NOT_ALLOWED => ErrorKind::MethodNotAllowed,
            s if s.is_client_error() => ErrorKind::BadRequest,
            _ => ErrorKind::Internal,
        }
    }
}

/// Carried on an error response from the handler to the renderer.
#[derive(Debug, Clone)]
pub struct ErrorMarker {
    /// What kind of error.
    pub kind: ErrorKind,
    /// A safe, specific detail (which field, which limit), when there is one.
    pub detail: Option<Detail>,
    /// For 429: seconds to wait.
    pub retry_after: Option<u64>,
}

impl AppError {
    fn parts(&self) -> (StatusCode, ErrorKind, Option<Detail>) {
        match self {
            AppError::NotSignedIn => (StatusCode::UNAUTHORIZED, ErrorKind::NotSignedIn, None),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorKind::Forbidden, None),
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorKind::NotFound, None),
            AppError::Forgery => (StatusCode::FORBIDDEN, ErrorKind::Forgery, None),
            AppError::BadRequest(d) => (
                StatusCode::BAD_REQUEST,
                ErrorKind::BadRequest,
                Some(Detail::Text(d.clone())).filter(|_| !d.is_empty()),
            ),
            AppError::Invalid(d) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::Invalid, Some(d.clone())),
            AppError::Conflict(d) => (StatusCode::CONFLICT, ErrorKind::Conflict, Some(d.clone())),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::TooLarge, None),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorKind::UnsupportedMediaType, None)
            }
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorKind::TooManyRequests, None),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal, None),
        }
    }
}

/// An error in the reader's words, for a page that lists several outcomes at once (a batch).
/// Internal causes are logged and shown only as the general message.
pub fn message(tr: &crate::i18n::Tr<'_>, e: &AppError) -> String {
    if let AppError::Internal(cause) = e {
        tracing::error!(error = format!("{cause:#}"), "internal error");
    }
    let (_, kind, detail) = e.parts();
    match detail {
        Some(Detail::Text(t)) => t,
        Some(Detail::Message(id)) => tr.t(&id),
        None => tr.t(kind.message_id()),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let (status, kind, detail) = self.parts();
        let retry_after = match self {
            AppError::TooManyRequests(s) => Some(s),
            _ => None,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorMarker { kind, detail, retry_after });
        response
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => AppError::Conflict(Detail::Message(format!("conflict-{}", what.code()))),
            StoreError::NotFound(what) => AppError::Invalid(Detail::Message(format!("missing-{}", what.code()))),
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::Internal(e)
    }
}

/// Results of handlers.
pub type AppResult<T> = Result<T, AppError>;
