//! An organisation's own wording for its emails.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use reachin_domain::Role;

use crate::support::TestApp;

async fn put(app: &TestApp, token: &str, id: &str, text: &str) -> crate::support::TestResponse {
    let body = serde_json::json!({ "text": text }).to_string();
    let req = Request::put(format!("/api/v1/orgs/alpha/email-templates/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn a_coordinator_rewords_an_email_but_cannot_drop_its_link() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let cora = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, cora).await;

    let list = app.get_with_token("/api/v1/orgs/alpha/email-templates", &token).await.json();
    let body = list.as_array().unwrap().iter().find(|t| t["id"] == "email-new-case-body").unwrap();
    assert!(body["default_text"].as_str().unwrap().contains("{ $link }"));

    assert_eq!(
        put(&app, &token, "email-new-case-body", "Someone needs us. No link here.").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(&app, &token, "email-new-case-subject", "Line one\nline two").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put(&app, &token, "sign-in-title", "Hello").await.status,
        StatusCode::NOT_FOUND,
        "only emails can be reworded"
    );
    assert_eq!(
        put(&app, &token, "email-new-case-subject", "Wellbeing team: new request").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        put(&app, &token, "email-new-case-body", "Dear coordinator, a new request at { $org }: { $link }").await.status,
        StatusCode::NO_CONTENT
    );

    let subject = app.person(&org, "Dana Subject").await;
    let r = app
        .post_json_with_token(
            "/api/v1/orgs/alpha/cases",
            &token,
            &format!(r#"{{"subject_id": "{}", "category": "other"}}"#, subject.id),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    app.run_jobs().await;
    let mail = app.mailbox();
    assert_eq!(mail[0].1, "Wellbeing team: new request");
    assert!(mail[0].2.contains("Dear coordinator, a new request at alpha hospital: http"), "{}", mail[0].2);

    let reset = Request::delete("/api/v1/orgs/alpha/email-templates/email-new-case-subject")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(reset).await.status, StatusCode::NO_CONTENT);
}
