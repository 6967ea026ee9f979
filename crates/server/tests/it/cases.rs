//! The support case through the API: intake, the duplicate guard, actions, concurrency, safety
//! events, and who may see which case.

use axum::http::StatusCode;
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, PersonId, Role};
use serde_json::{Value, json};

use crate::support::TestApp;

/// Opens a case for `subject` and assigns it to `supporter` (test set-up through the store).
pub async fn open_case_held_by(app: &TestApp, org: &Organisation, subject: PersonId, supporter: PersonId) -> CaseId {
    use reachin_domain::case::{CaseState, Source, Transition, Urgency};
    use reachin_store::cases::{self, CaseChange, NewCase};
    let id = CaseId::generate();
    let new = NewCase {
        id,
        org_id: org.id,
        subject,
        source: Source::Coordinator,
        referrer: None,
        category: "adverse_event".into(),
        event_id: None,
        event_date: None,
        urgency: Urgency::Routine,
        preferences: Default::default(),
        intake_context: None,
        received_at: app.now(),
        first_contact_due_at: app.now(),
        entered_by: None,
        jobs: Vec::new(),
    };
    cases::open_or_join(&app.db, &new).await.unwrap();
    let change = CaseChange {
        case: id,
        org: org.id,
        expected_version: 0,
        transition: Transition { from: CaseState::New, to: CaseState::Assigned, supporter: Some(supporter) },
        action: "assign",
        actor_kind: "coordinator",
        actor_user: None,
        at: app.now(),
        accept_due_at: None,
        contact: None,
        contact_at: None,
        close: None,
        jobs: Vec::new(),
    };
    cases::apply(&app.db, &change).await.unwrap();
    id
}

struct World {
    app: TestApp,
    org: Organisation,
    coordinator: String,
    sam: String,
    sam_person: PersonId,
    kim: String,
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
    let sam = app.token(&org, sam).await;
    let kim = app.token(&org, kim).await;
    World { app, org, coordinator, sam, sam_person, kim, kim_person, subject }
}

impl World {
    async fn post(&self, token: &str, path: &str, body: Value) -> crate::support::TestResponse {
        self.app.post_json_with_token(&format!("/api/v1/orgs/alpha{path}"), token, &body.to_string()).await
    }

    async fn get(&self, token: &str, path: &str) -> crate::support::TestResponse {
        self.app.get_with_token(&format!("/api/v1/orgs/alpha{path}"), token).await
    }

    async fn open(&self) -> String {
        let res = self
            .post(
                &self.coordinator,
                "/cases",
                json!({"subject_id": self.subject.to_string(), "category": "adverse_event"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["case_id"].as_str().unwrap().to_owned()
    }

    async fn act(&self, token: &str, case: &str, body: Value) -> crate::support::TestResponse {
        self.post(token, &format!("/cases/{case}/actions"), body).await
    }

    /// Acts on the case at its current version (for set-up steps that are not about staleness).
    async fn act_now(&self, token: &str, case: &str, mut body: Value) -> crate::support::TestResponse {
        body["version"] = json!(self.version(case).await);
        self.act(token, case, body).await
    }

    async fn version(&self, case: &str) -> i64 {
        self.get(&self.coordinator, &format!("/cases/{case}")).await.json()["version"].as_i64().unwrap()
    }
}

#[tokio::test]
async fn the_core_loop_from_intake_to_closure() {
    let w = world().await;
    let case = w.open().await;
    let view = w.get(&w.coordinator, &format!("/cases/{case}")).await.json();
    assert_eq!(view["state"], "new");
    // Monday 30 Nov 2026 09:00 London + 24 working hours = Wednesday 17:00.
    assert_eq!(view["first_contact_due_at"], "2026-12-02T17:00:00Z");

    let v = w.version(&case).await;
    let r = w
        .act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    assert_eq!(r.json()["state"], "assigned", "{}", r.body);
    let mine = w.get(&w.sam, "/my-cases").await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(w.get(&w.kim, "/my-cases").await.json().as_array().unwrap().is_empty());

    let v = w.version(&case).await;
    assert_eq!(w.act(&w.sam, &case, json!({"action": "accept", "version": v})).await.json()["state"], "accepted");
    let v = w.version(&case).await;
    let r =
        w.act(&w.sam, &case, json!({"action": "log_contact", "version": v, "channel": "phone", "reached": true})).await;
    assert_eq!(r.json()["state"], "contacted");
    assert!(r.json()["first_contact_at"].is_string());
    let v = w.version(&case).await;
    let r =
        w.act(&w.sam, &case, json!({"action": "close", "version": v, "outcome": "supported", "interactions": 2})).await;
    assert_eq!(r.json()["state"], "closed", "{}", r.body);
    assert_eq!(r.json()["interactions"], 2);

    // Acting on a closed case is a clear conflict, and changes nothing.
    let v = w.version(&case).await;
    let again = w.act(&w.sam, &case, json!({"action": "escalate", "version": v})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["detail"].as_str().unwrap().contains("already closed"));
    assert_eq!(w.version(&case).await, v);

    let history = reachin_store::cases::history(&w.app.db, w.org.id, case.parse().unwrap()).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(actions, ["open", "assign", "accept", "log_contact", "close"]);
}

#[tokio::test]
async fn a_decline_returns_the_case_to_the_queue() {
    let w = world().await;
    let case = w.open().await;
    let v = w.version(&case).await;
    w.act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    let v = w.version(&case).await;
    let r = w.act(&w.sam, &case, json!({"action": "decline", "version": v})).await;
    assert_eq!(r.json()["state"], "new");
    assert!(r.json()["supporter_id"].is_null());
    // Declined, it is no longer Sam's: the case is gone from Sam's view.
    assert_eq!(w.get(&w.sam, &format!("/cases/{case}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_coordinators_assigning_at_once_one_wins_the_other_gets_a_conflict() {
    let w = world().await;
    let case = w.open().await;
    let v = w.version(&case).await;
    let (a, b) = tokio::join!(
        w.act(
            &w.coordinator,
            &case,
            json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()})
        ),
        w.act(
            &w.coordinator,
            &case,
            json!({"action": "assign", "version": v, "supporter_id": w.kim_person.to_string()})
        ),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", a.body, b.body);
    let history = reachin_store::cases::history(&w.app.db, w.org.id, case.parse().unwrap()).await.unwrap();
    assert_eq!(history.iter().filter(|t| t.action == "assign").count(), 1, "exactly one assignment recorded");
}

#[tokio::test]
async fn a_stale_form_is_refused() {
    let w = world().await;
    let case = w.open().await;
    let stale = w.version(&case).await;
    w.act(
        &w.coordinator,
        &case,
        json!({"action": "assign", "version": stale, "supporter_id": w.sam_person.to_string()}),
    )
    .await;
    let r = w.act(&w.coordinator, &case, json!({"action": "withdraw", "version": stale})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.json()["detail"].as_str().unwrap().contains("changed this case meanwhile"));
}

#[tokio::test]
async fn supporters_see_and_act_on_only_their_own_cases() {
    let w = world().await;
    let case = w.open().await;
    let v = w.version(&case).await;
    w.act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    let v = w.version(&case).await;
    assert_eq!(w.get(&w.kim, &format!("/cases/{case}")).await.status, StatusCode::NOT_FOUND);
    let r = w.act(&w.kim, &case, json!({"action": "accept", "version": v})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Sam may not assign or withdraw.
    let r = w.act(&w.sam, &case, json!({"action": "withdraw", "version": v})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Supporters never list the queue.
    assert_eq!(w.get(&w.sam, "/cases").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_second_referral_for_someone_with_an_open_case_joins_it() {
    let w = world().await;
    let first = w.open().await;
    let res =
        w.post(&w.coordinator, "/cases", json!({"subject_id": w.subject.to_string(), "category": "complaint"})).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["case_id"], first.as_str());
    assert_eq!(res.json()["joined"], true);
    // A colleague's referral answers the same way whatever happened: they learn nothing.
    let r = w.post(&w.kim, "/referrals", json!({"subject_id": w.subject.to_string(), "category": "complaint"})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json(), json!({"received": true}));
    let open = w.get(&w.coordinator, "/cases").await.json();
    assert_eq!(open.as_array().unwrap().len(), 1);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM case_referrals").fetch_one(w.app.db.reader()).await.unwrap();
    assert_eq!(n, 3);
}

#[tokio::test]
async fn intake_refuses_bad_input_and_writes_nothing() {
    let w = world().await;
    let beta = w.app.org("beta").await;
    let stranger = w.app.person(&beta, "Beta Person").await;
    for (body, says) in [
        (json!({"subject_id": stranger.id.to_string(), "category": "adverse_event"}), "not in this organisation"),
        (json!({"subject_id": w.subject.to_string(), "category": "gossip"}), "category"),
        (
            json!({"subject_id": w.subject.to_string(), "category": "adverse_event", "urgency": "whenever"}),
            "routine or urgent",
        ),
        (
            json!({"subject_id": w.subject.to_string(), "category": "adverse_event", "intake_context": "x".repeat(501)}),
            "500",
        ),
        (
            json!({"subject_id": w.subject.to_string(), "category": "adverse_event", "diagnosis": "anything"}),
            "diagnosis",
        ),
    ] {
        let r = w.post(&w.coordinator, "/cases", body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.json()["detail"].as_str().unwrap().contains(says), "{says}: {}", r.body);
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases").fetch_one(w.app.db.reader()).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn another_organisations_case_is_404() {
    let w = world().await;
    let case = w.open().await;
    let beta = w.app.org("beta").await;
    let beta_coord = w.app.user(Some(&beta), "bo@beta.example", &[Role::Coordinator]).await;
    let token = w.app.token(&beta, beta_coord).await;
    let r = w.app.get_with_token(&format!("/api/v1/orgs/beta/cases/{case}"), &token).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = w
        .app
        .post_json_with_token(
            &format!("/api/v1/orgs/beta/cases/{case}/actions"),
            &token,
            r#"{"action": "withdraw", "version": 0}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(w.version(&case).await, 0);
}

#[tokio::test]
async fn a_safety_event_opens_one_case_per_clinician_skips_opt_outs_and_is_idempotent() {
    let w = world().await;
    let people: Vec<_> = futures_people(&w).await;
    // The third has a standing opt-out from automatic outreach.
    let r = w.post(&w.coordinator, &format!("/people/{}/outreach-opt-out", people[2]), json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let body = json!({
        "reference": "INC-2026-0042",
        "category": "unexpected_death",
        "event_date": "2026-11-28",
        "involved": [
            {"employee_id": "E1"}, {"email": "p2@alpha.example"}, {"employee_id": "E3"}, {"employee_id": "E404"}
        ]
    });
    let r = w.post(&w.coordinator, "/safety-events", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let result = r.json();
    assert_eq!(result["case_ids"].as_array().unwrap().len(), 2);
    assert_eq!(result["opted_out"], 1);
    assert_eq!(result["not_found"], json!([3]));
    let again = w.post(&w.coordinator, "/safety-events", body).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["event_id"], result["event_id"]);
    assert_eq!(again.json()["case_ids"].as_array().unwrap().len(), 2);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases").fetch_one(w.app.db.reader()).await.unwrap();
    assert_eq!(n, 2, "the repeat opened nothing");
    let event = result["event_id"].as_str().unwrap();
    let listed = w.get(&w.coordinator, &format!("/cases?event={event}")).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed.as_array().unwrap().iter().all(|c| c["source"] == "safety_event"));

    // A narrative is refused, not stored.
    let r = w
        .post(
            &w.coordinator,
            "/safety-events",
            json!({"reference": "INC-2", "category": "adverse_event", "involved": [{"employee_id": "E1"}], "narrative": "what happened"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reachin_store::events::by_reference(&w.app.db, w.org.id, "INC-2").await.unwrap().is_none());
}

async fn futures_people(w: &World) -> Vec<PersonId> {
    let mut out = Vec::new();
    for i in 1..=3 {
        let input = reachin_domain::directory::PersonInput {
            name: format!("Person {i}"),
            employee_id: Some(format!("E{i}")),
            email: Some(format!("p{i}@alpha.example")),
            ..Default::default()
        };
        let p = input.parse(w.org.id, PersonId::generate()).unwrap();
        reachin_store::directory::insert(&w.app.db, &p, w.app.now()).await.unwrap();
        out.push(p.id);
    }
    out
}

#[tokio::test]
async fn notifications_and_time_limits_run_as_jobs() {
    let w = world().await;
    let case = w.open().await;
    w.app.run_jobs().await;
    let mail = w.app.mailbox();
    assert_eq!(mail.len(), 1, "the coordinator hears of the new request");
    assert_eq!(mail[0].0, "cora@alpha.example");
    assert!(mail[0].2.contains(&format!("/o/alpha/cases/{case}")), "{}", mail[0].2);
    assert!(!mail[0].2.contains("Dana"), "emails carry a link, never who the case is about");

    let v = w.version(&case).await;
    w.act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    w.app.run_jobs().await;
    let mail = w.app.mailbox();
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[1].0, "sam@alpha.example");
    assert!(mail[1].1.contains("reach in"));

    // Sam does not accept within 4 working hours: the case goes back to the queue.
    w.app.clock.advance(jiff::SignedDuration::from_hours(5));
    w.app.run_jobs().await;
    let view = w.get(&w.coordinator, &format!("/cases/{case}")).await.json();
    assert_eq!(view["state"], "new");
    assert!(view["supporter_id"].is_null());
    let mail = w.app.mailbox();
    assert!(mail.iter().any(|(to, subject, _)| to == "cora@alpha.example" && subject.contains("not accepted in time")));
    let history = reachin_store::cases::history(&w.app.db, w.org.id, case.parse().unwrap()).await.unwrap();
    assert_eq!(history.last().map(|t| t.action.as_str()), Some("assignment_expired"));
    assert_eq!(history.last().map(|t| t.actor_kind.as_str()), Some("system"));

    // Running the jobs again changes nothing: they are idempotent.
    let before = w.version(&case).await;
    let sent = w.app.mailbox().len();
    w.app.run_jobs().await;
    assert_eq!((w.version(&case).await, w.app.mailbox().len()), (before, sent));
}

#[tokio::test]
async fn an_escalation_alerts_the_coordinators_at_once() {
    let w = world().await;
    let case = w.open().await;
    let v = w.version(&case).await;
    w.act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    let v = w.version(&case).await;
    w.act(&w.sam, &case, json!({"action": "accept", "version": v})).await;
    w.app.run_jobs().await;
    let before = w.app.mailbox().len();
    let v = w.version(&case).await;
    let r = w.act(&w.sam, &case, json!({"action": "escalate", "version": v})).await;
    assert_eq!(r.json()["state"], "escalated");
    w.app.run_jobs().await;
    let mail = w.app.mailbox();
    assert_eq!(mail.len(), before + 1);
    assert!(mail.last().unwrap().1.contains("safety concern"));
}

#[tokio::test]
async fn an_accepted_assignment_is_not_timed_out() {
    let w = world().await;
    let case = w.open().await;
    let v = w.version(&case).await;
    w.act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": w.sam_person.to_string()}))
        .await;
    let v = w.version(&case).await;
    w.act(&w.sam, &case, json!({"action": "accept", "version": v})).await;
    w.app.clock.advance(jiff::SignedDuration::from_hours(5));
    w.app.run_jobs().await;
    assert_eq!(w.get(&w.coordinator, &format!("/cases/{case}")).await.json()["state"], "accepted");
    // First contact due (Wednesday 17:00): Sam is reminded; two hours later the coordinators hear.
    w.app.clock.advance(jiff::SignedDuration::from_hours(60));
    w.app.run_jobs().await;
    assert!(w.app.mailbox().iter().any(|(to, s, _)| to == "sam@alpha.example" && s.contains("first contact is due")));
    w.app.clock.advance(jiff::SignedDuration::from_hours(3));
    w.app.run_jobs().await;
    assert!(w.app.mailbox().iter().any(|(to, s, _)| to == "cora@alpha.example" && s.contains("overdue")));
}

#[tokio::test]
async fn concurrent_claims_never_take_the_same_job() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let mut tx = app.db.writer().begin().await.unwrap();
    let jobs: Vec<_> =
        (0..20).map(|_| reachin_server::jobs::case_job("noop", org.id, CaseId::generate(), 0, app.now())).collect();
    reachin_store::jobs::enqueue_in(&mut tx, &jobs, app.now()).await.unwrap();
    tx.commit().await.unwrap();
    let lease = jiff::SignedDuration::from_mins(5);
    let mut claimed = Vec::new();
    for _ in 0..20 {
        let (a, b) = tokio::join!(
            reachin_store::jobs::claim(&app.db, app.now(), lease),
            reachin_store::jobs::claim(&app.db, app.now(), lease)
        );
        claimed.extend([a.unwrap(), b.unwrap()].into_iter().flatten().map(|j| j.id));
    }
    let unique: std::collections::BTreeSet<_> = claimed.iter().collect();
    assert_eq!(claimed.len(), 20, "every job claimed once");
    assert_eq!(unique.len(), 20, "no job claimed twice");
}

#[tokio::test]
async fn resources_are_kept_shown_and_sent_after_a_decline() {
    let w = world().await;
    let r = w
        .post(
            &w.coordinator,
            "/resources",
            json!({"kind": "crisis_line", "name": "Samaritans", "how_to_reach": "116 123", "crisis": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let bad =
        w.post(&w.coordinator, "/resources", json!({"kind": "astrology", "name": "X", "how_to_reach": "Y"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        w.post(&w.sam, "/resources", json!({"kind": "eap", "name": "X", "how_to_reach": "Y"})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(w.get(&w.sam, "/resources").await.json().as_array().unwrap().len(), 1, "supporters can read them");

    // The subject needs an email for the resource sheet.
    let subject = reachin_domain::directory::PersonInput {
        name: "Eli Decliner".into(),
        email: Some("eli@alpha.example".into()),
        ..Default::default()
    }
    .parse(w.org.id, PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&w.app.db, &subject, w.app.now()).await.unwrap();
    let res =
        w.post(&w.coordinator, "/cases", json!({"subject_id": subject.id.to_string(), "category": "complaint"})).await;
    let case = res.json()["case_id"].as_str().unwrap().to_owned();
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
        (&w.sam, json!({"action": "log_contact", "channel": "phone", "reached": true})),
        (&w.sam, json!({"action": "close", "outcome": "declined"})),
    ] {
        let r = w.act_now(token, &case, body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    w.app.run_jobs().await;
    let sheet = w.app.mailbox().into_iter().find(|(to, _, _)| to == "eli@alpha.example").expect("a resource sheet");
    assert!(sheet.2.contains("Samaritans: 116 123"), "{}", sheet.2);
    assert!(!sheet.2.contains("complaint"), "the sheet says nothing about the case");
}

#[tokio::test]
async fn anonymous_feedback_after_a_supported_case_can_be_given_once() {
    let w = world().await;
    let subject = reachin_domain::directory::PersonInput {
        name: "Fay Feedback".into(),
        email: Some("fay@alpha.example".into()),
        ..Default::default()
    }
    .parse(w.org.id, PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&w.app.db, &subject, w.app.now()).await.unwrap();
    let res =
        w.post(&w.coordinator, "/cases", json!({"subject_id": subject.id.to_string(), "category": "burnout"})).await;
    let case = res.json()["case_id"].as_str().unwrap().to_owned();
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
        (&w.sam, json!({"action": "log_contact", "channel": "in_person", "reached": true})),
        (&w.sam, json!({"action": "close", "outcome": "supported", "interactions": 2})),
    ] {
        assert_eq!(w.act_now(token, &case, body).await.status, StatusCode::OK);
    }
    w.app.run_jobs().await;
    assert!(!w.app.mailbox().iter().any(|(to, _, _)| to == "fay@alpha.example"), "not straight away");
    w.app.clock.advance(jiff::SignedDuration::from_hours(25));
    w.app.run_jobs().await;
    let (_, _, body) = w.app.mailbox().into_iter().find(|(to, _, _)| to == "fay@alpha.example").expect("an invitation");
    let link = body.split_whitespace().find(|l| l.contains("/feedback/")).unwrap().to_owned();
    let path = &link[link.find("/o/").unwrap()..];
    assert_eq!(w.app.get(path).await.status, StatusCode::OK);
    let first = w.app.post_form(path, None, &[("helpful", "5")]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("Thank you"));
    let second = w.app.post_form(path, None, &[("helpful", "1")]).await;
    assert_eq!(second.status, StatusCode::GONE);
    let answers: Vec<(String, i64)> =
        sqlx::query_as("SELECT month, helpful FROM feedback_answers").fetch_all(w.app.db.reader()).await.unwrap();
    assert_eq!(answers, vec![("2026-12".to_owned(), 5)], "one answer, the month only");
    assert_eq!(w.app.get(path).await.status, StatusCode::GONE);
    let bad = w.app.get("/o/alpha/feedback/not-a-token").await;
    assert_eq!(bad.status, StatusCode::GONE);
}

#[tokio::test]
async fn a_supporter_schedules_a_follow_up_with_a_calendar_file_and_a_reminder() {
    let w = world().await;
    let case = w.open().await;
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
        (&w.sam, json!({"action": "log_contact", "channel": "phone", "reached": true})),
    ] {
        assert_eq!(w.act_now(token, &case, body).await.status, StatusCode::OK);
    }
    let sam = w.app.sign_in("sam@alpha.example").await;
    let page = w.app.get_as(&format!("/o/alpha/cases/{case}"), &sam).await;
    assert!(page.body.contains("value=\"2026-12-14\""), "about two weeks after first contact is suggested");
    let r = w
        .app
        .post_form(
            &format!("/o/alpha/cases/{case}/follow-ups"),
            Some(&sam),
            &[("date", "2026-12-14"), ("time", "10:00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let bad = w
        .app
        .post_form(
            &format!("/o/alpha/cases/{case}/follow-ups"),
            Some(&sam),
            &[("date", "2020-01-01"), ("time", "10:00")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let page = w.app.get_as(&format!("/o/alpha/cases/{case}"), &sam).await.body;
    let at = page.find("/calendar.ics").unwrap();
    let start = page[..at].rfind("href=\"").unwrap() + 6;
    let ics = w.app.get_as(&page[start..at + "/calendar.ics".len()], &sam).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.header("content-type").starts_with("text/calendar"));
    assert!(ics.body.contains("DTSTART:20261214T100000Z"), "{}", ics.body);
    assert!(!ics.body.contains("Dana"), "a calendar entry names no one");
    // Kim (another supporter) cannot fetch it.
    assert_eq!(w.get(&w.kim, &format!("/cases/{case}")).await.status, StatusCode::NOT_FOUND);

    w.app.clock.advance(jiff::SignedDuration::from_hours(24 * 15));
    w.app.run_jobs().await;
    assert!(w.app.mailbox().iter().any(|(to, s, _)| to == "sam@alpha.example" && s.contains("follow-up")));
}

#[tokio::test]
async fn the_organisations_holidays_do_not_count_towards_routine_targets() {
    let w = world().await;
    let admin = w.app.user(Some(&w.org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let admin = w.app.token(&w.org, admin).await;
    let req = axum::http::Request::put("/api/v1/orgs/alpha/holidays")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(r#"{"dates": ["2026-12-02", "2026-12-01", "2026-12-01"]}"#))
        .unwrap();
    let r = w.app.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["dates"], json!(["2026-12-01", "2026-12-02"]));
    let bad = axum::http::Request::put("/api/v1/orgs/alpha/holidays")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(r#"{"dates": ["next tuesday"]}"#))
        .unwrap();
    assert_eq!(w.app.send(bad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        w.get(&w.sam, "/holidays").await.json()["dates"].as_array().unwrap().len(),
        2,
        "the bad list changed nothing"
    );

    // Monday 09:00 + 24 working hours, with Tuesday and Wednesday off: Friday 17:00.
    let case = w.open().await;
    let view = w.get(&w.coordinator, &format!("/cases/{case}")).await.json();
    assert_eq!(view["first_contact_due_at"], "2026-12-04T17:00:00Z");
}

#[tokio::test]
async fn the_touching_base_message_goes_from_reachin_and_counts_as_outreach() {
    let w = world().await;
    let subject = reachin_domain::directory::PersonInput {
        name: "Gus Outreach".into(),
        email: Some("gus@alpha.example".into()),
        ..Default::default()
    }
    .parse(w.org.id, PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&w.app.db, &subject, w.app.now()).await.unwrap();
    let res = w
        .post(&w.coordinator, "/cases", json!({"subject_id": subject.id.to_string(), "category": "moral_distress"}))
        .await;
    let case = res.json()["case_id"].as_str().unwrap().to_owned();
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
        (&w.sam, json!({"action": "send_touching_base"})),
    ] {
        assert_eq!(w.act_now(token, &case, body).await.status, StatusCode::OK);
    }
    assert_eq!(w.get(&w.coordinator, &format!("/cases/{case}")).await.json()["state"], "contacted");
    w.app.run_jobs().await;
    let (_, subject_line, body) =
        w.app.mailbox().into_iter().find(|(to, _, _)| to == "gus@alpha.example").expect("sent");
    assert!(subject_line.contains("peer support team"));
    assert!(body.contains("Hello Gus") && body.contains("sam@alpha.example"), "{body}");
}

#[tokio::test]
async fn an_integration_reports_safety_events_but_sees_no_case() {
    let w = world().await;
    let feed = w.app.user(Some(&w.org), "incidents@alpha.example", &[Role::Integration]).await;
    let feed = w.app.token(&w.org, feed).await;
    let input = reachin_domain::directory::PersonInput {
        name: "Ira".into(),
        employee_id: Some("E1".into()),
        ..Default::default()
    };
    let p = input.parse(w.org.id, PersonId::generate()).unwrap();
    reachin_store::directory::insert(&w.app.db, &p, w.app.now()).await.unwrap();
    let r = w
        .post(
            &feed,
            "/safety-events",
            json!({"reference": "INC-9", "category": "adverse_event", "involved": [{"employee_id": "E1"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let case = r.json()["case_ids"][0].as_str().unwrap().to_owned();
    assert_eq!(w.get(&feed, "/cases").await.status, StatusCode::FORBIDDEN);
    assert_eq!(w.get(&feed, &format!("/cases/{case}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn follow_ups_and_offered_help_through_the_api() {
    let w = world().await;
    let case = w.open().await;
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
    ] {
        assert_eq!(w.act_now(token, &case, body).await.status, StatusCode::OK);
    }
    let r = w.post(&w.sam, &format!("/cases/{case}/follow-ups"), json!({"due_at": "2026-12-14T10:00:00Z"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let bad = w.post(&w.sam, &format!("/cases/{case}/follow-ups"), json!({"due_at": "yesterday"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        w.post(&w.kim, &format!("/cases/{case}/follow-ups"), json!({"due_at": "2026-12-14T10:00:00Z"})).await.status,
        StatusCode::NOT_FOUND
    );
    let r = w.post(&w.sam, &format!("/cases/{case}/resources"), json!({"kind": "eap", "accepted": true})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let offered = reachin_store::resources::offered(&w.app.db, w.org.id, case.parse().unwrap()).await.unwrap();
    assert_eq!(offered, vec![(reachin_domain::case::ResourceKind::Eap, true)]);
}

#[tokio::test]
async fn a_coordinator_who_is_also_a_supporter_works_their_own_case_as_its_supporter() {
    let w = world().await;
    let both = w.app.user(Some(&w.org), "bo@alpha.example", &[Role::Coordinator, Role::Supporter]).await;
    let both_person = reachin_store::users::person_in(&w.app.db, w.org.id, both).await.unwrap().unwrap();
    w.app.train(&w.org, both_person).await;
    let both = w.app.token(&w.org, both).await;
    let case = w.open().await;
    for (token, body, state) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": both_person.to_string()}), "assigned"),
        (&both, json!({"action": "escalate"}), "escalated"),
        (&w.coordinator, json!({"action": "resolve_escalation"}), "assigned"),
        (&both, json!({"action": "accept"}), "accepted"),
        (&both, json!({"action": "log_contact", "channel": "phone", "reached": true}), "contacted"),
    ] {
        let r = w.act_now(token, &case, body).await;
        assert_eq!(r.json()["state"], state, "{}", r.body);
    }
}

#[tokio::test]
async fn an_outreach_attempt_can_be_logged_afterwards_with_its_own_time() {
    let w = world().await;
    let case = w.open().await;
    for (token, body) in [
        (&w.coordinator, json!({"action": "assign", "supporter_id": w.sam_person.to_string()})),
        (&w.sam, json!({"action": "accept"})),
    ] {
        w.act_now(token, &case, body).await;
    }
    w.app.clock.advance(jiff::SignedDuration::from_hours(3));
    let v = w.version(&case).await;
    let future = w
        .act(
            &w.sam,
            &case,
            json!({"action": "log_contact", "version": v, "channel": "phone", "at": "2027-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = w
        .act(&w.sam, &case, json!({"action": "log_contact", "version": v, "channel": "phone", "reached": true, "at": "2026-11-30T10:15:00Z"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["first_contact_at"], "2026-11-30T10:15:00Z");
}

#[tokio::test]
async fn candidates_come_ranked_with_reasons_and_the_excluded_with_theirs() {
    let w = world().await;
    let now = w.app.now();
    let year = jiff::SignedDuration::from_hours(24 * 365);
    reachin_store::roster::set_status(
        &w.app.db,
        w.org.id,
        w.sam_person,
        reachin_domain::roster::SupporterStatus::Active,
        None,
        now,
    )
    .await
    .unwrap();
    reachin_store::roster::add_training(&w.app.db, w.org.id, w.sam_person, "Peer support core", now - year, now + year)
        .await
        .unwrap();
    // Kim is trained too, but away this week.
    reachin_store::roster::add_training(&w.app.db, w.org.id, w.kim_person, "Peer support core", now - year, now + year)
        .await
        .unwrap();
    let week = jiff::SignedDuration::from_hours(24 * 7);
    reachin_store::roster::add_away(&w.app.db, w.org.id, w.kim_person, now - week, now + week).await.unwrap();
    let case = w.open().await;
    let r = w.get(&w.coordinator, &format!("/cases/{case}/candidates")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = r.json();
    assert_eq!(body["ranked"].as_array().unwrap().len(), 1);
    assert_eq!(body["ranked"][0]["person_id"], w.sam_person.to_string());
    assert!(body["ranked"][0]["reasons"].as_array().unwrap().iter().any(|r| r == "0 active cases"), "{body}");
    let kim = body["excluded"].as_array().unwrap().iter().find(|e| e["person_id"] == w.kim_person.to_string()).unwrap();
    assert_eq!(kim["reasons"], json!(["away"]));
    assert_eq!(w.get(&w.sam, &format!("/cases/{case}/candidates")).await.status, StatusCode::FORBIDDEN);
    // The case page puts the same suggestions one click from assignment.
    let cora = w.app.sign_in("cora@alpha.example").await;
    let page = w.app.get_as(&format!("/o/alpha/cases/{case}"), &cora).await.body;
    assert!(page.contains("Suggested supporters") && page.contains("0 active cases"), "{page}");
}

#[tokio::test]
async fn an_excluded_supporter_cannot_be_assigned() {
    let w = world().await;
    let untrained = w.app.user(Some(&w.org), "una@alpha.example", &[Role::Supporter]).await;
    let untrained = reachin_store::users::person_in(&w.app.db, w.org.id, untrained).await.unwrap().unwrap();
    let case = w.open().await;
    let v = w.version(&case).await;
    let r = w
        .act(&w.coordinator, &case, json!({"action": "assign", "version": v, "supporter_id": untrained.to_string()}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["detail"].as_str().unwrap().contains("not trained"), "{}", r.body);
    assert_eq!(w.version(&case).await, v, "nothing changed");
}

#[tokio::test]
async fn caps_hold_when_two_coordinators_assign_the_last_place_at_once() {
    let w = world().await;
    // Sam has room for one more case.
    reachin_store::roster::set_status(
        &w.app.db,
        w.org.id,
        w.sam_person,
        reachin_domain::roster::SupporterStatus::Active,
        None,
        w.app.now(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE supporters SET cap = 1").execute(w.app.db.writer()).await.unwrap();
    let first = w.open().await;
    let other = w.app.person(&w.org, "Second Subject").await;
    let res = w.post(&w.coordinator, "/cases", json!({"subject_id": other.id.to_string(), "category": "other"})).await;
    let second = res.json()["case_id"].as_str().unwrap().to_owned();
    let (v1, v2) = (w.version(&first).await, w.version(&second).await);
    let (a, b) = tokio::join!(
        w.act(
            &w.coordinator,
            &first,
            json!({"action": "assign", "version": v1, "supporter_id": w.sam_person.to_string()})
        ),
        w.act(
            &w.coordinator,
            &second,
            json!({"action": "assign", "version": v2, "supporter_id": w.sam_person.to_string()})
        ),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert!(
        statuses == [StatusCode::OK, StatusCode::CONFLICT]
            || statuses == [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
        "{} / {}",
        a.body,
        b.body
    );
    let (held,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases WHERE supporter_id = $1")
        .bind(w.sam_person.to_string())
        .fetch_one(w.app.db.reader())
        .await
        .unwrap();
    assert_eq!(held, 1, "the cap held");
}
