//! The authorisation matrix: every route × every kind of caller, with the expected answer.
//!
//! The rows below are written by hand, on purpose: they are the specification. The test fails
//! when the route table has a route without a row, a row without a route, a route whose declared
//! access differs from its row, or any caller who gets in where they must not (or is kept out
//! where they may go).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use reachin_domain::Role;
use reachin_domain::role::Access;
use reachin_server::routes;

use crate::support::{Browser, TestApp, TestResponse};

/// Who may call a route, as the specification says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    Public,
    SignedIn,
    Member,
    Roles(&'static [Role]),
    Operator,
}

const C: Role = Role::Coordinator;
const S: Role = Role::Supporter;
const L: Role = Role::Leader;
const A: Role = Role::OrgAdmin;
const I: Role = Role::Integration;

const MATRIX: &[(&str, &str, Rule)] = &[
    ("GET", "/", Rule::Public),
    ("GET", "/sign-in", Rule::Public),
    ("POST", "/sign-in", Rule::Public),
    ("GET", "/healthz", Rule::Public),
    ("GET", "/readyz", Rule::Public),
    ("GET", "/metrics", Rule::Public),
    ("GET", "/api/openapi.json", Rule::Public),
    ("GET", "/api/docs", Rule::Public),
    ("GET", "/static/{*path}", Rule::Public),
    ("GET", "/o/{org}/support", Rule::Public),
    ("POST", "/o/{org}/support", Rule::Public),
    ("GET", "/o/{org}/privacy", Rule::Public),
    ("GET", "/o/{org}/feedback/{token}", Rule::Public),
    ("GET", "/o/{org}/opt-out", Rule::Public),
    ("POST", "/o/{org}/opt-out", Rule::Public),
    ("GET", "/o/{org}/opt-out/{token}", Rule::Public),
    ("POST", "/o/{org}/opt-out/{token}", Rule::Public),
    ("POST", "/o/{org}/feedback/{token}", Rule::Public),
    ("POST", "/sign-out", Rule::SignedIn),
    ("GET", "/home", Rule::SignedIn),
    ("GET", "/api/v1/me", Rule::SignedIn),
    ("GET", "/o/{org}", Rule::Member),
    ("GET", "/o/{org}/coordinator", Rule::Roles(&[C])),
    ("GET", "/o/{org}/supporter", Rule::Roles(&[S])),
    ("GET", "/o/{org}/leader", Rule::Roles(&[L])),
    ("GET", "/o/{org}/admin", Rule::Roles(&[A])),
    ("GET", "/o/{org}/admin/people", Rule::Roles(&[A])),
    ("GET", "/o/{org}/admin/privacy", Rule::Roles(&[A])),
    ("POST", "/o/{org}/admin/privacy", Rule::Roles(&[A])),
    ("GET", "/o/{org}/admin/break-glass", Rule::Roles(&[A])),
    ("POST", "/o/{org}/admin/break-glass", Rule::Roles(&[A])),
    ("GET", "/o/{org}/admin/break-glass/{id}", Rule::Roles(&[A])),
    ("GET", "/api/v1/orgs/{org}/privacy", Rule::Roles(&[A])),
    ("PUT", "/api/v1/orgs/{org}/privacy", Rule::Roles(&[A])),
    ("GET", "/api/v1/orgs/{org}/people/{id}/export", Rule::Roles(&[C])),
    ("DELETE", "/api/v1/orgs/{org}/people/{id}", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/cases", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/cases/new", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/cases/new", Rule::Roles(&[C])),
    ("GET", "/o/{org}/refer", Rule::Member),
    ("POST", "/o/{org}/refer", Rule::Member),
    ("GET", "/o/{org}/cases/{id}", Rule::Roles(&[C, S])),
    ("POST", "/o/{org}/cases/{id}/actions", Rule::Roles(&[C, S])),
    ("GET", "/api/v1/orgs/{org}", Rule::Member),
    ("GET", "/api/v1/orgs/{org}/holidays", Rule::Member),
    ("PUT", "/api/v1/orgs/{org}/holidays", Rule::Roles(&[A])),
    ("GET", "/api/v1/orgs/{org}/email-templates", Rule::Roles(&[C])),
    ("PUT", "/api/v1/orgs/{org}/email-templates/{id}", Rule::Roles(&[C])),
    ("DELETE", "/api/v1/orgs/{org}/email-templates/{id}", Rule::Roles(&[C])),
    ("GET", "/api/v1/orgs/{org}/people", Rule::Roles(&[A, C])),
    ("POST", "/api/v1/orgs/{org}/people", Rule::Roles(&[A, I])),
    ("GET", "/api/v1/orgs/{org}/people/{id}", Rule::Roles(&[A, C])),
    ("PUT", "/api/v1/orgs/{org}/people/{id}", Rule::Roles(&[A, I])),
    ("POST", "/api/v1/orgs/{org}/people/{id}/outreach-opt-out", Rule::Roles(&[C])),
    ("POST", "/api/v1/orgs/{org}/cases", Rule::Roles(&[C])),
    ("GET", "/api/v1/orgs/{org}/cases", Rule::Roles(&[C])),
    ("GET", "/api/v1/orgs/{org}/cases/{id}", Rule::Roles(&[C, S])),
    ("GET", "/api/v1/orgs/{org}/cases/{id}/candidates", Rule::Roles(&[C])),
    ("POST", "/api/v1/orgs/{org}/cases/{id}/actions", Rule::Roles(&[C, S])),
    ("POST", "/api/v1/orgs/{org}/cases/{id}/follow-ups", Rule::Roles(&[C, S])),
    ("POST", "/api/v1/orgs/{org}/cases/{id}/resources", Rule::Roles(&[C, S])),
    ("POST", "/api/v1/orgs/{org}/referrals", Rule::Member),
    ("GET", "/api/v1/orgs/{org}/my-cases", Rule::Roles(&[S])),
    ("POST", "/api/v1/orgs/{org}/safety-events", Rule::Roles(&[C, I])),
    ("POST", "/o/{org}/cases/{id}/resources", Rule::Roles(&[C, S])),
    ("POST", "/o/{org}/cases/{id}/follow-ups", Rule::Roles(&[C, S])),
    ("GET", "/o/{org}/cases/{id}/follow-ups/{follow_up}/calendar.ics", Rule::Roles(&[C, S])),
    ("GET", "/o/{org}/coordinator/resources", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/resources", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/resources/{id}/remove", Rule::Roles(&[C])),
    ("GET", "/api/v1/orgs/{org}/resources", Rule::Member),
    ("POST", "/api/v1/orgs/{org}/resources", Rule::Roles(&[C])),
    ("DELETE", "/api/v1/orgs/{org}/resources/{id}", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/supporters", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/supporters", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/supporters/{person}", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/supporters/{person}", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/supervision", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/supervision", Rule::Roles(&[C])),
    ("GET", "/o/{org}/coordinator/events/{event}/batch", Rule::Roles(&[C])),
    ("POST", "/o/{org}/coordinator/events/{event}/batch", Rule::Roles(&[C])),
    ("GET", "/o/{org}/supporter/availability", Rule::Roles(&[S])),
    ("POST", "/o/{org}/supporter/availability", Rule::Roles(&[S])),
    ("GET", "/api/v1/orgs/{org}/safety-events/{id}/batch", Rule::Roles(&[C])),
    ("POST", "/api/v1/orgs/{org}/safety-events/{id}/batch", Rule::Roles(&[C])),
    ("GET", "/api/v1/orgs/{org}/supporters", Rule::Roles(&[C])),
    ("PUT", "/api/v1/orgs/{org}/supporters/{id}/status", Rule::Roles(&[C])),
    ("POST", "/api/v1/orgs/{org}/supporters/{id}/trainings", Rule::Roles(&[C])),
    ("POST", "/api/v1/orgs/{org}/my-away-periods", Rule::Roles(&[S])),
    ("GET", "/api/v1/orgs/{org}/matching-policy", Rule::Roles(&[A, C])),
    ("PUT", "/api/v1/orgs/{org}/matching-policy", Rule::Roles(&[A])),
    ("GET", "/o/{org}/answer/{token}", Rule::Public),
    ("POST", "/o/{org}/answer/{token}", Rule::Public),
    ("GET", "/o/{org}/self-check", Rule::Public),
    ("POST", "/o/{org}/self-check", Rule::Public),
    ("GET", "/o/{org}/surveys", Rule::Roles(&[C, L])),
    ("POST", "/o/{org}/surveys", Rule::Roles(&[C, L])),
    ("GET", "/o/{org}/surveys/{id}", Rule::Roles(&[C, L])),
    ("POST", "/o/{org}/surveys/{id}/close", Rule::Roles(&[C, L])),
    ("GET", "/o/{org}/reports/programme", Rule::Roles(&[C, L, I])),
    ("GET", "/o/{org}/reports/programme.csv", Rule::Roles(&[C, L, I])),
    ("GET", "/o/{org}/reports/annual", Rule::Roles(&[C, L, I])),
    ("GET", "/o/{org}/reports/surveys", Rule::Roles(&[C, L, I])),
    ("GET", "/o/{org}/reports/surveys.csv", Rule::Roles(&[C, L, I])),
    ("GET", "/api/v1/orgs/{org}/surveys", Rule::Roles(&[C, L])),
    ("POST", "/api/v1/orgs/{org}/surveys", Rule::Roles(&[C, L])),
    ("GET", "/api/v1/orgs/{org}/reports/programme", Rule::Roles(&[C, L, I])),
    ("GET", "/api/v1/orgs/{org}/reports/surveys/{id}", Rule::Roles(&[C, L, I])),
    ("GET", "/network", Rule::Operator),
    ("GET", "/network/reports", Rule::Operator),
    ("GET", "/api/v1/network/orgs", Rule::Operator),
    ("GET", "/api/v1/network/reports", Rule::Operator),
];

fn declared(access: Access) -> Rule {
    match access {
        Access::Public => Rule::Public,
        Access::SignedIn => Rule::SignedIn,
        Access::OrgMember => Rule::Member,
        Access::Org(roles) => Rule::Roles(roles),
        Access::NetworkOperator => Rule::Operator,
    }
}

#[test]
fn every_route_has_exactly_one_row_and_agrees_with_its_declaration() {
    let (_, specs) = routes::table();
    for spec in &specs {
        let row = MATRIX.iter().filter(|(m, p, _)| *m == spec.method.as_str() && *p == spec.path).collect::<Vec<_>>();
        assert_eq!(row.len(), 1, "route {} {} needs exactly one row in the matrix", spec.method, spec.path);
        let rule = row[0].2;
        let same = match (rule, declared(spec.access)) {
            (Rule::Roles(a), Rule::Roles(b)) => {
                let mut a = a.to_vec();
                let mut b = b.to_vec();
                a.sort();
                b.sort();
                a == b
            }
            (a, b) => a == b,
        };
        assert!(same, "{} {}: the matrix says {rule:?}, the route declares {:?}", spec.method, spec.path, spec.access);
    }
    for (m, p, _) in MATRIX {
        assert!(
            specs.iter().any(|s| s.method.as_str() == *m && s.path == *p),
            "the matrix has {m} {p}, which is not a route"
        );
    }
}

/// Kinds of caller.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    Member(Role),
    /// Holds every role, but in the other organisation.
    OtherOrg,
    /// The network operator (no membership).
    Operator,
    /// An API token of a coordinator of this organisation.
    TokenCoordinator,
    /// An API token of a coordinator of the other organisation.
    TokenOtherOrg,
}

enum Credential {
    None,
    Browser(Browser),
    Token(String),
}

#[derive(Debug, PartialEq)]
enum Outcome {
    /// Reached the handler.
    Allowed,
    /// Sent to sign in (401 or a redirect to the sign-in page).
    Unauthenticated,
    /// 403
    Forbidden,
    /// 404
    NotFound,
}

fn outcome(res: &TestResponse) -> Outcome {
    match res.status {
        StatusCode::UNAUTHORIZED => Outcome::Unauthenticated,
        // Sent to sign in — unless this is a sign-out, which clears the cookie on its way there.
        StatusCode::SEE_OTHER
            if res.location().starts_with("/sign-in") && !res.header("set-cookie").contains("Max-Age=0") =>
        {
            Outcome::Unauthenticated
        }
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::NotFound,
        _ => Outcome::Allowed,
    }
}

fn expected(rule: Rule, who: Who, path: &str) -> Outcome {
    let org_route = path.contains("{org}");
    match (rule, who) {
        (Rule::Public, _) => Outcome::Allowed,
        (_, Who::Anonymous) => Outcome::Unauthenticated,
        (Rule::SignedIn, _) => Outcome::Allowed,
        (Rule::Operator, Who::Operator) => Outcome::Allowed,
        (Rule::Operator, _) => Outcome::Forbidden,
        // Not a member here (or a token of elsewhere): the organisation does not exist for them.
        (_, Who::OtherOrg | Who::Operator | Who::TokenOtherOrg) if org_route => Outcome::NotFound,
        (Rule::Member, _) => Outcome::Allowed,
        (Rule::Roles(roles), Who::Member(r)) => {
            if roles.contains(&r) {
                Outcome::Allowed
            } else {
                Outcome::Forbidden
            }
        }
        (Rule::Roles(roles), Who::TokenCoordinator) => {
            if roles.contains(&Role::Coordinator) {
                Outcome::Allowed
            } else {
                Outcome::Forbidden
            }
        }
        (rule, who) => panic!("no expectation for {rule:?} × {who:?}"),
    }
}

async fn call(app: &TestApp, method: &Method, path: &str, cred: &Credential) -> TestResponse {
    let mut req = Request::builder().method(method.clone()).uri(path);
    match cred {
        Credential::None => {}
        Credential::Browser(b) => {
            req = req.header(header::COOKIE, &b.cookie).header("x-csrf-token", &b.csrf);
        }
        Credential::Token(t) => {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
    }
    let body = if (*method == Method::POST || *method == Method::PUT) && path.starts_with("/api/") {
        req = req.header(header::CONTENT_TYPE, "application/json");
        Body::from("{\"name\": \"Matrix Person\"}")
    } else {
        Body::empty()
    };
    app.send(req.body(body).unwrap()).await
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_matrix_says() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    let other = app.org("beta").await;
    let mut callers: Vec<(Who, String)> = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@alpha.example", role.as_str().replace('_', "-"));
        app.user(Some(&org), &email, &[role]).await;
        callers.push((Who::Member(role), email));
    }
    app.user(Some(&other), "all@beta.example", &Role::ALL).await;
    callers.push((Who::OtherOrg, "all@beta.example".into()));
    app.user_full(None, "ops@network.example", &[], true).await;
    callers.push((Who::Operator, "ops@network.example".into()));
    let coord =
        reachin_store::users::by_email(&app.db, &"coordinator@alpha.example".parse().unwrap()).await.unwrap().unwrap();
    let token_here = app.token(&org, coord.id).await;
    let beta_user =
        reachin_store::users::by_email(&app.db, &"all@beta.example".parse().unwrap()).await.unwrap().unwrap();
    let token_there = app.token(&other, beta_user.id).await;
    let person = app.person(&org, "Matrix Subject").await;
    // The case the matrix asks about is held by the matrix's supporter, so "supporter" here means
    // its own supporter; other supporters' access is tested separately.
    let supporter =
        reachin_store::users::by_email(&app.db, &"supporter@alpha.example".parse().unwrap()).await.unwrap().unwrap();
    let supporter_person = reachin_store::users::person_in(&app.db, org.id, supporter.id).await.unwrap().unwrap();
    let case_id = crate::cases::open_case_held_by(&app, &org, person.id, supporter_person).await;
    let reminder = reachin_server::jobs::case_job("noop", org.id, case_id, 0, app.now());
    let follow_up = reachin_store::follow_ups::add(
        &app.db,
        org.id,
        case_id,
        app.now() + jiff::SignedDuration::from_hours(24),
        reminder,
        app.now(),
    )
    .await
    .unwrap();

    // A safety event with a case still waiting for a supporter, for the batch routes.
    let waiting = reachin_domain::directory::PersonInput {
        name: "Matrix Waiting".into(),
        email: Some("waiting@alpha.example".into()),
        ..Default::default()
    }
    .parse(org.id, reachin_domain::PersonId::generate())
    .unwrap();
    reachin_store::directory::insert(&app.db, &waiting, app.now()).await.unwrap();
    let event_body = serde_json::json!({
        "reference": "MATRIX-1", "category": "unexpected_death",
        "involved": [{"email": "waiting@alpha.example"}]
    });
    let made = app.post_json_with_token("/api/v1/orgs/alpha/safety-events", &token_here, &event_body.to_string()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let event_id = made.json()["event_id"].as_str().unwrap().to_owned();

    // The organisation admin holds break-glass access to the case, so its page is theirs to see.
    let admin =
        reachin_store::users::by_email(&app.db, &"org-admin@alpha.example".parse().unwrap()).await.unwrap().unwrap();
    let until = app.now() + jiff::SignedDuration::from_hours(24);
    let grant = reachin_store::privacy::Grant {
        org: org.id,
        case: case_id,
        user: admin.id,
        justification: "the matrix needs it",
        now: app.now(),
        until,
    };
    reachin_store::privacy::grant_break_glass(&app.db, &grant, |_| Vec::new()).await.unwrap();

    // A survey wave, for the wave and survey report routes.
    let wave = reachin_domain::WaveId::generate();
    let form = reachin_domain::survey::Form::new(true, false, Vec::new()).unwrap();
    let new_wave = reachin_store::surveys::NewWave {
        id: wave,
        org: org.id,
        title: "Matrix wave".into(),
        form: serde_json::to_string(&form).unwrap(),
        population: "{}".into(),
        opened_at: app.now(),
        closes_at: app.now() + jiff::SignedDuration::from_hours(24),
        created_by: None,
        form_key: None,
    };
    reachin_store::surveys::open(&app.db, &new_wave, &[], |_| unreachable!()).await.unwrap();

    let (_, specs) = routes::table();
    let mut failures = Vec::new();
    let mut checked = 0;
    for spec in &specs {
        let rule = MATRIX.iter().find(|(m, p, _)| *m == spec.method.as_str() && *p == spec.path).map(|r| r.2).unwrap();
        let mut whos: Vec<(Who, Credential)> = vec![
            (Who::Anonymous, Credential::None),
            (Who::TokenCoordinator, Credential::Token(token_here.clone())),
            (Who::TokenOtherOrg, Credential::Token(token_there.clone())),
        ];
        for (who, email) in &callers {
            // A fresh session per call: sign-out must not end the next call's session.
            whos.push((*who, Credential::Browser(app.sign_in(email).await)));
        }
        for (who, cred) in &whos {
            // A fresh resource for each call: a DELETE must not find it gone after an earlier one.
            let resource = reachin_domain::ResourceId::generate();
            let r = reachin_store::resources::Resource {
                id: resource,
                kind: reachin_domain::case::ResourceKind::Eap,
                name: "EAP".into(),
                how_to_reach: "0800 000 000".into(),
                hours: None,
                crisis: false,
            };
            if spec.path.contains("/email-templates/") {
                reachin_store::email_templates::set(&app.db, org.id, "email-new-case-subject", "New request")
                    .await
                    .unwrap();
            }
            let id = if spec.path.contains("/email-templates/") {
                "email-new-case-subject".to_owned()
            } else if spec.path.contains("/safety-events/") {
                event_id.clone()
            } else if spec.path.contains("/cases/") || spec.path.contains("/break-glass/") {
                case_id.to_string()
            } else if spec.path.contains("/surveys/") {
                wave.to_string()
            } else if spec.path.contains("/resources/") {
                reachin_store::resources::add(&app.db, org.id, &r, app.now()).await.unwrap();
                resource.to_string()
            } else {
                person.id.to_string()
            };
            let concrete = spec
                .path
                .replace("{org}", "alpha")
                .replace("{id}", &id)
                .replace("{follow_up}", &follow_up)
                .replace("{person}", &supporter_person.to_string())
                .replace("{event}", &event_id)
                .replace("{*path}", "app.css");
            let audited_before = audit_entries(&app).await;
            let res = call(&app, &spec.method, &concrete, cred).await;
            // Every change someone makes is audited: a state-changing route that succeeded for a
            // caller left at least one entry (public forms act for nobody and are left out).
            let changed = spec.method != Method::GET
                && (res.status.is_success() || res.status.is_redirection())
                && outcome(&res) == Outcome::Allowed;
            if changed && rule != Rule::Public && audit_entries(&app).await == audited_before {
                failures.push(format!(
                    "{} {} as {who:?}: succeeded ({}) but left no audit entry",
                    spec.method, spec.path, res.status
                ));
            }
            let got = match outcome(&res) {
                // `/` sends everyone who is not signed in to the sign-in page: that is its job.
                Outcome::Unauthenticated if rule == Rule::Public => Outcome::Allowed,
                other => other,
            };
            // Tokens act in one organisation: the network operator's routes refuse them.
            let want = match (who, rule) {
                (Who::TokenCoordinator | Who::TokenOtherOrg, Rule::Operator) => Outcome::Forbidden,
                _ => expected(rule, *who, spec.path),
            };
            checked += 1;
            if got != want {
                failures.push(format!("{} {} as {who:?}: expected {want:?}, got {got:?}", spec.method, spec.path));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n{}", failures.len(), failures.join("\n"));
}

async fn audit_entries(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(app.db.reader()).await.unwrap();
    n
}

#[tokio::test]
async fn refused_authorisations_are_counted() {
    let app = TestApp::new().await;
    let org = app.org("alpha").await;
    app.user(Some(&org), "sam@alpha.example", &[Role::Supporter]).await;
    let b = app.sign_in("sam@alpha.example").await;
    assert_eq!(app.get_as("/o/alpha/coordinator", &b).await.status, StatusCode::FORBIDDEN);
    let metrics = app.get("/metrics").await.body;
    assert!(metrics.contains("reachin_refused_authorisations_total 1"), "{metrics}");
}
