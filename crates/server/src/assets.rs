//! Front-end assets, embedded in the binary: nothing is fetched from elsewhere at run time.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Path under `/static/`, content type, bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("api-docs.js", "text/javascript; charset=utf-8", include_bytes!("../assets/api-docs.js")),
    ("vendor/htmx/htmx.min.js", "text/javascript; charset=utf-8", include_bytes!("../assets/vendor/htmx/htmx.min.js")),
    (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/swagger-ui/swagger-ui-bundle.js"),
    ),
    (
        "vendor/swagger-ui/swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/swagger-ui/swagger-ui.css"),
    ),
];

/// `GET /static/{*path}`
pub async fn serve(Path(path): Path<String>) -> Result<Response, AppError> {
    let (_, content_type, bytes) = ASSETS.iter().find(|(p, _, _)| *p == path).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, *content_type), (CACHE_CONTROL, "public, max-age=3600")], *bytes).into_response())
}
