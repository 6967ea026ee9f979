//! The public request page: no account, a few fields, the same answer whatever happened.

use axum::http::StatusCode;

use crate::support::TestApp;

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_clinician_asks_for_support_for_themself() {
    let app = TestApp::new().await;
    app.org("alpha").await;
    let form = app.get("/o/alpha/support").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Ask for peer support"));
    assert!(form.body.contains("116 123"), "crisis lines are on the form page too");

    let done = app
        .post_form(
            "/o/alpha/support",
            None,
            &[
                ("for", "self"),
                ("name", "Noor Haddad"),
                ("email", "noor@alpha.example"),
                ("category", "unexpected_death"),
                ("urgent", "yes"),
                ("context", "Lost a patient last night."),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("your request is with us"));
    assert!(done.body.contains("116 123"));
    let (id, source, urgency, context): (String, String, String, Option<String>) =
        sqlx::query_as("SELECT id, source, urgency, intake_context FROM cases")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!((source.as_str(), urgency.as_str()), ("self", "urgent"));
    // Stored sealed; opened only through the store with the organisation's key.
    assert!(context.as_deref().is_some_and(|c| c.starts_with("v1.") && !c.contains("patient")));
    let org = reachin_store::orgs::by_slug(&app.db, &"alpha".parse().unwrap()).await.unwrap().unwrap();
    let case = reachin_store::cases::get(&app.db, org.id, id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(case.intake_context.as_deref(), Some("Lost a patient last night."));

    // Asking again while the case is open joins it, and the answer is the same.
    let again = app
        .post_form(
            "/o/alpha/support",
            None,
            &[("for", "self"), ("name", "Noor Haddad"), ("email", "noor@alpha.example"), ("category", "other")],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("your request is with us"));
    assert_eq!(count(&app, "cases").await, 1);
    assert_eq!(count(&app, "people").await, 1);
}

#[tokio::test]
async fn a_colleague_referral_names_the_colleague_and_adds_nothing_about_the_referrer() {
    let app = TestApp::new().await;
    app.org("alpha").await;
    let done = app
        .post_form(
            "/o/alpha/support",
            None,
            &[
                ("for", "colleague"),
                ("name", "Referring Person"),
                ("email", "ref@alpha.example"),
                ("colleague_name", "Sam Okafor"),
                ("colleague_email", "sam@alpha.example"),
                ("category", "workplace_violence"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let org = reachin_store::orgs::by_slug(&app.db, &"alpha".parse().unwrap()).await.unwrap().unwrap();
    let names: Vec<String> =
        reachin_store::directory::every(&app.db, org.id).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, vec!["Sam Okafor".to_owned()]);
    let (source,): (String,) = sqlx::query_as("SELECT source FROM cases").fetch_one(app.db.reader()).await.unwrap();
    assert_eq!(source, "colleague");
}

#[tokio::test]
async fn a_bad_request_is_explained_and_writes_nothing() {
    let app = TestApp::new().await;
    app.org("alpha").await;
    let r = app
        .post_form(
            "/o/alpha/support",
            None,
            &[
                ("for", "self"),
                ("name", " "),
                ("email", "not-an-email"),
                ("category", "gossip"),
                ("context", &"x".repeat(600)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("role=\"alert\""));
    for says in ["Give a name", "work email", "500 characters", "event categories"] {
        assert!(r.body.contains(says), "{says}");
    }
    assert_eq!(count(&app, "cases").await, 0);
    assert_eq!(count(&app, "people").await, 0);
    assert_eq!(app.get("/o/nowhere/support").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_is_rate_limited_per_address() {
    let app = TestApp::new().await;
    app.org("alpha").await;
    for i in 0..10 {
        let email = format!("p{i}@alpha.example");
        let r = app
            .post_form(
                "/o/alpha/support",
                None,
                &[("for", "self"), ("name", "A Person"), ("email", &email), ("category", "other")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{i}");
    }
    let r = app
        .post_form(
            "/o/alpha/support",
            None,
            &[("for", "self"), ("name", "A Person"), ("email", "p11@alpha.example"), ("category", "other")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("116 123"), "the crisis line is still shown");
    assert_eq!(count(&app, "cases").await, 10);
    app.clock.advance(jiff::SignedDuration::from_mins(61));
    let r = app
        .post_form(
            "/o/alpha/support",
            None,
            &[("for", "self"), ("name", "A Person"), ("email", "p11@alpha.example"), ("category", "other")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_clinician_opts_out_by_confirming_from_their_work_email() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let input = reachin_domain::directory::PersonInput {
        name: "Olu Optout".into(),
        email: Some("olu@alpha.example".into()),
        ..Default::default()
    };
    let person = input.parse(org.id, reachin_domain::PersonId::generate()).unwrap();
    reachin_store::directory::insert(&app.db, &person, app.now()).await.unwrap();

    let unknown = app.post_form("/o/alpha/opt-out", None, &[("email", "nobody@alpha.example")]).await;
    let known = app.post_form("/o/alpha/opt-out", None, &[("email", "olu@alpha.example")]).await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.body, known.body, "the answer does not reveal who is in the directory");
    // The confirmation is sent after the answer (so timing reveals nothing): wait for it.
    let mut mail = app.mailbox();
    for _ in 0..200 {
        if !mail.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        mail = app.mailbox();
    }
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "olu@alpha.example");
    assert!(!reachin_store::events::has_opted_out(&app.db, org.id, person.id).await.unwrap(), "not until confirmed");

    let link = mail[0].2.split_whitespace().find(|l| l.contains("/opt-out/")).unwrap().to_owned();
    let path = &link[link.find("/o/").unwrap()..];
    let confirm = app.get(path).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        !reachin_store::events::has_opted_out(&app.db, org.id, person.id).await.unwrap(),
        "a GET (a link preview) changes nothing"
    );
    let done = app.post_form(path, None, &[]).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(reachin_store::events::has_opted_out(&app.db, org.id, person.id).await.unwrap());
    assert_eq!(app.post_form(path, None, &[]).await.status, StatusCode::GONE, "the link works once");

    // Their own request still goes through.
    let own = app
        .post_form(
            "/o/alpha/support",
            None,
            &[("for", "self"), ("name", "Olu Optout"), ("email", "olu@alpha.example"), ("category", "other")],
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(count(&app, "cases").await, 1);
}

#[tokio::test]
async fn staff_refer_and_coordinators_enter_cases_through_pages() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "cora@alpha.example", &[reachin_domain::Role::Coordinator]).await;
    app.user(Some(&org), "lee@alpha.example", &[reachin_domain::Role::Leader]).await;
    let input = reachin_domain::directory::PersonInput {
        name: "Pat Subject".into(),
        employee_id: Some("E77".into()),
        email: Some("pat@alpha.example".into()),
        ..Default::default()
    };
    let pat = input.parse(org.id, reachin_domain::PersonId::generate()).unwrap();
    reachin_store::directory::insert(&app.db, &pat, app.now()).await.unwrap();

    let lee = app.sign_in("lee@alpha.example").await;
    let form = app.get_as("/o/alpha/refer", &lee).await;
    assert_eq!(form.status, StatusCode::OK);
    let unknown =
        app.post_form("/o/alpha/refer", Some(&lee), &[("person", "who@alpha.example"), ("category", "other")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Nobody in the staff directory"));
    let thanks = app.post_form("/o/alpha/refer", Some(&lee), &[("person", "E77"), ("category", "complaint")]).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(thanks.body.contains("you will not hear more"));
    let (source,): (String,) = sqlx::query_as("SELECT source FROM cases").fetch_one(app.db.reader()).await.unwrap();
    assert_eq!(source, "leader");

    let cora = app.sign_in("cora@alpha.example").await;
    let r = app
        .post_form(
            "/o/alpha/coordinator/cases/new",
            Some(&cora),
            &[("person", "pat@alpha.example"), ("category", "other")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/o/alpha/cases/"));
    assert_eq!(count(&app, "cases").await, 1, "the coordinator's entry joined the open case");
    assert_eq!(count(&app, "case_referrals").await, 2);
}

#[tokio::test]
async fn a_signed_in_member_of_staff_can_use_the_public_request_page_too() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[reachin_domain::Role::Supporter]).await;
    let sam = app.sign_in("sam@alpha.example").await;
    // The browser sends the session cookie with the public form; it carries no session token.
    let req = axum::http::Request::post("/o/alpha/support")
        .header(axum::http::header::COOKIE, &sam.cookie)
        .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("for=self&name=Sam&email=sam%40alpha.example&category=other"))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A signed-in action still needs the token.
    let req = axum::http::Request::post("/sign-out")
        .header(axum::http::header::COOKIE, &sam.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_supporter_sees_that_someone_asked_for_themself_but_never_who_referred_them() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let cora = app.user(Some(&org), "cora@alpha.example", &[reachin_domain::Role::Coordinator]).await;
    let cora = app.token(&org, cora).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[reachin_domain::Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    app.train(&org, sam_person).await;
    for (who, fields) in [
        ("self", vec![("for", "self"), ("name", "Ava Self"), ("email", "ava@alpha.example"), ("category", "other")]),
        (
            "colleague",
            vec![
                ("for", "colleague"),
                ("name", "Ref Errer"),
                ("email", "ref@alpha.example"),
                ("colleague_name", "Col League"),
                ("colleague_email", "col@alpha.example"),
                ("category", "other"),
            ],
        ),
    ] {
        assert_eq!(app.post_form("/o/alpha/support", None, &fields).await.status, StatusCode::OK, "{who}");
    }
    let cases = app.get_with_token("/api/v1/orgs/alpha/cases", &cora).await.json();
    let browser = app.sign_in("sam@alpha.example").await;
    for c in cases.as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let body =
            serde_json::json!({"action": "assign", "version": c["version"], "supporter_id": sam_person.to_string()});
        let r =
            app.post_json_with_token(&format!("/api/v1/orgs/alpha/cases/{id}/actions"), &cora, &body.to_string()).await;
        assert_eq!(r.status, StatusCode::OK);
        let page = app.get_as(&format!("/o/alpha/cases/{id}"), &browser).await.body;
        if c["source"] == "self" {
            assert!(page.contains("Asked for themself"));
        } else {
            assert!(!page.contains("Colleague referral") && !page.contains("Ref Errer"), "the referrer stays unknown");
        }
    }
}
