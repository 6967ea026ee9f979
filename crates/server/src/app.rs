//! Assembles the router: the route table, then the layers every request passes through.

use axum::Router;
use axum::extract::DefaultBodyLimit;

use crate::routes;
use crate::state::AppState;

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    let (routes, _) = routes::table();
    let max_body = state.config.max_body_bytes;
    routes
        .fallback(|| async { crate::error::AppError::NotFound })
        // Innermost: every successful change that its handler did not audit is audited here.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::audit_trail::middleware))
        // Inner to outer: sessions and CSRF see the request after the body limit is in force,
        // and every response (errors included) gets its headers from `outer`.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::session::middleware))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::middleware::outer))
        .with_state(state)
}
