//! Pulse surveys: opening a wave, one invitation per person, an answer that cannot be linked to
//! anyone, a link that works once, reminders only to those who have not answered, closing, the
//! suppressed survey report, and the private self-check that stores nothing.

use axum::http::StatusCode;
use jiff::SignedDuration;
use reachin_domain::Role;
use reachin_domain::directory::PersonInput;
use reachin_domain::org::Organisation;

use crate::support::TestApp;

/// Adds `n` people in `department` (nurses, practitioners) with email addresses.
pub async fn staff(app: &TestApp, org: &Organisation, department: &str, n: usize) {
    for i in 0..n {
        let email = format!("{}{i}@{}.example", department.to_lowercase(), org.slug);
        add_person(app, org, &format!("{department} Person {i}"), &email, department).await;
    }
}

async fn add_person(
    app: &TestApp,
    org: &Organisation,
    name: &str,
    email: &str,
    department: &str,
) -> reachin_domain::PersonId {
    let p = PersonInput {
        name: name.into(),
        email: Some(email.into()),
        department: Some(department.into()),
        profession: Some("nurse".into()),
        grade: Some("practitioner".into()),
        ..PersonInput::default()
    }
    .parse(org.id, reachin_domain::PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&app.db, &p, app.now()).await.unwrap();
    p.id
}

/// One person in Emergency (nurse, practitioner), numbered `n`.
pub async fn person(app: &TestApp, org: &Organisation, n: usize) -> reachin_domain::PersonId {
    add_person(app, org, &format!("Case Person {n}"), &format!("case{n}@{}.example", org.slug), "Emergency").await
}

/// The links in the invitations emailed so far to each address: (to, token).
fn links(app: &TestApp, org: &str) -> Vec<(String, String)> {
    let marker = format!("/o/{org}/answer/");
    app.mailbox()
        .into_iter()
        .filter_map(|(to, _, body)| {
            let at = body.find(&marker)?;
            let token: String = body[at + marker.len()..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            Some((to, token))
        })
        .collect()
}

fn burnout_answers(level: &str) -> Vec<(&'static str, String)> {
    vec![("burnout", level.to_owned())]
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(app.db.reader()).await.unwrap();
    n
}

async fn open_wave(app: &TestApp, token: &str, departments: &[&str]) -> String {
    let body = serde_json::json!({
        "title": "Autumn pulse",
        "form": {"burnout": true},
        "population": {"departments": departments},
        "days_open": 14
    });
    let res = app.post_json_with_token("/api/v1/orgs/alpha/surveys", token, &body.to_string()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn each_invitee_answers_once_and_the_answer_cannot_be_linked_to_them() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 12).await;
    staff(&app, &org, "Theatres", 3).await;
    let coordinator = app.user(Some(&org), "coord@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, coordinator).await;
    let wave = open_wave(&app, &token, &["Emergency", "Theatres"]).await;
    app.run_jobs().await;
    let invited = links(&app, "alpha");
    assert_eq!(invited.len(), 15, "one invitation per person of the population");
    assert!(invited.iter().all(|(to, _)| to.contains("emergency") || to.contains("theatres")));

    // The answering page needs no account.
    let (_, first) = &invited[0];
    let page = app.get(&format!("/o/alpha/answer/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"burnout\""), "{}", page.body);

    // A bad answer is refused and spends nothing.
    let bad = app.post_form(&format!("/o/alpha/answer/{first}"), None, &[("burnout", "9")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = app.post_form(&format!("/o/alpha/answer/{first}"), None, &[]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_answers").await, 0);

    for (i, (_, t)) in invited.iter().enumerate() {
        let level = if i % 3 == 0 { "4" } else { "2" };
        let fields = burnout_answers(level);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.post_form(&format!("/o/alpha/answer/{t}"), None, &fields).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    // The same link again: refused, nothing stored twice.
    let again = app.post_form(&format!("/o/alpha/answer/{first}"), None, &[("burnout", "1")]).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert_eq!(app.get(&format!("/o/alpha/answer/{first}")).await.status, StatusCode::GONE);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_answers").await, 15);

    // Unlinkable: the answer row knows the wave, the day and the group, nothing else.
    let mut columns: Vec<String> = reachin_store::schema::describe(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|line| {
            line.strip_prefix("survey_answers.").map(|c| c.split(' ').next().unwrap_or_default().to_owned())
        })
        .collect();
    columns.sort();
    assert_eq!(
        columns,
        ["answered_on", "answers", "department", "grade", "id", "org_id", "profession", "wave_id"],
        "no person, invitation, time of day, address or user agent"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_answers WHERE answered_on = '2026-11-30'").await, 15);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_invitations WHERE token_hash IS NOT NULL").await, 0);
    let hash = reachin_server::auth::secrets::hash(first);
    for (table, sql) in [
        ("answers", format!("SELECT COUNT(*) FROM survey_answers WHERE answers LIKE '%{hash}%' OR id LIKE '%{hash}%'")),
        ("invitations", format!("SELECT COUNT(*) FROM survey_invitations WHERE token_hash = '{hash}'")),
    ] {
        assert_eq!(count(&app, &sql).await, 0, "the spent token is kept nowhere ({table})");
    }

    // While the wave is open, its report shows nothing: each answer would show in the change.
    let open = app.get_with_token(&format!("/api/v1/orgs/alpha/reports/surveys/{wave}"), &token).await;
    assert!(open.json()["groups"][0]["respondents"].is_null(), "{}", open.body);
    assert_eq!(open.json()["wave"]["answered"], 15, "progress shows once it reaches the floor");
    app.clock.advance(SignedDuration::from_hours(24 * 15));
    app.run_jobs().await;

    // The report: 12 in Emergency, 3 in Theatres. Theatres is below the floor, and Emergency
    // must go too, or 15 − 12 would give Theatres away.
    let report = app.get_with_token(&format!("/api/v1/orgs/alpha/reports/surveys/{wave}"), &token).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let groups = report.json()["groups"].as_array().unwrap().clone();
    let find = |dim: &str, group: &str| {
        groups.iter().find(|g| g["breakdown"] == dim && g["group"] == group).cloned().unwrap_or_default()
    };
    assert_eq!(find("all", "")["respondents"], 15);
    assert_eq!(find("all", "")["burnout_share"].as_f64().map(|s| (s * 15.0).round()), Some(5.0));
    assert!(find("department", "Emergency")["respondents"].is_null(), "{groups:?}");
    assert!(find("department", "Theatres")["respondents"].is_null());
    assert!(find("department", "Theatres")["burnout_share"].is_null());
    // Everyone is a nurse: that group is the whole wave, shown.
    assert_eq!(find("profession", "nurse")["respondents"], 15);
    // A profession nobody has reads the same as a held-back one.
    assert!(find("profession", "doctor")["respondents"].is_null());
}

#[tokio::test]
async fn reminders_go_only_to_those_who_have_not_answered_and_a_closed_wave_takes_no_answers() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 10).await;
    let leader = app.user(Some(&org), "lead@alpha.example", &[Role::Leader]).await;
    let token = app.token(&org, leader).await;
    open_wave(&app, &token, &[]).await;
    app.run_jobs().await;
    let invited = links(&app, "alpha");
    // Everyone in the directory is invited: the ten staff and the leader's own entry, which has no
    // email address, so ten emails.
    assert_eq!(invited.len(), 10);
    for (_, t) in invited.iter().take(4) {
        let res = app.post_form(&format!("/o/alpha/answer/{t}"), None, &[("burnout", "1")]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let answered: Vec<String> = invited.iter().take(4).map(|(to, _)| to.clone()).collect();

    app.clock.advance(SignedDuration::from_hours(24 * 3 + 1));
    app.run_jobs().await;
    app.run_jobs().await;
    let reminders: Vec<(String, String, String)> =
        app.mailbox().into_iter().filter(|(_, subject, _)| subject.starts_with("Reminder")).collect();
    assert_eq!(reminders.len(), 6, "one reminder to each who has not answered");
    assert!(reminders.iter().all(|(to, _, _)| !answered.contains(to)));
    // A reminder's link replaces the first: the old one no longer works.
    let old = &invited[5].1;
    assert_eq!(app.get(&format!("/o/alpha/answer/{old}")).await.status, StatusCode::GONE);
    // No second reminder.
    app.clock.advance(SignedDuration::from_hours(24 * 3));
    app.run_jobs().await;
    assert_eq!(app.mailbox().iter().filter(|(_, s, _)| s.starts_with("Reminder")).count(), 6);

    // Past its closing time the wave closes; its invitations (who was asked) go.
    let fresh = links(&app, "alpha").last().unwrap().1.clone();
    app.clock.advance(SignedDuration::from_hours(24 * 9));
    app.run_jobs().await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves WHERE closed_at IS NOT NULL").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_invitations").await, 0);
    let late = app.post_form(&format!("/o/alpha/answer/{fresh}"), None, &[("burnout", "1")]).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_answers").await, 4);
    assert_eq!(count(&app, "SELECT answered FROM survey_waves").await, 4);
    assert_eq!(count(&app, "SELECT invited FROM survey_waves").await, 11);
}

#[tokio::test]
async fn a_wave_is_checked_before_anything_is_sent() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 6).await;
    let coordinator = app.user(Some(&org), "coord@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, coordinator).await;
    let post = |body: serde_json::Value| {
        let token = token.clone();
        let app = &app;
        async move { app.post_json_with_token("/api/v1/orgs/alpha/surveys", &token, &body.to_string()).await }
    };
    // Fewer people than the floor: its answers could never be shown.
    let small = post(serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 7})).await;
    assert_eq!(small.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", small.body);
    assert!(small.body.contains("Fewer than 10"), "{}", small.body);
    staff(&app, &org, "Theatres", 6).await;
    for bad in [
        serde_json::json!({"title": "T", "form": {}, "days_open": 7}),
        serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 0}),
        serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 61}),
        serde_json::json!({"title": "", "form": {"burnout": true}, "days_open": 7}),
        serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 7, "population": {"departments": ["Nowhere"]}}),
        serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 7, "population": {"grades": ["admiral"]}}),
        serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 7, "extra": 1}),
    ] {
        let res = post(bad.clone()).await;
        assert!(res.status.is_client_error(), "{bad}: {} {}", res.status, res.body);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs").await, 0);
    // The same form sent twice opens one wave.
    let keyed = serde_json::json!({"title": "T", "form": {"burnout": true}, "days_open": 7, "form_key": "k-1"});
    let first = post(keyed.clone()).await;
    let second = post(keyed).await;
    assert_eq!((first.status, second.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first.json()["id"], second.json()["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves").await, 1);
    sqlx::query("DELETE FROM jobs").execute(app.db.writer()).await.unwrap();
    sqlx::query("DELETE FROM survey_invitations").execute(app.db.writer()).await.unwrap();
    sqlx::query("DELETE FROM survey_waves").execute(app.db.writer()).await.unwrap();
    // Another organisation's wave is not there.
    let other = app.org("beta").await;
    staff(&app, &other, "Emergency", 10).await;
    let beta_coord = app.user(Some(&other), "coord@beta.example", &[Role::Coordinator]).await;
    let beta_token = app.token(&other, beta_coord).await;
    let body = serde_json::json!({"title": "Beta", "form": {"burnout": true}, "days_open": 7});
    let made = app.post_json_with_token("/api/v1/orgs/beta/surveys", &beta_token, &body.to_string()).await;
    let beta_wave = made.json()["id"].as_str().unwrap().to_owned();
    let res = app.get_with_token(&format!("/api/v1/orgs/alpha/reports/surveys/{beta_wave}"), &token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.get_with_token("/api/v1/orgs/alpha/reports/surveys/not-a-wave", &token).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_self_check_shows_a_reading_and_stores_nothing() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let mut tables: Vec<String> = reachin_store::schema::describe(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| !l.starts_with("index "))
        .filter_map(|l| l.split('.').next().map(str::to_owned))
        .collect();
    tables.dedup();
    let mut before = Vec::new();
    for t in &tables {
        before.push(count(&app, &format!("SELECT COUNT(*) FROM {t}")).await);
    }
    let page = app.get("/o/alpha/self-check?instrument=mini_z").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), "no-store");
    let fields: Vec<(String, String)> = (1..=10).map(|i| (format!("mini_z.{i}"), "5".to_owned())).collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = app.post_form("/o/alpha/self-check?instrument=mini_z", None, &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("50 out of 50"), "{}", res.body);
    let res = app.post_form("/o/alpha/self-check?instrument=burnout", None, &[("burnout", "5")]).await;
    assert!(res.body.contains("completely burned out"), "{}", res.body);
    assert!(res.body.contains("Please consider getting support now"));
    let res = app.post_form("/o/alpha/self-check?instrument=burnout", None, &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (t, n) in tables.iter().zip(before) {
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM {t}")).await, n, "{t} changed");
    }
    let _ = org;
}

#[tokio::test]
async fn the_new_wave_page_opens_one_wave_however_often_it_is_sent() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 10).await;
    app.user(Some(&org), "coord@alpha.example", &[Role::Coordinator]).await;
    let b = app.sign_in("coord@alpha.example").await;
    let page = app.get_as("/o/alpha/surveys", &b).await;
    assert_eq!(page.status, StatusCode::OK);
    let key = page.body.split("name=\"form_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = [
        ("title", "Winter pulse"),
        ("burnout", "yes"),
        ("department", "Emergency"),
        ("days", "10"),
        ("form_key", key.as_str()),
    ];
    let first = app.post_form("/o/alpha/surveys", Some(&b), &fields).await;
    let second = app.post_form("/o/alpha/surveys", Some(&b), &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), second.location());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves").await, 1);
    assert_eq!(count(&app, "SELECT invited FROM survey_waves").await, 10);
    // A bad form is shown again with its answers and a clear error; nothing is opened.
    let bad = app
        .post_form("/o/alpha/surveys", Some(&b), &[("title", "Spring"), ("days", "10"), ("form_key", "other")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choose at least one thing to ask.") && bad.body.contains("value=\"Spring\""));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves").await, 1);
    // The wave's page, and closing it twice: the second is refused.
    let wave = app.get_as(first.location(), &b).await;
    assert!(wave.body.contains("Winter pulse"));
    let close = format!("{}/close", first.location());
    assert_eq!(app.post_form(&close, Some(&b), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post_form(&close, Some(&b), &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_organisations_own_questions_are_asked_and_reported() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 10).await;
    let leader = app.user(Some(&org), "lee@alpha.example", &[Role::Leader]).await;
    let token = app.token(&org, leader).await;
    let body = serde_json::json!({
        "title": "Shifts",
        "form": {"own": [
            {"code": "shift", "text": "Which shift do you mostly work?", "kind": {"type": "single_choice", "options": ["Days", "Nights"]}},
            {"code": "team", "text": "My team supports me.", "kind": {"type": "likert", "points": 5, "low": "Strongly disagree", "high": "Strongly agree"}}
        ]},
        "population": {"departments": ["Emergency"]},
        "days_open": 7
    });
    let made = app.post_json_with_token("/api/v1/orgs/alpha/surveys", &token, &body.to_string()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["questions"], serde_json::json!(["own.shift", "own.team"]));
    app.run_jobs().await;
    // An answer missing a question comes back with what was chosen still chosen.
    let (_, first) = links(&app, "alpha")[0].clone();
    let partial = app.post_form(&format!("/o/alpha/answer/{first}"), None, &[("own.shift", "2")]).await;
    assert_eq!(partial.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(partial.body.contains("Please answer question 2."), "{}", partial.body);
    assert!(partial.body.contains("name=\"own.shift\" value=\"2\" checked"), "{}", partial.body);
    assert!(!partial.body.contains("name=\"own.shift\" value=\"1\" checked"));
    for (i, (_, t)) in links(&app, "alpha").iter().enumerate() {
        let shift = if i < 6 { "1" } else { "2" };
        let res =
            app.post_form(&format!("/o/alpha/answer/{t}"), None, &[("own.shift", shift), ("own.team", "4")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let b = app.sign_in("lee@alpha.example").await;
    let open = app.get_as("/o/alpha/reports/surveys?by=department", &b).await;
    assert!(open.body.contains("This wave is still open."), "{}", open.body);
    app.clock.advance(SignedDuration::from_hours(24 * 8));
    app.run_jobs().await;
    let b = app.sign_in("lee@alpha.example").await;
    let page = app.get_as("/o/alpha/reports/surveys?by=department", &b).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Days: 60%; Nights: 40%"), "{}", page.body);
    assert!(page.body.contains("<td>4</td>"), "the Likert question's mean");
    let csv = app.get_as("/o/alpha/reports/surveys.csv?by=grade", &b).await;
    assert!(csv.body.starts_with("breakdown,group,respondents,"), "{}", csv.body);
    assert!(csv.body.contains("mean_own.shift,mean_own.team\r\n"));
    assert!(csv.body.contains("\r\nall,,10,"));
}

#[tokio::test]
async fn bad_answers_and_bad_bodies_change_nothing() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    staff(&app, &org, "Emergency", 10).await;
    let coordinator = app.user(Some(&org), "coord@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, coordinator).await;
    open_wave(&app, &token, &[]).await;
    app.run_jobs().await;
    let (_, link) = links(&app, "alpha")[0].clone();
    let path = format!("/o/alpha/answer/{link}");
    for fields in [
        vec![("burnout", "3"), ("mini_z.1", "3")],
        vec![("burnout", "3"), ("burnout", "4")],
        vec![("burnout", "three")],
        vec![("burnout", "0")],
    ] {
        let res = app.post_form(&path, None, &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    let huge = format!("burnout={}", "9".repeat(200 * 1024));
    let big = Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(huge))
        .unwrap();
    assert_eq!(app.send(big).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    let bad_utf8 = Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(b"burnout=%FF%FE".to_vec()))
        .unwrap();
    assert_eq!(app.send(bad_utf8).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_answers").await, 0);
    // The link still works after all that.
    assert_eq!(app.post_form(&path, None, &[("burnout", "2")]).await.status, StatusCode::OK);
    // A wave through the API: malformed JSON is a 400, the wrong media type a 415.
    let waves = count(&app, "SELECT COUNT(*) FROM survey_waves").await;
    let res = app.post_json_with_token("/api/v1/orgs/alpha/surveys", &token, "{\"title\": ").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app
        .send(
            Request::post("/api/v1/orgs/alpha/surveys")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("title=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM survey_waves").await, waves);
}
