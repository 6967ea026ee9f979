//! Signing in and out, sessions, CSRF, throttling, tokens, disabling.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::SignedDuration;
use reachin_domain::Role;
use reachin_store::users;

use crate::support::{PASSWORD, TestApp, cookie_pair};

#[tokio::test]
async fn sign_in_sets_a_host_only_secure_cookie_and_lands_on_the_role_home() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;

    let res = app.post_form("/sign-in", None, &[("email", "Cora@Alpha.example"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/home");
    let set_cookie = res.header("set-cookie");
    assert!(set_cookie.starts_with("__Host-reachin-session="), "{set_cookie}");
    for attr in ["Path=/", "HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(set_cookie.contains(attr), "{attr} missing from {set_cookie}");
    }
    let id = cookie_pair(&res).split('=').nth(1).unwrap().to_owned();
    assert!(id.len() >= 32, "session id too short for 128 bits: {id}");

    let home = app.get_as("/home", &crate::support::Browser { cookie: cookie_pair(&res), csrf: String::new() }).await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/o/alpha/coordinator");
}

#[tokio::test]
async fn the_session_id_is_stored_only_as_a_hash_and_changes_at_every_sign_in() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let first = app.sign_in("sam@alpha.example").await;
    let second = app.sign_in("sam@alpha.example").await;
    assert_ne!(first.cookie, second.cookie);
    let raw_id = first.cookie.split('=').nth(1).unwrap();
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT id_hash FROM sessions").fetch_all(app.db.reader()).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|(h,)| h != raw_id));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let wrong =
        app.post_form("/sign-in", None, &[("email", "sam@alpha.example"), ("password", "nope nope nope")]).await;
    let unknown =
        app.post_form("/sign-in", None, &[("email", "who@alpha.example"), ("password", "nope nope nope")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("role=\"alert\""));
    assert_eq!(wrong.body, unknown.body.replace("who@alpha.example", "sam@alpha.example"));
    assert!(wrong.header("set-cookie").is_empty());
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let b = app.sign_in("sam@alpha.example").await;
    let out = app.post_form("/sign-out", Some(&b), &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    // The old cookie, replayed, no longer signs anyone in.
    let again = app.get_as("/o/alpha/supporter", &b).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_and_12_hours_in_all() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let b = app.sign_in("sam@alpha.example").await;

    app.clock.advance(SignedDuration::from_mins(29));
    assert_eq!(app.get_as("/o/alpha/supporter", &b).await.status, StatusCode::OK);
    app.clock.advance(SignedDuration::from_mins(31));
    let idle = app.get_as("/o/alpha/supporter", &b).await;
    assert_eq!(idle.status, StatusCode::SEE_OTHER, "idle session still alive");

    // Busy all day: a request every 20 minutes keeps it alive until the 12-hour limit.
    let b = app.sign_in("sam@alpha.example").await;
    for _ in 0..35 {
        app.clock.advance(SignedDuration::from_mins(20));
        assert_eq!(app.get_as("/o/alpha/supporter", &b).await.status, StatusCode::OK);
    }
    app.clock.advance(SignedDuration::from_mins(20));
    assert_eq!(app.get_as("/o/alpha/supporter", &b).await.status, StatusCode::SEE_OTHER, "session outlived 12 hours");
}

#[tokio::test]
async fn a_state_change_with_the_cookie_but_without_the_token_is_refused() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let b = app.sign_in("sam@alpha.example").await;

    let forged = app
        .send(
            Request::post("/sign-out")
                .header(header::COOKIE, &b.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("csrf_token=guess"))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing =
        app.send(Request::post("/sign-out").header(header::COOKIE, &b.cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    // The session survived the attempts.
    assert_eq!(app.get_as("/o/alpha/supporter", &b).await.status, StatusCode::OK);

    // The right token in the header works too (htmx sends it that way).
    let ok = app
        .send(
            Request::post("/sign-out")
                .header(header::COOKIE, &b.cookie)
                .header("x-csrf-token", &b.csrf)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_without_a_session() {
    let app = TestApp::new().await;
    let res = app
        .send(
            Request::post("/sign-in")
                .header("sec-fetch-site", "cross-site")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("email=a%40b.org&password=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn repeated_failures_slow_the_account_down_but_never_lock_it() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    for _ in 0..3 {
        let r =
            app.post_form("/sign-in", None, &[("email", "sam@alpha.example"), ("password", "wrong wrong wrong")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits its turn…
    let r = app.post_form("/sign-in", None, &[("email", "sam@alpha.example"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), "1");
    // …and hammering from another address does not make the wait exceed ten seconds.
    for i in 0..20u8 {
        app.clock.advance(SignedDuration::from_secs(11));
        let mut req = Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=sam%40alpha.example&password=attacker"))
            .unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, i], 1))));
        app.send(req).await;
    }
    app.clock.advance(SignedDuration::from_secs(10));
    let owner = app.post_form("/sign-in", None, &[("email", "sam@alpha.example"), ("password", PASSWORD)]).await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "the owner was locked out: {}", owner.body);
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_tokens_at_once() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let id = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let b = app.sign_in("cora@alpha.example").await;
    let token = app.token(&org, id).await;
    assert_eq!(app.get_with_token("/api/v1/orgs/alpha", &token).await.status, StatusCode::OK);

    users::disable(&app.db, id).await.unwrap();
    assert_eq!(app.get_as("/o/alpha/coordinator", &b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get_with_token("/api/v1/orgs/alpha", &token).await.status, StatusCode::UNAUTHORIZED);
    let again = app.post_form("/sign-in", None, &[("email", "cora@alpha.example"), ("password", PASSWORD)]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_api_token_acts_as_its_user_in_its_organisation_only() {
    let app = TestApp::new().await;
    let a = app.org("alpha").await;
    let b = app.org("beta").await;
    let id = app.user(Some(&a), "cora@alpha.example", &[Role::Coordinator]).await;
    users::grant(&app.db, b.id, id, None, &[Role::Coordinator], app.now()).await.unwrap();
    let token = app.token(&a, id).await;

    let me = app.get_with_token("/api/v1/me", &token).await.json();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 1, "a token shows only its organisation");
    assert_eq!(app.get_with_token("/api/v1/orgs/alpha", &token).await.status, StatusCode::OK);
    assert_eq!(app.get_with_token("/api/v1/orgs/beta", &token).await.status, StatusCode::NOT_FOUND);

    let bad = app.get_with_token("/api/v1/orgs/alpha", "rin_0000").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.header("content-type"), "application/problem+json");
    assert_eq!(bad.header("www-authenticate"), "Bearer");
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT token_hash FROM api_tokens").fetch_all(app.db.reader()).await.unwrap();
    assert!(stored.iter().all(|(h,)| h != &token), "a token was stored in plain text");
}

#[tokio::test]
async fn sign_in_goes_back_to_the_page_asked_for_but_never_to_another_site() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let gate = app.get("/o/alpha/supporter").await;
    assert_eq!(gate.location(), "/sign-in?next=%2Fo%2Falpha%2Fsupporter");
    let r = app
        .post_form(
            "/sign-in",
            None,
            &[("email", "sam@alpha.example"), ("password", PASSWORD), ("next", "/o/alpha/supporter")],
        )
        .await;
    assert_eq!(r.location(), "/o/alpha/supporter");
    let evil = app
        .post_form(
            "/sign-in",
            None,
            &[("email", "sam@alpha.example"), ("password", PASSWORD), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(evil.location(), "/home");
}
