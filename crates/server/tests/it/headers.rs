//! Security headers on every response, error pages that reveal nothing.

use axum::http::StatusCode;
use reachin_server::config::Config;

use crate::support::{TestApp, test_config};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    for path in ["/sign-in", "/no-such-page", "/api/v1/me", "/static/app.css", "/healthz", "/api/docs"] {
        let res = app.get(path).await;
        let csp = res.header("content-security-policy");
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "script-src 'self'",
        ] {
            assert!(csp.contains(part), "{path}: CSP lacks {part}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(res.header("referrer-policy"), "no-referrer", "{path}");
        assert!(res.header("strict-transport-security").is_empty(), "HSTS without TLS on {path}");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() {
    let config = Config { public_url: Some("https://reachin.example.org".into()), ..test_config() };
    let app = TestApp::with_config(config).await;
    assert!(app.get("/sign-in").await.header("strict-transport-security").contains("max-age=31536000"));
}

#[tokio::test]
async fn error_pages_are_friendly_and_reveal_nothing_internal() {
    let app = TestApp::new().await;
    let page = app.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains("<h1>Page not found</h1>"));
    let api = app.get("/api/v1/nothing-here").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.header("content-type"), "application/problem+json");
    let method = app.send(axum::http::Request::delete("/sign-in").body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(method.body.contains("Not possible here"));
    for body in [&page.body, &api.body, &method.body] {
        for leak in ["sqlx", "panicked", "src/", "Error {", "backtrace"] {
            assert!(!body.contains(leak), "an error page shows {leak}: {body}");
        }
    }
}

#[tokio::test]
async fn an_internal_error_is_a_generic_500_page() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "cora@alpha.example", &[reachin_domain::Role::Coordinator]).await;
    let b = app.sign_in("cora@alpha.example").await;
    // Break the database under the running app: the page must fail politely.
    sqlx::query("DROP TABLE membership_roles").execute(app.db.writer()).await.unwrap();
    let res = app.get_as("/o/alpha/coordinator", &b).await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.body.contains("Something went wrong"));
    assert!(!res.body.contains("membership_roles"));
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(app.get("/readyz").await.body, "ready\n");
    let metrics = app.get("/metrics").await;
    assert!(metrics.header("content-type").starts_with("text/plain"));
    assert!(metrics.body.contains("# TYPE reachin_http_responses_total counter"));
    app.db.close().await;
    assert_eq!(app.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
}
