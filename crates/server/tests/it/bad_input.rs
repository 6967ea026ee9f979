//! Every bad input gets a clear 4xx and changes nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use reachin_domain::Role;
use reachin_store::directory;

use crate::support::TestApp;

async fn admin_app() -> (TestApp, reachin_domain::org::Organisation, String) {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let id = app.user(Some(&org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let token = app.token(&org, id).await;
    (app, org, token)
}

async fn people_count(app: &TestApp, org: &reachin_domain::org::Organisation) -> i64 {
    directory::count(&app.db, org.id).await.unwrap()
}

fn assert_problem(res: &crate::support::TestResponse, status: StatusCode) {
    assert_eq!(res.status, status, "{}", res.body);
    assert_eq!(res.header("content-type"), "application/problem+json");
    let p = res.json();
    assert_eq!(p["status"], status.as_u16());
    assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(p["detail"].as_str().is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn a_good_person_is_created_and_read_back() {
    let (app, org, token) = admin_app().await;
    let res = app
        .post_json_with_token(
            "/api/v1/orgs/alpha/people",
            &token,
            r#"{"name": "Tomasz Nowak", "email": "T.Nowak@alpha.example", "profession": "nurse", "grade": "senior"}"#,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let created = res.json();
    assert_eq!(created["email"], "t.nowak@alpha.example");
    let id = created["id"].as_str().unwrap();
    let read = app.get_with_token(&format!("/api/v1/orgs/alpha/people/{id}"), &token).await;
    assert_eq!(read.json()["name"], "Tomasz Nowak");
    assert_eq!(people_count(&app, &org).await, 2);
}

#[tokio::test]
async fn malformed_json_is_a_400_and_writes_nothing() {
    let (app, org, token) = admin_app().await;
    let before = people_count(&app, &org).await;
    let res = app.post_json_with_token("/api/v1/orgs/alpha/people", &token, r#"{"name": "#).await;
    assert_problem(&res, StatusCode::BAD_REQUEST);
    assert_eq!(people_count(&app, &org).await, before);
}

#[tokio::test]
async fn unknown_json_fields_are_refused() {
    let (app, org, token) = admin_app().await;
    let before = people_count(&app, &org).await;
    let res = app
        .post_json_with_token("/api/v1/orgs/alpha/people", &token, r#"{"name": "Ann Lee", "diagnosis": "anything"}"#)
        .await;
    assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["detail"].as_str().unwrap().contains("diagnosis"), "the detail names the field");
    assert_eq!(people_count(&app, &org).await, before);
}

#[tokio::test]
async fn invalid_field_values_name_the_field() {
    let (app, org, token) = admin_app().await;
    let before = people_count(&app, &org).await;
    for (body, field) in [
        (r#"{"name": "   "}"#, "name"),
        (r#"{"name": "Ann Lee", "email": "not-an-email"}"#, "email"),
        (r#"{"name": "Ann Lee", "profession": "wizard"}"#, "profession"),
        (r#"{"name": "Ann Lee", "manager_id": "42"}"#, "manager_id"),
    ] {
        let res = app.post_json_with_token("/api/v1/orgs/alpha/people", &token, body).await;
        assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.json()["detail"].as_str().unwrap().contains(field), "{field}: {}", res.body);
    }
    assert_eq!(people_count(&app, &org).await, before);
}

#[tokio::test]
async fn a_duplicate_email_is_a_conflict_and_writes_nothing() {
    let (app, org, token) = admin_app().await;
    let body = r#"{"name": "Ann Lee", "email": "ann@alpha.example"}"#;
    assert_eq!(app.post_json_with_token("/api/v1/orgs/alpha/people", &token, body).await.status, StatusCode::CREATED);
    let before = people_count(&app, &org).await;
    let again = app.post_json_with_token("/api/v1/orgs/alpha/people", &token, body).await;
    assert_problem(&again, StatusCode::CONFLICT);
    let detail = again.json()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("already in the directory"), "{detail}");
    assert_eq!(people_count(&app, &org).await, before);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let (app, org, token) = admin_app().await;
    let before = people_count(&app, &org).await;
    let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(200 * 1024));
    let res = app.post_json_with_token("/api/v1/orgs/alpha/people", &token, &huge).await;
    assert_problem(&res, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(people_count(&app, &org).await, before);

    let form = format!("email=a%40b.org&password={}", "x".repeat(200 * 1024));
    let res = app
        .send(
            Request::post("/sign-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn invalid_utf8_is_refused_in_json_and_forms() {
    let (app, org, token) = admin_app().await;
    let before = people_count(&app, &org).await;
    let req = Request::post("/api/v1/orgs/alpha/people")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(b"{\"name\": \"\xff\xfe\"}".to_vec()))
        .unwrap();
    let res = app.send(req).await;
    assert!(res.status == StatusCode::BAD_REQUEST || res.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", res.status);
    assert_eq!(people_count(&app, &org).await, before);

    let res = app
        .send(
            Request::post("/sign-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("email=%FF%FE&password=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.header("content-type").starts_with("text/html"));
}

#[tokio::test]
async fn a_malformed_form_is_a_400_and_the_wrong_media_type_a_415() {
    let app = TestApp::new().await;
    let missing_field = app.post_form("/sign-in", None, &[("email", "a@b.org")]).await;
    assert_eq!(missing_field.status, StatusCode::BAD_REQUEST);
    let json = app
        .send(
            Request::post("/sign-in").header(header::CONTENT_TYPE, "application/json").body(Body::from("{}")).unwrap(),
        )
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (app, _, token) = admin_app().await;
    let req = Request::post("/api/v1/orgs/alpha/people")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("name=x"))
        .unwrap();
    assert_problem(&app.send(req).await, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn unknown_organisations_and_other_organisations_ids_are_404() {
    let (app, _org, token) = admin_app().await;
    let beta = app.org("beta").await;
    let stranger = app.person(&beta, "Beta Person").await;

    let unknown = app.get_with_token("/api/v1/orgs/no-such-org/people", &token).await;
    assert_problem(&unknown, StatusCode::NOT_FOUND);
    let bad_slug = app.get_with_token("/api/v1/orgs/NOT%20A%20SLUG/people", &token).await;
    assert_problem(&bad_slug, StatusCode::NOT_FOUND);
    // Beta's person through alpha's path: the same 404 as a missing id; nothing of Beta leaks.
    let cross = app.get_with_token(&format!("/api/v1/orgs/alpha/people/{}", stranger.id), &token).await;
    assert_problem(&cross, StatusCode::NOT_FOUND);
    assert!(!cross.body.contains("Beta Person"));
    let missing = app
        .get_with_token(&format!("/api/v1/orgs/alpha/people/{}", reachin_domain::PersonId::generate()), &token)
        .await;
    assert_eq!(cross.body, missing.body);
    let garbage = app.get_with_token("/api/v1/orgs/alpha/people/1%27%20OR%201=1", &token).await;
    assert_problem(&garbage, StatusCode::NOT_FOUND);

    // A manager from another organisation cannot be linked either.
    let res = app
        .post_json_with_token(
            "/api/v1/orgs/alpha/people",
            &token,
            &format!(r#"{{"name": "Ann Lee", "manager_id": "{}"}}"#, stranger.id),
        )
        .await;
    assert_problem(&res, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = res.json()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("not in this organisation's directory"), "{detail}");
}

#[tokio::test]
async fn paging_parameters_are_checked() {
    let (app, _org, token) = admin_app().await;
    assert_problem(
        &app.get_with_token("/api/v1/orgs/alpha/people?limit=0", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_problem(&app.get_with_token("/api/v1/orgs/alpha/people?limit=abc", &token).await, StatusCode::BAD_REQUEST);
    assert_problem(&app.get_with_token("/api/v1/orgs/alpha/people?colour=red", &token).await, StatusCode::BAD_REQUEST);
    let ok = app.get_with_token("/api/v1/orgs/alpha/people?limit=1&offset=0", &token).await;
    assert_eq!(ok.json()["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_double_submit_creates_one_person() {
    let (app, org, token) = admin_app().await;
    let body = r#"{"name": "Ann Lee", "employee_id": "E1"}"#;
    let (a, b) = tokio::join!(
        app.post_json_with_token("/api/v1/orgs/alpha/people", &token, body),
        app.post_json_with_token("/api/v1/orgs/alpha/people", &token, body)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    assert_eq!(people_count(&app, &org).await, 2);
}

#[tokio::test]
async fn a_person_is_replaced_with_put_and_bad_puts_change_nothing() {
    let (app, org, token) = admin_app().await;
    let p = app.person(&org, "Old Name").await;
    let put = |body: &'static str, id: String| {
        let app = &app;
        let token = token.clone();
        async move {
            let req = axum::http::Request::put(format!("/api/v1/orgs/alpha/people/{id}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap();
            app.send(req).await
        }
    };
    let ok = put(r#"{"name": "New Name", "profession": "nurse"}"#, p.id.to_string()).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["name"], "New Name");
    let bad = put(r#"{"name": ""}"#, p.id.to_string()).await;
    assert_problem(&bad, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = put(r#"{"name": "X"}"#, reachin_domain::PersonId::generate().to_string()).await;
    assert_problem(&missing, StatusCode::NOT_FOUND);
    let stored = directory::by_id(&app.db, org.id, p.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "New Name");
}
