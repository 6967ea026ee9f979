//! The roster: lifecycle steps with who and when, training and refresher reminders, supporters'
//! own availability, the on-call rota, batch assignment for an event, debriefs and supervision,
//! and the organisation's matching policy.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::SignedDuration;
use reachin_domain::org::Organisation;
use reachin_domain::{PersonId, Role};
use serde_json::{Value, json};

use crate::support::{Browser, TestApp, TestResponse};

struct World {
    app: TestApp,
    org: Organisation,
    coordinator: String,
    cora: Browser,
    sam: Browser,
    sam_token: String,
    sam_person: PersonId,
    kim_person: PersonId,
    subject: PersonId,
}

async fn world() -> World {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let coord = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let kim = app.user(Some(&org), "kim@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    let kim_person = reachin_store::users::person_in(&app.db, org.id, kim).await.unwrap().unwrap();
    app.train(&org, sam_person).await;
    app.train(&org, kim_person).await;
    let subject = app.person(&org, "Dana Subject").await.id;
    let coordinator = app.token(&org, coord).await;
    let sam_token = app.token(&org, sam).await;
    let cora = app.sign_in("cora@alpha.example").await;
    let sam = app.sign_in("sam@alpha.example").await;
    World { app, org, coordinator, cora, sam, sam_token, sam_person, kim_person, subject }
}

impl World {
    async fn api(&self, method: &str, token: &str, path: &str, body: Option<Value>) -> TestResponse {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("/api/v1/orgs/alpha{path}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        self.app.send(req.body(body).unwrap()).await
    }

    async fn open(&self, subject: PersonId, urgency: &str) -> String {
        let body = json!({"subject_id": subject.to_string(), "category": "adverse_event", "urgency": urgency});
        let res = self.api("POST", &self.coordinator, "/cases", Some(body)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["case_id"].as_str().unwrap().to_owned()
    }

    async fn candidates(&self, case: &str) -> Value {
        let res = self.api("GET", &self.coordinator, &format!("/cases/{case}/candidates"), None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.json()
    }

    async fn availability(&self, fields: &[(&str, &str)]) -> TestResponse {
        self.app.post_form("/o/alpha/supporter/availability", Some(&self.sam), fields).await
    }

    async fn supporter_form(&self, person: PersonId, fields: &[(&str, &str)]) -> TestResponse {
        self.app.post_form(&format!("/o/alpha/coordinator/supporters/{person}"), Some(&self.cora), fields).await
    }

    fn today(&self) -> jiff::civil::Date {
        self.app.now().to_zoned_datetime(self.org.time_zone.zone()).date()
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|c| c["person_id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_supporter_moves_one_lifecycle_step_at_a_time_with_who_and_when() {
    let w = world().await;
    let nina = reachin_domain::directory::PersonInput {
        name: "Nina Nominee".into(),
        email: Some("nina@alpha.example".into()),
        ..Default::default()
    }
    .parse(w.org.id, PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&w.app.db, &nina, w.app.now()).await.unwrap();

    // Nobody outside the directory can be nominated.
    let res = w.app.post_form("/o/alpha/coordinator/supporters", Some(&w.cora), &[("who", "x@alpha.example")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = w.app.post_form("/o/alpha/coordinator/supporters", Some(&w.cora), &[("who", "nina@alpha.example")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = w.app.get_as(res.location(), &w.cora).await;
    assert!(page.body.contains("Nina Nominee") && page.body.contains("Nominated"), "{}", page.body);
    assert!(page.body.contains("No supporter sign-in yet"));

    // Forward one step; skipping training is refused; a stale form changes nothing.
    let step = |from: &'static str, to: &'static str| [("action", "step"), ("from", from), ("to", to)];
    assert_eq!(w.supporter_form(nina.id, &step("nominated", "approved")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(w.supporter_form(nina.id, &step("approved", "active")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.supporter_form(nina.id, &step("nominated", "approved")).await.status, StatusCode::CONFLICT);
    // Through the API too, with the same rules.
    let put = w
        .api(
            "PUT",
            &w.coordinator,
            &format!("/supporters/{}/status", nina.id),
            Some(json!({"from": "approved", "to": "trained"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.json()["status"], "trained");
    let stale = w
        .api(
            "PUT",
            &w.coordinator,
            &format!("/supporters/{}/status", nina.id),
            Some(json!({"from": "approved", "to": "trained"})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    let steps = reachin_store::roster::steps(&w.app.db, w.org.id, nina.id).await.unwrap();
    let codes: Vec<_> = steps.iter().map(|s| s.status.code()).collect();
    assert_eq!(codes, ["nominated", "approved", "trained"]);
    let cora =
        reachin_store::users::by_email(&w.app.db, &"cora@alpha.example".parse().unwrap()).await.unwrap().unwrap();
    assert!(steps.iter().all(|s| s.by.as_deref() == Some(cora.display_name.as_str())), "who took each step");

    // A supporter sign-in without a roster row counts as active, and can be paused.
    assert_eq!(w.supporter_form(w.sam_person, &step("active", "paused")).await.status, StatusCode::SEE_OTHER);
    let case = w.open(w.subject, "routine").await;
    let c = w.candidates(&case).await;
    assert!(!ids(&c["ranked"]).contains(&w.sam_person.to_string()), "a paused supporter is not proposed");

    // Another organisation's person, or someone not on the roster, is not found.
    let other = w.app.org("beta").await;
    let stranger = w.app.person(&other, "Bea Beta").await;
    let res = w.app.get_as(&format!("/o/alpha/coordinator/supporters/{}", stranger.id), &w.cora).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = w.app.get_as(&format!("/o/alpha/coordinator/supporters/{}", w.subject), &w.cora).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expiring_training_sends_one_refresher_then_blocks_assignment_until_renewed() {
    let w = world().await;
    let now = w.app.now();
    let day = SignedDuration::from_hours(24);
    // Kim's only training expires in 20 days.
    sqlx::query("DELETE FROM trainings WHERE person_id = $1")
        .bind(w.kim_person.to_string())
        .execute(w.app.db.writer())
        .await
        .unwrap();
    reachin_store::roster::add_training(&w.app.db, w.org.id, w.kim_person, "Core", now - day * 700, now + day * 20)
        .await
        .unwrap();
    w.app.run_jobs().await;
    let refreshers: Vec<_> = w.app.mailbox().into_iter().filter(|(_, s, _)| s.contains("training expires")).collect();
    assert_eq!(refreshers.len(), 1, "{refreshers:?}");
    assert_eq!(refreshers[0].0, "kim@alpha.example");
    w.app.run_jobs().await;
    assert_eq!(w.app.mailbox().iter().filter(|(_, s, _)| s.contains("training expires")).count(), 1, "only once");

    w.app.clock.advance(day * 21);
    let case = w.open(w.subject, "routine").await;
    let c = w.candidates(&case).await;
    assert!(!ids(&c["ranked"]).contains(&w.kim_person.to_string()));
    let kim = c["excluded"].as_array().unwrap().iter().find(|e| e["person_id"] == w.kim_person.to_string()).unwrap();
    assert!(kim["reasons"].to_string().contains("training has lapsed"), "{kim}");
    // Assigning anyway is refused with the reason.
    let version = w.api("GET", &w.coordinator, &format!("/cases/{case}"), None).await.json()["version"].clone();
    let res = w
        .api(
            "POST",
            &w.coordinator,
            &format!("/cases/{case}/actions"),
            Some(json!({"action": "assign", "supporter_id": w.kim_person.to_string(), "version": version})),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    // Renewed: proposed again. Bad training records are refused.
    let today = w.today();
    let bad = w
        .api(
            "POST",
            &w.coordinator,
            &format!("/supporters/{}/trainings", w.kim_person),
            Some(json!({"course": "Refresher", "completed": today.to_string(), "expires": today.to_string()})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let future = today.checked_add(jiff::Span::new().days(3)).unwrap();
    let bad = w
        .api(
            "POST",
            &w.coordinator,
            &format!("/supporters/{}/trainings", w.kim_person),
            Some(json!({"course": "Refresher", "completed": future.to_string(), "expires": "2030-01-01"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = w
        .api(
            "POST",
            &w.coordinator,
            &format!("/supporters/{}/trainings", w.kim_person),
            Some(json!({"course": "Refresher", "completed": today.to_string(), "expires": "2030-01-01"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.json()["training"], "current");
    assert!(ids(&w.candidates(&case).await["ranked"]).contains(&w.kim_person.to_string()));
}

#[tokio::test]
async fn a_supporter_sets_their_own_availability_and_away_is_not_proposed() {
    let w = world().await;
    let case = w.open(w.subject, "routine").await;
    assert!(ids(&w.candidates(&case).await["ranked"]).contains(&w.sam_person.to_string()));
    let page = w.app.get_as("/o/alpha/supporter/availability", &w.sam).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("My availability"));

    let today = w.today().to_string();
    let in_a_week = w.today().checked_add(jiff::Span::new().days(7)).unwrap().to_string();
    let res = w.availability(&[("action", "add_away"), ("starts", &today), ("ends", &in_a_week)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let c = w.candidates(&case).await;
    assert!(!ids(&c["ranked"]).contains(&w.sam_person.to_string()), "away is not proposed");
    let sam = c["excluded"].as_array().unwrap().iter().find(|e| e["person_id"] == w.sam_person.to_string()).unwrap();
    assert!(sam["reasons"].to_string().contains("away"));
    // The case page offers only eligible supporters.
    let page = w.app.get_as(&format!("/o/alpha/cases/{case}"), &w.cora).await;
    assert!(!page.body.contains(&format!("value=\"{}\"", w.sam_person)), "an away supporter is not in the picker");
    assert!(page.body.contains(&format!("value=\"{}\"", w.kim_person)));

    // Bad periods change nothing.
    let yesterday = w.today().yesterday().unwrap().to_string();
    let far = w.today().checked_add(jiff::Span::new().days(400)).unwrap().to_string();
    for (starts, ends) in [(&in_a_week, &today), (&yesterday, &yesterday), (&today, &far), (&"soon".to_owned(), &today)]
    {
        let res = w.availability(&[("action", "add_away"), ("starts", starts), ("ends", ends)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{starts} – {ends}");
    }
    let away = reachin_store::roster::periods(
        &w.app.db,
        reachin_store::roster::PeriodKind::Away,
        w.org.id,
        Some(w.sam_person),
        w.app.now(),
    )
    .await
    .unwrap();
    assert_eq!(away.len(), 1);

    // Kim's periods are not Sam's to remove.
    let kims = reachin_store::roster::add_period(
        &w.app.db,
        reachin_store::roster::PeriodKind::Away,
        w.org.id,
        w.kim_person,
        w.app.now(),
        w.app.now() + SignedDuration::from_hours(48),
    )
    .await
    .unwrap();
    let res = w.availability(&[("action", "remove_away"), ("id", &kims)]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Sam removes their own: proposed again.
    assert_eq!(w.availability(&[("action", "remove_away"), ("id", &away[0].id)]).await.status, StatusCode::SEE_OTHER);
    assert!(ids(&w.candidates(&case).await["ranked"]).contains(&w.sam_person.to_string()));

    // The same through the API.
    let res = w.api("POST", &w.sam_token, "/my-away-periods", Some(json!({"from": today, "until": in_a_week}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(!ids(&w.candidates(&case).await["ranked"]).contains(&w.sam_person.to_string()));

    // Cap and profile: checked, then kept.
    assert_eq!(w.availability(&[("action", "cap"), ("cap", "0")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.availability(&[("action", "cap"), ("cap", "11")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.availability(&[("action", "cap"), ("cap", "5")]).await.status, StatusCode::SEE_OTHER);
    let res = w.availability(&[("action", "profile"), ("gender", "other"), ("languages", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res =
        w.availability(&[("action", "profile"), ("gender", "woman"), ("languages", "Welsh, Polish, welsh")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let entry = reachin_store::roster::roster(&w.app.db, w.org.id, Some(w.sam_person), w.app.now()).await.unwrap();
    assert_eq!(entry[0].cap, 5);
    assert_eq!(entry[0].gender.as_deref(), Some("woman"));
    assert_eq!(entry[0].languages, ["Welsh", "Polish"]);
    assert_eq!(w.availability(&[("action", "sing")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A coordinator enters time away for a supporter who phoned in sick; bad dates are refused.
    let bad = w.supporter_form(w.kim_person, &[("action", "add_away"), ("starts", &in_a_week), ("ends", &today)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = w.supporter_form(w.kim_person, &[("action", "add_away"), ("starts", &today), ("ends", &in_a_week)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(!ids(&w.candidates(&case).await["ranked"]).contains(&w.kim_person.to_string()));
}

#[tokio::test]
async fn an_urgent_case_proposes_the_on_call_supporter_first() {
    let w = world().await;
    let now = w.app.now();
    // Kim is busier (so ranked lower) but on call.
    reachin_store::roster::set_cap(&w.app.db, w.org.id, w.kim_person, 5, now).await.unwrap();
    let other = w.app.person(&w.org, "Other Colleague").await.id;
    crate::cases::open_case_held_by(&w.app, &w.org, other, w.kim_person).await;
    let routine = w.open(w.subject, "routine").await;
    assert_eq!(ids(&w.candidates(&routine).await["ranked"])[0], w.sam_person.to_string());

    let from = now.to_zoned_datetime(w.org.time_zone.zone()).datetime();
    let from = format!("{}", from.strftime("%Y-%m-%dT%H:%M"));
    let until = (now + SignedDuration::from_hours(48)).to_zoned_datetime(w.org.time_zone.zone()).datetime();
    let until = format!("{}", until.strftime("%Y-%m-%dT%H:%M"));
    let res = w.supporter_form(w.kim_person, &[("action", "add_on_call"), ("starts", &from), ("ends", &until)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let another = w.app.person(&w.org, "Urgent Colleague").await.id;
    let urgent = w.open(another, "urgent").await;
    let c = w.candidates(&urgent).await;
    assert_eq!(ids(&c["ranked"])[0], w.kim_person.to_string());
    assert!(c["ranked"][0]["reasons"].to_string().contains("on call now"));
    // A routine case keeps the ranking.
    assert_eq!(ids(&w.candidates(&routine).await["ranked"])[0], w.sam_person.to_string());
    let roster = w.app.get_as("/o/alpha/coordinator/supporters", &w.cora).await;
    assert!(roster.body.contains("On call"));
}

#[tokio::test]
async fn an_events_cases_are_assigned_in_one_step_within_caps_and_exclusions() {
    let w = world().await;
    let now = w.app.now();
    let mut emails = Vec::new();
    for i in 0..3 {
        let p = reachin_domain::directory::PersonInput {
            name: format!("Event Person {i}"),
            email: Some(format!("e{i}@alpha.example")),
            ..Default::default()
        }
        .parse(w.org.id, PersonId::generate())
        .unwrap();
        reachin_store::directory::insert(&w.app.db, &p, now).await.unwrap();
        emails.push(json!({"email": format!("e{i}@alpha.example")}));
    }
    // A third supporter, Lee, was involved in the event: never proposed for its cases.
    let lee = w.app.user(Some(&w.org), "lee@alpha.example", &[Role::Supporter]).await;
    let lee_person = reachin_store::users::person_in(&w.app.db, w.org.id, lee).await.unwrap().unwrap();
    w.app.train(&w.org, lee_person).await;
    let mut lee_entry = reachin_store::directory::by_id(&w.app.db, w.org.id, lee_person).await.unwrap().unwrap();
    lee_entry.email = Some("lee@alpha.example".parse().unwrap());
    reachin_store::directory::update(&w.app.db, &lee_entry, now).await.unwrap();
    emails.push(json!({"email": "lee@alpha.example"}));
    reachin_store::roster::set_cap(&w.app.db, w.org.id, w.sam_person, 1, now).await.unwrap();
    let made = w
        .api(
            "POST",
            &w.coordinator,
            "/safety-events",
            Some(json!({"reference": "INC-9", "category": "unexpected_death", "involved": emails})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let event = made.json()["event_id"].as_str().unwrap().to_owned();

    let plan = w.api("GET", &w.coordinator, &format!("/safety-events/{event}/batch"), None).await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    let plan = plan.json();
    let cases = plan["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4, "Lee has a case of their own: {plan}");
    let chosen: Vec<String> =
        cases.iter().filter_map(|c| c["proposed"]["person_id"].as_str().map(str::to_owned)).collect();
    assert_eq!(chosen.len(), 4, "Sam's one place and Kim's three cover the four cases: {plan}");
    assert_eq!(chosen.iter().filter(|p| **p == w.sam_person.to_string()).count(), 1, "Sam's cap is one");
    assert!(!chosen.contains(&lee_person.to_string()), "involved in the event");
    for c in cases {
        assert!(!ids(&c["eligible"]).contains(&lee_person.to_string()));
    }

    // The page shows the same plan.
    let page = w.app.get_as(&format!("/o/alpha/coordinator/events/{event}/batch"), &w.cora).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Event Person 0"));

    // Confirm with one stale line: the others go through, the stale one says why.
    let mut lines: Vec<Value> = cases
        .iter()
        .map(|c| json!({"case_id": c["case_id"], "version": c["version"], "supporter_id": c["proposed"]["person_id"]}))
        .collect();
    lines[0]["version"] = json!(99);
    // A case outside the event makes the whole confirmation refused, with nothing changed.
    let outside = w.open(w.subject, "routine").await;
    let mut with_outside = lines.clone();
    with_outside.push(json!({"case_id": outside, "version": 0, "supporter_id": w.kim_person.to_string()}));
    let res = w
        .api(
            "POST",
            &w.coordinator,
            &format!("/safety-events/{event}/batch"),
            Some(json!({"assignments": with_outside})),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = w
        .api("POST", &w.coordinator, &format!("/safety-events/{event}/batch"), Some(json!({"assignments": lines})))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let results = res.json();
    let assigned: Vec<bool> = results.as_array().unwrap().iter().map(|r| r["assigned"].as_bool().unwrap()).collect();
    assert_eq!(assigned.iter().filter(|a| **a).count(), 3, "{results}");
    let refused = results.as_array().unwrap().iter().find(|r| !r["assigned"].as_bool().unwrap()).unwrap();
    assert!(refused["problem"].as_str().unwrap().contains("changed"), "{refused}");
    // Caps held: Sam holds at most one case.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases WHERE supporter_id = $1 AND state = 'assigned'")
        .bind(w.sam_person.to_string())
        .fetch_one(w.app.db.reader())
        .await
        .unwrap();
    assert!(n <= 1);
    // Another organisation's event, or an unknown one, is not found.
    let res = w.api("GET", &w.coordinator, &format!("/safety-events/{}/batch", uuid::Uuid::now_v7()), None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn debriefs_and_supervision_show_on_the_roster() {
    let w = world().await;
    assert_eq!(w.availability(&[("action", "debrief")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(w.availability(&[("action", "debrief")]).await.status, StatusCode::SEE_OTHER);
    let asked: Vec<_> = w.app.mailbox().into_iter().filter(|(_, s, _)| s.contains("debrief")).collect();
    assert_eq!(asked.len(), 1, "one request, one email: {asked:?}");
    assert_eq!(asked[0].0, "cora@alpha.example");
    let list = w.api("GET", &w.coordinator, "/supporters", None).await.json();
    let sam = list.as_array().unwrap().iter().find(|s| s["person_id"] == w.sam_person.to_string()).unwrap().clone();
    assert_eq!(sam["debrief_requested"], true);
    assert_eq!(sam["days_since_debrief"], Value::Null);

    w.app.clock.advance(SignedDuration::from_hours(24 * 3));
    // Days later: a new session (the old one has timed out).
    let cora = w.app.sign_in("cora@alpha.example").await;
    let path = format!("/o/alpha/coordinator/supporters/{}", w.sam_person);
    let res = w.app.post_form(&path, Some(&cora), &[("action", "debrief_held")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), path);
    w.app.clock.advance(SignedDuration::from_hours(24 * 2));
    let w = World { cora: w.app.sign_in("cora@alpha.example").await, ..w };
    let list = w.api("GET", &w.coordinator, "/supporters", None).await.json();
    let sam = list.as_array().unwrap().iter().find(|s| s["person_id"] == w.sam_person.to_string()).unwrap().clone();
    assert_eq!(sam["debrief_requested"], false);
    assert_eq!(sam["days_since_debrief"], 2);

    // Supervision: a meeting with attendance; a future date, nobody ticked or a stranger refused.
    let today = w.today().to_string();
    let tomorrow = w.today().tomorrow().unwrap().to_string();
    let sam_box = format!("attended-{}", w.sam_person);
    let post = |fields: Vec<(String, String)>| {
        let w = &w;
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            w.app.post_form("/o/alpha/coordinator/supervision", Some(&w.cora), &f).await.status
        }
    };
    assert_eq!(
        post(vec![("held_on".into(), tomorrow), (sam_box.clone(), "yes".into())]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(post(vec![("held_on".into(), today.clone())]).await, StatusCode::UNPROCESSABLE_ENTITY);
    let other = w.app.org("beta").await;
    let stranger = w.app.person(&other, "Bea Beta").await;
    let stranger_box = format!("attended-{}", stranger.id);
    assert_eq!(
        post(vec![("held_on".into(), today.clone()), (sam_box.clone(), "yes".into()), (stranger_box, "yes".into())])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert!(reachin_store::wellbeing::meetings(&w.app.db, w.org.id, 10).await.unwrap().is_empty(), "nothing recorded");
    assert_eq!(post(vec![("held_on".into(), today.clone()), (sam_box, "yes".into())]).await, StatusCode::SEE_OTHER);
    let list = w.api("GET", &w.coordinator, "/supporters", None).await.json();
    let sam = list.as_array().unwrap().iter().find(|s| s["person_id"] == w.sam_person.to_string()).unwrap().clone();
    assert_eq!(sam["last_supervision"], json!(today));
    let meetings = reachin_store::wellbeing::meetings(&w.app.db, w.org.id, 10).await.unwrap();
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0].attended.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [w.sam_person]);
    let page = w.app.get_as("/o/alpha/coordinator/supervision", &w.cora).await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn the_matching_policy_is_the_organisations_own() {
    let w = world().await;
    let admin = w.app.user(Some(&w.org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let admin = w.app.token(&w.org, admin).await;
    // Sam works in the subject's department.
    for p in [w.sam_person, w.subject] {
        sqlx::query("UPDATE people SET department = 'ICU' WHERE id = $1")
            .bind(p.to_string())
            .execute(w.app.db.writer())
            .await
            .unwrap();
    }
    let case = w.open(w.subject, "routine").await;
    assert!(ids(&w.candidates(&case).await["ranked"]).contains(&w.sam_person.to_string()));
    let mut policy = w.api("GET", &w.coordinator, "/matching-policy", None).await.json();
    assert_eq!(policy["exclude_same_department"], false);
    policy["exclude_same_department"] = json!(true);
    assert_eq!(
        w.api("PUT", &w.coordinator, "/matching-policy", Some(policy.clone())).await.status,
        StatusCode::FORBIDDEN
    );
    let mut heavy = policy.clone();
    heavy["gender"] = json!(100_000);
    assert_eq!(w.api("PUT", &admin, "/matching-policy", Some(heavy)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = w.api("PUT", &admin, "/matching-policy", Some(policy)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let c = w.candidates(&case).await;
    assert!(!ids(&c["ranked"]).contains(&w.sam_person.to_string()));
    assert!(c["excluded"].to_string().contains("same department"));
}
