//! Operations endpoints: liveness, readiness, metrics.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// `GET /healthz`: the process is up.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: the database answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready\n".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            // Plain text on purpose: a load balancer reads the status, not a page.
            let mut r = (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response();
            r.extensions_mut().insert(crate::middleware::PreRendered);
            r
        }
    }
}

/// `GET /metrics`: Prometheus text. Counts only: nothing here names a person or an organisation.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut body = state.metrics.render(state.db.open_connections());
    if let Ok(n) = reachin_store::jobs::pending(&state.db).await {
        body.push_str(&format!(
            "# HELP reachin_jobs_pending Jobs waiting or running.\n# TYPE reachin_jobs_pending gauge\nreachin_jobs_pending {n}\n"
        ));
    }
    ([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}
