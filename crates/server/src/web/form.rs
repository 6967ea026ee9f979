//! Form bodies: strict UTF-8 (browsers never send anything else, so anything else is refused
//! rather than silently repaired), size-limited, and parsed into a typed struct.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// An optional form field's text (empty when the form did not send it).
#[must_use]
pub fn field(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

/// A parsed `application/x-www-form-urlencoded` body.
#[derive(Debug)]
pub struct HtmlForm<T>(pub T);

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Whether every percent-decoded name and value is valid UTF-8.
fn decodes_to_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').all(|pair| {
        let mut out = Vec::with_capacity(pair.len());
        let mut i = 0;
        while let Some(&b) = pair.get(i) {
            match b {
                b'%' => {
                    match (pair.get(i + 1).copied().and_then(hex_val), pair.get(i + 2).copied().and_then(hex_val)) {
                        (Some(h), Some(l)) => {
                            out.push(h * 16 + l);
                            i += 3;
                        }
                        _ => {
                            out.push(b);
                            i += 1;
                        }
                    }
                }
                b'+' => {
                    out.push(b' ');
                    i += 1;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        std::str::from_utf8(&out).is_ok()
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest(e.body_text())
            }
        })?;
        if !decodes_to_utf8(&bytes) {
            return Err(AppError::BadRequest(String::new()));
        }
        serde_urlencoded::from_bytes(&bytes).map(HtmlForm).map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::decodes_to_utf8;

    #[test]
    fn utf8_check() {
        assert!(decodes_to_utf8(b"a=b&c=%C3%A9+x"));
        assert!(!decodes_to_utf8(b"a=%FF%FE"));
        assert!(!decodes_to_utf8(b"a=\xff"));
    }
}
