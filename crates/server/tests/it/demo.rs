//! The demo installation: populated, with a sign-in for each role, and created only once.

use axum::http::StatusCode;
use reachin_domain::org::OrgSlug;
use reachin_store::{directory, orgs, users};

use crate::support::TestApp;

#[tokio::test]
async fn the_demo_is_populated_once_and_every_sign_in_works() {
    let app = TestApp::new().await;
    reachin_server::demo::seed(&app.state).await.unwrap();
    let demo = orgs::by_slug(&app.db, &"demo".parse::<OrgSlug>().unwrap()).await.unwrap().unwrap();
    let people = directory::count(&app.db, demo.id).await.unwrap();
    assert!((190..=220).contains(&people), "{people} people");
    let supporters = users::count_with_role(&app.db, demo.id, reachin_domain::Role::Supporter).await.unwrap();
    assert_eq!(supporters, 12);

    // A restart adds nothing.
    reachin_server::demo::seed(&app.state).await.unwrap();
    assert_eq!(directory::count(&app.db, demo.id).await.unwrap(), people);
    assert_eq!(orgs::list(&app.db).await.unwrap().len(), 2);

    for (email, home) in [
        ("coordinator@demo.reachin.test", "/o/demo/coordinator"),
        ("supporter@demo.reachin.test", "/o/demo/supporter"),
        ("leader@demo.reachin.test", "/o/demo/leader"),
        ("admin@demo.reachin.test", "/o/demo/admin"),
        ("operator@demo.reachin.test", "/network"),
        ("coordinator@demo-us.reachin.test", "/o/demo-us/coordinator"),
    ] {
        let res = app
            .post_form("/sign-in", None, &[("email", email), ("password", reachin_server::demo::DEMO_PASSWORD)])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{email}");
        let cookie = crate::support::cookie_pair(&res);
        let b = crate::support::Browser { cookie, csrf: String::new() };
        let landing = app.get_as("/home", &b).await;
        assert_eq!(landing.location(), home, "{email}");
        assert_eq!(app.get_as(home, &b).await.status, StatusCode::OK, "{email}");
    }
}

#[tokio::test]
async fn pages_speak_the_organisations_language() {
    let app = TestApp::new().await;
    reachin_server::demo::seed(&app.state).await.unwrap();
    let us = app
        .post_form(
            "/sign-in",
            None,
            &[("email", "coordinator@demo-us.reachin.test"), ("password", reachin_server::demo::DEMO_PASSWORD)],
        )
        .await;
    let b = crate::support::Browser { cookie: crate::support::cookie_pair(&us), csrf: String::new() };
    let page = app.get_as("/o/demo-us/coordinator", &b).await.body;
    assert!(page.contains("lang=\"en-US\""));
    assert!(page.contains("Mon–Fri, 08:00–16:30"), "the organisation's own working hours");
    assert!(page.contains("program"), "US pages say program");
    let gb = app
        .post_form(
            "/sign-in",
            None,
            &[("email", "coordinator@demo.reachin.test"), ("password", reachin_server::demo::DEMO_PASSWORD)],
        )
        .await;
    let b = crate::support::Browser { cookie: crate::support::cookie_pair(&gb), csrf: String::new() };
    let page = app.get_as("/o/demo/coordinator", &b).await.body;
    assert!(page.contains("lang=\"en-GB\""));
    // 30 Nov 2026 09:00 UTC in London, day first.
    assert!(page.contains("30 November 2026"), "{page}");

    // The directory uses each country's words for grades: a consultant here, an attending there.
    let gb_org = reachin_store::orgs::by_slug(&app.db, &"demo".parse().unwrap()).await.unwrap().unwrap();
    let us_org = reachin_store::orgs::by_slug(&app.db, &"demo-us".parse().unwrap()).await.unwrap().unwrap();
    app.user(Some(&gb_org), "admin@gb.example", &[reachin_domain::Role::OrgAdmin]).await;
    app.user(Some(&us_org), "admin@us.example", &[reachin_domain::Role::OrgAdmin]).await;
    let mut gb_pages = String::new();
    let mut us_pages = String::new();
    let gb = app.sign_in("admin@gb.example").await;
    let us = app.sign_in("admin@us.example").await;
    for page in 1..=5 {
        gb_pages += &app.get_as(&format!("/o/demo/admin/people?page={page}"), &gb).await.body;
        us_pages += &app.get_as(&format!("/o/demo-us/admin/people?page={page}"), &us).await.body;
    }
    assert!(gb_pages.contains("Consultant") && !gb_pages.contains("Attending"));
    assert!(us_pages.contains("Attending physician") && !us_pages.contains("Consultant"));
    assert!(gb_pages.contains("Healthcare assistant") && us_pages.contains("Nursing assistant"));
}
