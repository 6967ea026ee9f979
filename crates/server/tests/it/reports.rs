//! The programme report: tallies kept current by every change to a case (they always equal a
//! recount), the suppressed figures through the API, CSV (RFC 4180), the pages, the annual
//! report, and the network operator's comparison.

use axum::http::StatusCode;
use reachin_domain::Role;
use serde_json::{Value, json};

use crate::support::TestApp;

async fn tallies(app: &TestApp) -> Vec<(String, i64, String, String, i64)> {
    sqlx::query_as(
        "SELECT org_id, year, figure, tally, n FROM case_tallies WHERE n <> 0 ORDER BY org_id, year, figure, tally",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap()
}

struct Programme {
    app: TestApp,
    org: reachin_domain::org::Organisation,
    coordinator: String,
    supporter: String,
    supporter_person: String,
}

impl Programme {
    async fn post(&self, token: &str, path: &str, body: Value) -> crate::support::TestResponse {
        self.app.post_json_with_token(&format!("/api/v1/orgs/alpha{path}"), token, &body.to_string()).await
    }

    async fn act(&self, token: &str, case: &str, mut body: Value) {
        let view = self.app.get_with_token(&format!("/api/v1/orgs/alpha/cases/{case}"), &self.coordinator).await;
        body["version"] = view.json()["version"].clone();
        let res = self.post(token, &format!("/cases/{case}/actions"), body.clone()).await;
        assert!(res.status.is_success(), "{body}: {} {}", res.status, res.body);
    }

    /// Opens a case for a new person and takes it to `end`.
    async fn case(&self, n: usize, end: &str) -> String {
        let person = crate::surveys::person(&self.app, &self.org, n).await;
        let res = self
            .post(&self.coordinator, "/cases", json!({"subject_id": person.to_string(), "category": "adverse_event"}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        let case = res.json()["case_id"].as_str().unwrap().to_owned();
        if end == "new" {
            return case;
        }
        if end == "withdrawn" {
            self.act(&self.coordinator, &case, json!({"action": "withdraw"})).await;
            return case;
        }
        self.act(&self.coordinator, &case, json!({"action": "assign", "supporter_id": self.supporter_person})).await;
        self.act(&self.supporter, &case, json!({"action": "accept"})).await;
        self.act(&self.supporter, &case, json!({"action": "log_contact", "channel": "phone", "reached": true})).await;
        if end == "escalated" {
            self.act(&self.supporter, &case, json!({"action": "escalate"})).await;
            self.act(&self.coordinator, &case, json!({"action": "resolve_escalation"})).await;
        }
        let res = self
            .post(&self.supporter, &format!("/cases/{case}/resources"), json!({"kind": "eap", "accepted": true}))
            .await;
        assert!(res.status.is_success(), "{}", res.body);
        let outcome = if end == "declined" { "declined" } else { "supported" };
        self.act(&self.supporter, &case, json!({"action": "close", "outcome": outcome, "interactions": 2})).await;
        case
    }
}

async fn programme() -> Programme {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let coord = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    app.train(&org, sam_person).await;
    // A supporter may hold ten cases at most; this one needs room for the whole test.
    sqlx::query("UPDATE supporters SET cap = 100").execute(app.db.writer()).await.unwrap();
    let coordinator = app.token(&org, coord).await;
    let supporter = app.token(&org, sam).await;
    Programme { app, org, coordinator, supporter, supporter_person: sam_person.to_string() }
}

#[tokio::test]
async fn every_change_to_a_case_keeps_the_tallies_equal_to_a_recount() {
    let p = programme().await;
    for (n, end) in ["new", "withdrawn", "supported", "declined", "escalated", "supported"].into_iter().enumerate() {
        p.case(n, end).await;
        let live = tallies(&p.app).await;
        reachin_store::tallies::rebuild(&p.app.db, p.org.id).await.unwrap();
        assert_eq!(live, tallies(&p.app).await, "after a case that ended {end}");
    }
    let rows = tallies(&p.app).await;
    let n_of = |f: &str, k: &str| rows.iter().filter(|r| r.2 == f && r.3 == k).map(|r| r.4).sum::<i64>();
    assert_eq!(n_of("status", "supported"), 3);
    assert_eq!(n_of("status", "declined"), 1);
    assert_eq!(n_of("status", "withdrawn"), 1);
    assert_eq!(n_of("status", "open"), 1);
    assert_eq!(n_of("escalated", "1"), 1);
    assert_eq!(n_of("onward", "eap"), 4);
    assert_eq!(n_of("interactions", "2"), 3);
    // De-identification keeps the counting record, so it changes no tally.
    let before = tallies(&p.app).await;
    p.app.clock.advance(jiff::SignedDuration::from_hours(24 * 40));
    reachin_server::privacy::sweep(&p.app.state).await.unwrap();
    assert!(reachin_store::tallies::rebuild(&p.app.db, p.org.id).await.is_ok());
    assert_eq!(before, tallies(&p.app).await);
}

#[tokio::test]
async fn the_programme_report_is_suppressed_everywhere_it_is_served() {
    let p = programme().await;
    for n in 0..12 {
        p.case(n, if n < 9 { "supported" } else { "declined" }).await;
    }
    let leader = p.app.user(Some(&p.org), "lee@alpha.example", &[Role::Leader]).await;
    let leader_token = p.app.token(&p.org, leader).await;
    let api = p.app.get_with_token("/api/v1/orgs/alpha/reports/programme?year=2026", &leader_token).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let body = api.json();
    assert_eq!(body["floor"], 10);
    let value = |figure: &str, group: &str| {
        body["figures"].as_array().unwrap().iter().find(|f| f["figure"] == figure && f["group"] == group).unwrap()
            ["value"]
            .clone()
    };
    assert_eq!(value("referrals", ""), 12.0);
    assert_eq!(value("closed", ""), 12.0);
    // Three declined: a small group, held back; and the nine supported with it, or 12 − 9 would
    // give the three away.
    assert!(value("cases_by_status", "declined").is_null());
    assert!(value("cases_by_status", "supported").is_null());
    assert!(value("decline_rate", "").is_null());
    // Every month but November is empty, and reads the same as a held-back one.
    assert!(value("referrals_by_month", "2026-01").is_null());
    assert_eq!(value("referrals_by_month", "2026-11"), 12.0);

    // CSV: RFC 4180 line ends, a header, the same figures; held back is an empty field.
    let csv = p.app.get_with_token("/o/alpha/reports/programme.csv?year=2026", &leader_token).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.body.starts_with("figure,group,value\r\n"), "{}", &csv.body[..60]);
    assert!(csv.body.contains("\r\nreferrals,,12\r\n"));
    assert!(csv.body.contains("\r\ncases_by_status,declined,\r\n"));
    assert!(!csv.body.contains('\n') || csv.body.matches('\n').count() == csv.body.matches("\r\n").count());

    // With the floor at its minimum (5), the report shows more, still never a group under 5.
    reachin_store::privacy::set_suppression_floor(&p.app.db, p.org.id, 5).await.unwrap();
    let body = p.app.get_with_token("/api/v1/orgs/alpha/reports/programme?year=2026", &leader_token).await.json();
    let v = |figure: &str, group: &str| {
        body["figures"].as_array().unwrap().iter().find(|f| f["figure"] == figure && f["group"] == group).unwrap()
            ["value"]
            .clone()
    };
    assert!(v("cases_by_status", "declined").is_null(), "three is under five");
    // A stored floor under the minimum is raised to it.
    reachin_store::privacy::set_suppression_floor(&p.app.db, p.org.id, 1).await.unwrap();
    let body = p.app.get_with_token("/api/v1/orgs/alpha/reports/programme?year=2026", &leader_token).await.json();
    assert_eq!(body["floor"], 5);

    // An organisation admin chooses the floor: never below 5.
    let admin = p.app.user(Some(&p.org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let admin_token = p.app.token(&p.org, admin).await;
    let put = |floor: i64| {
        let body = json!({"retention_days": 30, "directory": "kept", "suppression_floor": floor}).to_string();
        let req = axum::http::Request::put("/api/v1/orgs/alpha/privacy")
            .header("authorization", format!("Bearer {admin_token}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        p.app.send(req)
    };
    assert_eq!(put(4).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(put(101).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = put(6).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["suppression_floor"], 6);
    let body = p.app.get_with_token("/api/v1/orgs/alpha/reports/programme?year=2026", &leader_token).await.json();
    assert_eq!(body["floor"], 6);

    // The pages: a leader's report with its charts and tables, and the annual report.
    let b = p.app.sign_in("lee@alpha.example").await;
    let page = p.app.get_as("/o/alpha/reports/programme?year=2026", &b).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg class=\"chart-svg\" role=\"img\""), "{}", page.body);
    assert!(page.body.contains("Show as a table"));
    let annual = p.app.get_as("/o/alpha/reports/annual?year=2026", &b).await;
    assert!(
        annual.body.contains("Annual report 2026") && annual.body.contains("No pulse survey waves opened this year.")
    );
    for bad in ["/o/alpha/reports/programme?year=abc", "/o/alpha/reports/programme?year=1850"] {
        assert_eq!(p.app.get_as(bad, &b).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(p.app.get_as("/o/alpha/reports/surveys?by=shoe-size", &b).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(p.app.get_as("/o/alpha/reports/surveys?wave=nope", &b).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_network_operator_sees_each_organisation_only_where_it_passes_its_floor() {
    let p = programme().await;
    for n in 0..11 {
        p.case(n, "supported").await;
    }
    p.app.org("beta").await;
    p.app.user_full(None, "op@network.example", &[], true).await;
    let b = p.app.sign_in("op@network.example").await;
    let page = p.app.get_as("/network/reports?year=2026", &b).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("alpha hospital") && page.body.contains("beta hospital"));
    let api = p.app.get_as("/api/v1/network/reports?year=2026", &b).await;
    let rows = api.json();
    let row = |slug: &str| rows.as_array().unwrap().iter().find(|r| r["org"] == slug).unwrap().clone();
    assert_eq!(row("alpha")["referrals"], 11);
    assert!(row("beta")["referrals"].is_null(), "no cases reads like too few");
    // No network total is served.
    assert!(!api.body.contains("\"total\""));
}
