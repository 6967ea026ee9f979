//! Confidentiality: encryption at rest, the audit chain, who has seen a case, de-identification
//! after retention, break-glass, management never seeing identity, export and erasure.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::SignedDuration;
use reachin_domain::audit::AuditAction;
use reachin_domain::directory::PersonInput;
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, PersonId, Role};
use reachin_server::routes;
use reachin_store::audit::{self, Verdict};
use reachin_store::{Db, directory};

use crate::support::{TestApp, TestResponse};

const NAME: &str = "Zebedee Quartermain-Okonkwo";
const EMAIL: &str = "zebedee.quartermain@alpha.example";
const PHONE: &str = "07700 900 461";
const STAFF_NO: &str = "ZQ-884213";
const CONTEXT: &str = "Xylophone thunderstorm after the night shift";

/// Every (table, column) of the live schema whose text holds `needle`.
pub async fn scan(db: &Db, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in reachin_store::schema::describe(db).await.unwrap() {
        if line.starts_with("index ") {
            continue;
        }
        let Some((table, rest)) = line.split_once('.') else { continue };
        let column = rest.split(' ').next().unwrap();
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE $1");
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(format!("%{needle}%")).fetch_one(db.reader()).await.unwrap();
        if n > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

/// The distinctive person, with an open case that carries an intake context.
async fn seeded(app: &TestApp, org: &Organisation) -> (PersonId, CaseId) {
    let p = PersonInput {
        name: NAME.into(),
        email: Some(EMAIL.into()),
        phone: Some(PHONE.into()),
        employee_id: Some(STAFF_NO.into()),
        department: Some("Theatres".into()),
        ..PersonInput::default()
    }
    .parse(org.id, PersonId::generate())
    .unwrap();
    directory::insert(&app.db, &p, app.now()).await.unwrap();
    let done = app
        .post_form(
            &format!("/o/{}/support", org.slug),
            None,
            &[
                ("for", "self"),
                ("name", NAME),
                ("email", EMAIL),
                ("category", "unexpected_death"),
                ("context", CONTEXT),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let (case,): (String,) = sqlx::query_as("SELECT id FROM cases WHERE subject_id = $1")
        .bind(p.id.to_string())
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    (p.id, case.parse().unwrap())
}

async fn api(app: &TestApp, method: &str, path: &str, token: &str, body: Option<serde_json::Value>) -> TestResponse {
    let mut req = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    app.send(req.body(body).unwrap()).await
}

#[tokio::test]
async fn identity_fields_are_sealed_at_rest_and_still_found_by_email_and_staff_number() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let (person, case) = seeded(&app, &org).await;
    for needle in [NAME, "Quartermain", EMAIL, PHONE, STAFF_NO, "Xylophone"] {
        assert_eq!(scan(&app.db, needle).await, Vec::<String>::new(), "{needle} is stored in plain text");
    }
    // The raw SQLite file (and its write-ahead log) holds none of it either.
    if app.db.engine() == reachin_store::Engine::Sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(app.db.writer()).await.unwrap();
        let dir = app.scratch_dir();
        for file in ["test.db", "test.db-wal"] {
            let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            for needle in [NAME, "Quartermain", EMAIL, PHONE, STAFF_NO, "Xylophone"] {
                assert!(!text.contains(needle), "{needle} is in {file}");
            }
        }
    }
    // Opened through the store with the organisation's key; exact lookups by blind index.
    let by_email = directory::by_email(&app.db, org.id, &EMAIL.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!((by_email.id, by_email.name.as_str(), by_email.phone.as_deref()), (person, NAME, Some(PHONE)));
    assert_eq!(directory::by_employee_id(&app.db, org.id, STAFF_NO).await.unwrap().unwrap().id, person);
    let c = reachin_store::cases::get(&app.db, org.id, case).await.unwrap().unwrap();
    assert_eq!(c.intake_context.as_deref(), Some(CONTEXT));
    // Another organisation's key does not open this one's values, nor find them by index.
    let beta = app.org("beta").await;
    assert!(directory::by_email(&app.db, beta.id, &EMAIL.parse().unwrap()).await.unwrap().is_none());
    // A wrong master key is refused by name rather than giving garbage.
    let wrong = app.db.clone().with_master_key(reachin_store::crypt::MasterKey::from_bytes(&[9; 32]));
    let err = directory::by_id(&wrong, org.id, person).await.unwrap_err();
    assert!(err.to_string().contains("another master key"), "{err}");
}

#[tokio::test]
async fn rotating_the_master_key_rewraps_the_data_keys_and_the_old_key_stops_working() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let (person, _) = seeded(&app, &org).await;
    let new = reachin_store::crypt::MasterKey::from_bytes(&[42; 32]);
    assert_eq!(reachin_store::keyring::rotate_master_key(&app.db, &new).await.unwrap(), 1);
    let rotated = app.db.clone().with_master_key(new);
    assert_eq!(directory::by_id(&rotated, org.id, person).await.unwrap().unwrap().name, NAME);
    let old = app.db.clone().with_master_key(crate::support::test_master_key());
    assert!(directory::by_id(&old, org.id, person).await.is_err());
}

#[tokio::test]
async fn the_audit_log_is_a_hash_chain_that_finds_an_edited_or_deleted_entry() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let (_, case) = seeded(&app, &org).await;
    let b = app.sign_in("cora@alpha.example").await;
    assert_eq!(app.get_as(&format!("/o/alpha/cases/{case}"), &b).await.status, StatusCode::OK);
    let bad =
        app.post_form("/sign-in", None, &[("email", "cora@alpha.example"), ("password", "wrong wrong wrong")]).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log ORDER BY seq").fetch_all(app.db.reader()).await.unwrap();
    let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(actions, ["case_intake", "sign_in", "case_viewed", "sign_in_failed"]);
    // No content: the entries name records by id only.
    assert_eq!(scan(&app.db, "Xylophone").await, Vec::<String>::new());
    assert_eq!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { entries: 4 });

    sqlx::query("UPDATE audit_log SET user_id = NULL WHERE seq = 3").execute(app.db.writer()).await.unwrap();
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Broken { seq: 3, .. }));
}

#[tokio::test]
async fn a_deleted_entry_or_a_cut_off_tail_breaks_the_chain() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    for n in 0..4 {
        let e = audit::Entry::new(AuditAction::CaseViewed).org(org.id).detail(n.to_string());
        audit::append(&app.db, &e, app.now()).await.unwrap();
    }
    assert_eq!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { entries: 4 });
    sqlx::query("DELETE FROM audit_log WHERE seq = 4").execute(app.db.writer()).await.unwrap();
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Broken { seq: 4, .. }));
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(app.db.writer()).await.unwrap();
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Broken { seq: 2, .. }));
}

#[tokio::test]
async fn concurrent_appends_never_fork_the_chain() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let mut tasks = Vec::new();
    for n in 0..20 {
        let db = app.db.clone();
        let now = app.now();
        tasks.push(tokio::spawn(async move {
            let e = audit::Entry::new(AuditAction::CaseViewed).org(org.id).detail(n.to_string());
            audit::append(&db, &e, now).await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { entries: 20 });
}

#[tokio::test]
async fn coordinators_see_who_has_seen_a_case_and_supporters_do_not() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    let subject = app.person(&org, "Kit Subject").await;
    let case = crate::cases::open_case_held_by(&app, &org, subject.id, sam_person).await;
    let s = app.sign_in("sam@alpha.example").await;
    assert_eq!(app.get_as("/o/alpha/supporter", &s).await.status, StatusCode::OK);
    let seen = app.get_as(&format!("/o/alpha/cases/{case}"), &s).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Who has seen this case"));
    let c = app.sign_in("cora@alpha.example").await;
    let page = app.get_as(&format!("/o/alpha/cases/{case}"), &c).await;
    assert!(page.body.contains("Who has seen this case"));
    assert!(page.body.contains("sam — ") || page.body.contains("— sam (opened the case)"), "{}", page.body);
    assert!(page.body.contains("cora (opened the case)"));
    assert!(page.body.contains("sam (saw it in a list)"), "the supporter's own list counts too");
}

#[tokio::test]
async fn a_closed_case_loses_its_identity_after_the_retention_period_and_its_counts_stay() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let admin = app.user(Some(&org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let token = app.token(&org, admin).await;
    // Settings: checked, unknown fields refused, nothing changed by a bad request.
    for bad in [
        serde_json::json!({"retention_days": 366, "directory": "kept"}),
        serde_json::json!({"retention_days": -1, "directory": "kept"}),
        serde_json::json!({"retention_days": 10, "directory": "forgotten"}),
    ] {
        assert_eq!(
            api(&app, "PUT", "/api/v1/orgs/alpha/privacy", &token, Some(bad)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let unknown = serde_json::json!({"retention_days": 10, "directory": "kept", "extra": 1});
    assert_eq!(
        api(&app, "PUT", "/api/v1/orgs/alpha/privacy", &token, Some(unknown)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let now = api(&app, "GET", "/api/v1/orgs/alpha/privacy", &token, None).await;
    assert_eq!(now.json(), serde_json::json!({"retention_days": 30, "directory": "kept", "suppression_floor": 10}));
    let set = serde_json::json!({"retention_days": 7, "directory": "kept"});
    assert_eq!(api(&app, "PUT", "/api/v1/orgs/alpha/privacy", &token, Some(set)).await.status, StatusCode::OK);

    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    let (subject, case) = seeded(&app, &org).await;
    close(&app, &org, case, sam_person).await;
    app.clock.advance(SignedDuration::from_hours(24 * 7 - 1));
    assert_eq!(reachin_server::privacy::sweep(&app.state).await.unwrap().cases, 0);
    app.clock.advance(SignedDuration::from_hours(1));
    assert_eq!(reachin_server::privacy::sweep(&app.state).await.unwrap().cases, 1);
    let c = reachin_store::cases::get(&app.db, org.id, case).await.unwrap().unwrap();
    assert_eq!((c.subject_id, c.supporter_id, c.intake_context), (None, None, None));
    assert_eq!((c.category.as_str(), c.outcome.map(|o| o.code())), ("unexpected_death", Some("supported")));
    let (department, deidentified): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT department, deidentified_at FROM cases WHERE id = $1")
            .bind(case.to_string())
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(department.as_deref(), Some("Theatres"));
    assert!(deidentified.is_some());
    for needle in [subject.to_string(), sam_person.to_string()] {
        let left: Vec<String> = scan(&app.db, &needle).await.into_iter().filter(|t| t.starts_with("case")).collect();
        assert_eq!(left, Vec::<String>::new(), "the case still links {needle}");
    }
    // A second sweep finds nothing more; the audit says what happened, and still verifies.
    assert_eq!(reachin_server::privacy::sweep(&app.state).await.unwrap().cases, 0);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'case_deidentified'")
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { .. }));
}

/// Assigns, accepts, logs a contact and closes a case as supported.
async fn close(app: &TestApp, org: &Organisation, case: CaseId, supporter: PersonId) {
    use reachin_domain::case::{CaseState, Transition};
    use reachin_store::cases::{CaseChange, apply};
    let steps = [
        (CaseState::New, CaseState::Assigned, "assign"),
        (CaseState::Assigned, CaseState::Accepted, "accept"),
        (CaseState::Accepted, CaseState::Contacted, "log_contact"),
        (CaseState::Contacted, CaseState::Closed, "close"),
    ];
    for (v, (from, to, action)) in steps.into_iter().enumerate() {
        let closing = to == CaseState::Closed;
        let change = CaseChange {
            case,
            org: org.id,
            expected_version: v as i64,
            transition: Transition { from, to, supporter: Some(supporter) },
            action,
            actor_kind: "coordinator",
            actor_user: None,
            at: app.now(),
            contact: (to == CaseState::Contacted).then_some((reachin_domain::case::Channel::Phone, true)),
            contact_at: (to == CaseState::Contacted).then(|| app.now()),
            close: closing.then_some((reachin_domain::case::OutcomeKind::Supported, Some(2))),
            accept_due_at: None,
            jobs: Vec::new(),
        };
        apply(&app.db, &change).await.unwrap();
    }
}

#[tokio::test]
async fn an_imported_directory_keeps_only_the_entries_something_needs() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let manager = app.person(&org, "Mo Manager").await;
    let mut report =
        PersonInput { name: "Ri Report".into(), ..PersonInput::default() }.parse(org.id, PersonId::generate()).unwrap();
    report.manager_id = Some(manager.id);
    directory::insert(&app.db, &report, app.now()).await.unwrap();
    let idle = app.person(&org, "Ida Idle").await;
    app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    crate::cases::open_case_held_by(&app, &org, report.id, sam_person).await;

    // Kept: nothing is pruned.
    assert_eq!(reachin_server::privacy::sweep(&app.state).await.unwrap().people, 0);
    let settings = reachin_store::privacy::Settings {
        retention: Default::default(),
        directory: reachin_domain::privacy::DirectoryMode::Imported,
    };
    reachin_store::privacy::set_settings(&app.db, org.id, settings).await.unwrap();
    assert_eq!(reachin_server::privacy::sweep(&app.state).await.unwrap().people, 1);
    assert!(directory::by_id(&app.db, org.id, idle.id).await.unwrap().is_none());
    for kept in [manager.id, report.id, sam_person] {
        assert!(directory::by_id(&app.db, org.id, kept).await.unwrap().is_some());
    }
}

#[tokio::test]
async fn break_glass_needs_a_written_reason_tells_the_coordinators_and_is_audited() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    app.user(Some(&org), "otto@alpha.example", &[Role::OrgAdmin]).await;
    app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let (_, case) = seeded(&app, &org).await;
    let a = app.sign_in("ada@alpha.example").await;
    let view = format!("/o/alpha/admin/break-glass/{case}");
    assert_eq!(app.get_as(&view, &a).await.status, StatusCode::FORBIDDEN);

    let short = app
        .post_form("/o/alpha/admin/break-glass", Some(&a), &[("case", &case.to_string()), ("justification", "need it")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 20 characters"));
    let unknown = app
        .post_form(
            "/o/alpha/admin/break-glass",
            Some(&a),
            &[("case", &CaseId::generate().to_string()), ("justification", &"x".repeat(30))],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM break_glass").fetch_one(app.db.reader()).await.unwrap();
    assert_eq!(n, 0, "a refused request grants nothing");
    assert!(app.mailbox().is_empty());

    let reason = "Safeguarding concern raised by HR; both coordinators are on leave.";
    let ok = app
        .post_form("/o/alpha/admin/break-glass", Some(&a), &[("case", &case.to_string()), ("justification", reason)])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location(), view);
    let page = app.get_as(&view, &a).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(NAME) && page.body.contains("Theatres"));
    // The justification is sealed at rest; the coordinators are told, with the reason.
    assert_eq!(scan(&app.db, "Safeguarding").await, Vec::<String>::new());
    // By a job, so a failed send is retried.
    assert!(app.mailbox().is_empty());
    app.run_jobs().await;
    let mail: Vec<_> = app.mailbox().into_iter().filter(|m| m.1.contains("break-glass")).collect();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "cora@alpha.example");
    assert!(mail[0].2.contains(reason) && !mail[0].2.contains(NAME));
    // Only the admin who asked, and only for an hour.
    let o = app.sign_in("otto@alpha.example").await;
    assert_eq!(app.get_as(&view, &o).await.status, StatusCode::FORBIDDEN);
    let c = app.sign_in("cora@alpha.example").await;
    let coordinator_view = app.get_as(&format!("/o/alpha/cases/{case}"), &c).await;
    assert!(coordinator_view.body.contains(reason) && coordinator_view.body.contains("break-glass access"));
    app.clock.advance(SignedDuration::from_mins(61));
    let a = app.sign_in("ada@alpha.example").await;
    assert_eq!(app.get_as(&view, &a).await.status, StatusCode::FORBIDDEN);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'break_glass' AND record_id = $1")
        .bind(case.to_string())
        .fetch_one(app.db.reader())
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn leaders_admins_and_the_network_operator_never_receive_a_cases_identity() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "lea@alpha.example", &[Role::Leader]).await;
    let admin = app.user(Some(&org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let leader_and_admin = app.user(Some(&org), "both@alpha.example", &[Role::Leader, Role::OrgAdmin]).await;
    app.user_full(None, "ops@network.example", &[], true).await;
    let (person, case) = seeded(&app, &org).await;
    let admin_token = app.token(&org, admin).await;
    let both_token = app.token(&org, leader_and_admin).await;
    let (_, specs) = routes::table();
    let mut checked = 0;
    for email in ["lea@alpha.example", "ada@alpha.example", "both@alpha.example", "ops@network.example"] {
        let b = app.sign_in(email).await;
        for spec in specs.iter().filter(|s| s.method == axum::http::Method::GET) {
            let path = spec
                .path
                .replace("{org}", "alpha")
                .replace("{id}", &if spec.path.contains("/people/") { person.to_string() } else { case.to_string() })
                .replace("{person}", &person.to_string())
                .replace("{event}", &case.to_string())
                .replace("{follow_up}", "x")
                .replace("{token}", "x")
                .replace("{*path}", "app.css");
            let mut responses = vec![app.get_as(&path, &b).await];
            if path.starts_with("/api/") {
                responses.push(app.get_with_token(&path, &admin_token).await);
                responses.push(app.get_with_token(&path, &both_token).await);
            }
            for r in responses {
                checked += 1;
                // The staff directory lists everyone (for admins); it never says who has a case.
                let directory = path.contains("/people") || path.ends_with("/admin/people");
                assert!(!r.body.contains(CONTEXT), "{email} got the intake context from {path}");
                assert!(
                    !r.body.contains(&case.to_string()) || path.contains(&case.to_string()),
                    "{email} got the case id from {path}"
                );
                if !directory {
                    assert!(
                        !r.body.contains(NAME) && !r.body.contains(EMAIL),
                        "{email} got the name from {path}: {}",
                        r.status
                    );
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // No email ever went to them.
    for (to, _, _) in app.mailbox() {
        assert!(
            !["lea@alpha.example", "ada@alpha.example", "both@alpha.example", "ops@network.example"]
                .contains(&to.as_str())
        );
    }
}

#[tokio::test]
async fn a_person_is_exported_then_erased_and_no_row_mentions_them() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let cora = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, cora).await;
    let sam = app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    let (person, case) = seeded(&app, &org).await;
    let base = format!("/api/v1/orgs/alpha/people/{person}");

    // While the case is open, erasure is refused and changes nothing.
    let refused = api(&app, "DELETE", &base, &token, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("open case"));
    close(&app, &org, case, sam_person).await;
    // Someone with an account cannot be erased this way either.
    let with_account = api(&app, "DELETE", &format!("/api/v1/orgs/alpha/people/{sam_person}"), &token, None).await;
    assert_eq!(with_account.status, StatusCode::CONFLICT);
    // Unknown and another organisation's ids are 404.
    let beta = app.org("beta").await;
    let elsewhere = app.person(&beta, "Elsewhere Person").await;
    for id in [PersonId::generate().to_string(), elsewhere.id.to_string(), "not-an-id".to_owned()] {
        assert_eq!(
            api(&app, "DELETE", &format!("/api/v1/orgs/alpha/people/{id}"), &token, None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            api(&app, "GET", &format!("/api/v1/orgs/alpha/people/{id}/export"), &token, None).await.status,
            StatusCode::NOT_FOUND
        );
    }

    let export = api(&app, "GET", &format!("{base}/export"), &token, None).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let data = export.json();
    assert_eq!(data["directory_entry"]["name"], NAME);
    assert_eq!(data["directory_entry"]["employee_id"], STAFF_NO);
    assert_eq!(data["cases_as_colleague_supported"][0]["id"], case.to_string());
    assert_eq!(data["cases_as_colleague_supported"][0]["outcome"], "supported");
    assert!(!export.body.contains("sam"), "another person's name is not theirs to export");

    let erased = api(&app, "DELETE", &base, &token, None).await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    assert_eq!(erased.json()["cases_deidentified"], 1);
    for needle in [NAME, "Quartermain", EMAIL, PHONE, STAFF_NO, &person.to_string()] {
        assert_eq!(scan(&app.db, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
    // Erasing again finds nobody; the counting record stays; the audit chain still verifies.
    assert_eq!(api(&app, "DELETE", &base, &token, None).await.status, StatusCode::NOT_FOUND);
    let c = reachin_store::cases::get(&app.db, org.id, case).await.unwrap().unwrap();
    assert_eq!((c.subject_id, c.category.as_str()), (None, "unexpected_death"));
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { .. }));
}

#[tokio::test]
async fn the_privacy_page_is_public_plain_and_linked_from_the_request_page() {
    let app = TestApp::new().await;
    app.org("alpha").await;
    let support = app.get("/o/alpha/support").await;
    assert!(support.body.contains("href=\"/o/alpha/privacy\""));
    let page = app.get("/o/alpha/privacy").await;
    assert_eq!(page.status, StatusCode::OK);
    for words in ["What we keep", "What we never keep", "Who can see it", "30 days", "at least 10 people"] {
        assert!(page.body.contains(words), "{words}");
    }
    assert_eq!(app.get("/o/nowhere/privacy").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_change_without_an_audit_entry_of_its_own_is_audited_by_route() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let cora = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let b = app.sign_in("cora@alpha.example").await;
    let added = app
        .post_form(
            "/o/alpha/coordinator/resources",
            Some(&b),
            &[("kind", "eap"), ("name", "EAP"), ("how_to_reach", "0800 000 000")],
        )
        .await;
    assert!(added.status.is_redirection() || added.status.is_success(), "{}", added.body);
    let token = app.token(&org, cora).await;
    let holidays = serde_json::json!({"holidays": ["2026-12-25"]});
    let set = api(&app, "PUT", "/api/v1/orgs/alpha/holidays", &token, Some(holidays)).await;
    let rows: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT detail, user_id, org_id FROM audit_log WHERE action = 'changed' ORDER BY seq")
            .fetch_all(app.db.reader())
            .await
            .unwrap();
    let details: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(details.contains(&"POST /o/{org}/coordinator/resources"), "{details:?}");
    assert!(rows.iter().all(|r| r.1.as_deref() == Some(cora.to_string().as_str()) && r.2 == Some(org.id.to_string())));
    // A refused change leaves no `changed` entry (the coordinator may not set holidays).
    assert_eq!(set.status, StatusCode::FORBIDDEN);
    assert!(!details.iter().any(|d| d.contains("holidays")));
}

#[tokio::test]
async fn erasing_someone_whose_account_is_disabled_removes_the_account_too() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let cora = app.user(Some(&org), "cora@alpha.example", &[Role::Coordinator]).await;
    let token = app.token(&org, cora).await;
    let sam = app.user(Some(&org), "sam.w@alpha.example", &[Role::Supporter]).await;
    let sam_person = reachin_store::users::person_in(&app.db, org.id, sam).await.unwrap().unwrap();
    let (_, case) = seeded(&app, &org).await;
    close(&app, &org, case, sam_person).await;
    let path = format!("/api/v1/orgs/alpha/people/{sam_person}");
    assert_eq!(api(&app, "DELETE", &path, &token, None).await.status, StatusCode::CONFLICT);
    reachin_store::users::disable(&app.db, sam).await.unwrap();
    let erased = api(&app, "DELETE", &path, &token, None).await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    for needle in ["sam.w@alpha.example", &sam.to_string(), &sam_person.to_string()] {
        let left: Vec<String> =
            scan(&app.db, needle).await.into_iter().filter(|c| !c.starts_with("audit_log.user_id")).collect();
        assert_eq!(left, Vec::<String>::new(), "{needle}");
    }
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { .. }));
}

#[tokio::test]
async fn an_organisation_admin_sets_retention_on_a_page_and_a_bad_value_changes_nothing() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "ada@alpha.example", &[Role::OrgAdmin]).await;
    let a = app.sign_in("ada@alpha.example").await;
    let page = app.get_as("/o/alpha/admin/privacy", &a).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"30\""));
    for (days, directory) in [("400", "kept"), ("ten", "kept"), ("10", "forgotten")] {
        let bad = app
            .post_form("/o/alpha/admin/privacy", Some(&a), &[("retention_days", days), ("directory", directory)])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{days} {directory}");
        assert!(bad.body.contains("role=\"alert\""));
    }
    assert_eq!(reachin_store::privacy::settings(&app.db, org.id).await.unwrap().retention.days(), 30);
    let ok =
        app.post_form("/o/alpha/admin/privacy", Some(&a), &[("retention_days", "90"), ("directory", "imported")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let s = reachin_store::privacy::settings(&app.db, org.id).await.unwrap();
    assert_eq!((s.retention.days(), s.directory), (90, reachin_domain::privacy::DirectoryMode::Imported));
    let shown = app.get_as("/o/alpha/admin/privacy?saved=1", &a).await;
    assert!(shown.body.contains("Saved.") && shown.body.contains("value=\"90\""));
    // Clinicians are told the organisation's own period.
    assert!(app.get("/o/alpha/privacy").await.body.contains("after 90 days"));
    // The suppression floor: never below five, and shown to clinicians as it is.
    let low = app
        .post_form(
            "/o/alpha/admin/privacy",
            Some(&a),
            &[("retention_days", "90"), ("directory", "imported"), ("suppression_floor", "3")],
        )
        .await;
    assert_eq!(low.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reachin_store::privacy::suppression_floor(&app.db, org.id).await.unwrap(), 10);
    let set = app
        .post_form(
            "/o/alpha/admin/privacy",
            Some(&a),
            &[("retention_days", "90"), ("directory", "imported"), ("suppression_floor", "12")],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert!(app.get("/o/alpha/privacy").await.body.contains("at least 12 people"));
}

#[tokio::test]
async fn old_audit_entries_are_pruned_from_the_start_and_the_rest_still_verifies() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    for n in 0..5 {
        let e = audit::Entry::new(AuditAction::CaseViewed).org(org.id).detail(n.to_string());
        audit::append(&app.db, &e, app.now()).await.unwrap();
    }
    app.clock.advance(SignedDuration::from_hours(24 * 400));
    for n in 5..8 {
        let e = audit::Entry::new(AuditAction::CaseViewed).org(org.id).detail(n.to_string());
        audit::append(&app.db, &e, app.now()).await.unwrap();
    }
    // Nothing is older than six years yet.
    assert_eq!(reachin_server::state::prune_audit(&app.state).await.unwrap(), 0);
    assert_eq!(audit::prune(&app.db, app.now() - SignedDuration::from_hours(24 * 30)).await.unwrap(), 5);
    assert_eq!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { entries: 3 });
    // Appending after a prune continues the chain.
    audit::append(&app.db, &audit::Entry::new(AuditAction::SignOut), app.now()).await.unwrap();
    assert_eq!(audit::verify(&app.db).await.unwrap(), Verdict::Intact { entries: 4 });
    // Moving the start by hand (to hide deleted entries) is found: the start is vouched for by
    // the key.
    sqlx::query("DELETE FROM audit_log WHERE seq = 6").execute(app.db.writer()).await.unwrap();
    sqlx::query("UPDATE audit_head SET first_seq = 7, anchor = (SELECT prev_hash FROM audit_log WHERE seq = 7)")
        .execute(app.db.writer())
        .await
        .unwrap();
    assert!(matches!(audit::verify(&app.db).await.unwrap(), Verdict::Broken { seq: 7, .. }));
}
