//! The test harness: `TestApp` and helpers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::{SignedDuration, Timestamp};
use reachin_domain::directory::{Person, PersonInput};
use reachin_domain::org::{Locale, Organisation, WorkingHours};
use reachin_domain::{Clock, OrgId, PersonId, Role, UserId};
use reachin_server::auth::secrets;
use reachin_server::config::{Config, PasswordCost};
use reachin_server::state::AppState;
use reachin_store::{Db, PoolSizes, directory, orgs, tokens, users};
use tower::ServiceExt;

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct TestClock(Mutex<Timestamp>);

impl TestClock {
    pub fn advance(&self, by: SignedDuration) {
        let mut t = self.0.lock().unwrap();
        *t += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: Db,
    pub clock: Arc<TestClock>,
    // Last, so the database is dropped after everything that uses it.
    _scratch: Scratch,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }
}

/// A signed-in browser: its cookie and the CSRF token of its session.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

fn pg_url_with_schema(base: &str, schema: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}&application_name={schema}")
}

/// What one test's database leaves behind, removed when the test ends: a temporary directory
/// (the SQLite file, a CLI's working directory) and, on PostgreSQL, the test's own schema.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pg_schema: Option<(String, String)>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let Some((base, schema)) = self.pg_schema.take() else {
            return;
        };
        // Drop runs outside async; a thread with its own runtime does the clean-up.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(db) = Db::connect(&base, PoolSizes { max_connections: 2, ..PoolSizes::default() }).await {
                    // The test's own connections (named after the schema) may still be open:
                    // their runtime is the one this drop is blocking. End them first.
                    let end = format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{schema}'"
                    );
                    let _ = sqlx::query(sqlx::AssertSqlSafe(end)).execute(db.writer()).await;
                    let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.writer()).await;
                    db.close().await;
                }
            });
        })
        .join();
    }
}

/// The URL of a fresh, empty database for one test: a new schema on the PostgreSQL named by
/// `REACHIN_TEST_DATABASE_URL`, or a SQLite file in a temporary directory.
pub async fn fresh_database_url() -> (String, Scratch) {
    let dir = tempfile::tempdir().unwrap();
    if let Ok(base) = std::env::var("REACHIN_TEST_DATABASE_URL") {
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let admin = Db::connect(&base, PoolSizes { max_connections: 2, ..PoolSizes::default() }).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(admin.writer()).await.unwrap();
        admin.close().await;
        let url = pg_url_with_schema(&base, &schema);
        (url, Scratch { dir, pg_schema: Some((base, schema)) })
    } else {
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        (url, Scratch { dir, pg_schema: None })
    }
}

/// The master key every test database is sealed with (also given to the real binary).
pub const TEST_MASTER_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// `TEST_MASTER_KEY`, parsed.
pub fn test_master_key() -> reachin_store::crypt::MasterKey {
    reachin_store::crypt::MasterKey::parse(TEST_MASTER_KEY).unwrap()
}

/// A fresh, migrated database for one test; keep the `Scratch` until the test ends.
pub async fn fresh_db() -> (Db, Scratch) {
    let (url, scratch) = fresh_database_url().await;
    let db = Db::connect(&url, PoolSizes { max_connections: 4, ..PoolSizes::default() })
        .await
        .unwrap()
        .with_master_key(test_master_key());
    db.migrate().await.unwrap();
    (db, scratch)
}

pub fn test_config() -> Config {
    Config { password_cost: PasswordCost::WEAK_FOR_TESTS_ONLY, ..Config::default() }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_config(test_config()).await
    }

    pub async fn with_config(config: Config) -> Self {
        let (db, scratch) = fresh_db().await;
        let config = Config { mailbox_dir: Some(scratch.dir.path().join("mailbox")), ..config };
        let clock = Arc::new(TestClock(Mutex::new("2026-11-30T09:00:00Z".parse().unwrap())));
        let state = AppState::new(db.clone(), config, clock.clone()).unwrap();
        let router = reachin_server::app::router(state.clone());
        TestApp { router, state, db, clock, _scratch: scratch }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The test's temporary directory (the SQLite file lives here).
    pub fn scratch_dir(&self) -> std::path::PathBuf {
        self._scratch.dir.path().to_owned()
    }

    /// Runs every job that is due by the test clock.
    pub async fn run_jobs(&self) -> usize {
        reachin_server::jobs::run_due(&self.state).await.unwrap()
    }

    /// The emails written to the mailbox so far, as (to, subject, body), oldest first.
    pub fn mailbox(&self) -> Vec<(String, String, String)> {
        let Some(dir) = self.state.config.mailbox_dir.clone() else { return Vec::new() };
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                let header = |name: &str| {
                    text.lines()
                        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                        .unwrap_or_default()
                        .trim()
                        .to_owned()
                };
                let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or_default().to_owned();
                (header("To"), header("Subject"), body)
            })
            .collect()
    }

    pub async fn send(&self, mut req: Request<Body>) -> TestResponse {
        if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    pub async fn get_as(&self, path: &str, b: &Browser) -> TestResponse {
        self.send(Request::get(path).header(header::COOKIE, &b.cookie).body(Body::empty()).unwrap()).await
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> TestResponse {
        let req =
            Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
        self.send(req).await
    }

    /// A form post, as a browser would send it (cookie and token when given).
    pub async fn post_form(&self, path: &str, b: Option<&Browser>, fields: &[(&str, &str)]) -> TestResponse {
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            body.append_pair(k, v);
        }
        if let Some(b) = b {
            body.append_pair("csrf_token", &b.csrf);
        }
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(b) = b {
            req = req.header(header::COOKIE, &b.cookie);
        }
        self.send(req.body(Body::from(body.finish())).unwrap()).await
    }

    pub async fn post_json_with_token(&self, path: &str, token: &str, body: &str) -> TestResponse {
        let req = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(req).await
    }

    pub async fn org(&self, slug: &str) -> Organisation {
        self.org_with_locale(slug, Locale::EnGb).await
    }

    pub async fn org_with_locale(&self, slug: &str, locale: Locale) -> Organisation {
        let org = Organisation {
            id: OrgId::generate(),
            slug: slug.parse().unwrap(),
            name: format!("{slug} hospital"),
            time_zone: "Europe/London".parse().unwrap(),
            locale,
            working_hours: WorkingHours::default(),
        };
        orgs::create(&self.db, &org, self.now()).await.unwrap();
        org
    }

    pub async fn person(&self, org: &Organisation, name: &str) -> Person {
        let input = PersonInput { name: name.into(), ..PersonInput::default() };
        let p = input.parse(org.id, PersonId::generate()).unwrap();
        directory::insert(&self.db, &p, self.now()).await.unwrap();
        p
    }

    /// A user with `roles` in `org` (none: a user with no membership).
    pub async fn user(&self, org: Option<&Organisation>, email: &str, roles: &[Role]) -> UserId {
        self.user_full(org, email, roles, false).await
    }

    pub async fn user_full(&self, org: Option<&Organisation>, email: &str, roles: &[Role], operator: bool) -> UserId {
        let hash = self.state.passwords.hash(PASSWORD.into()).await.unwrap();
        let new = users::NewUser {
            email: email.parse().unwrap(),
            display_name: email.split('@').next().unwrap().to_owned(),
            password_hash: hash,
            network_operator: operator,
        };
        let id = users::create(&self.db, &new, self.now()).await.unwrap();
        if let Some(org) = org {
            let person = self.person(org, &new.display_name).await;
            users::grant(&self.db, org.id, id, Some(person.id), roles, self.now()).await.unwrap();
        }
        id
    }

    /// Records a current training for a supporter, so matching may propose them.
    pub async fn train(&self, org: &Organisation, person: PersonId) {
        let year = jiff::SignedDuration::from_hours(24 * 365);
        reachin_store::roster::add_training(
            &self.db,
            org.id,
            person,
            "Peer support core",
            self.now() - year,
            self.now() + year,
        )
        .await
        .unwrap();
    }

    pub async fn token(&self, org: &Organisation, user: UserId) -> String {
        let token = format!("rin_{}", secrets::random_token().unwrap());
        tokens::create(&self.db, &secrets::hash(&token), org.id, user, "test", self.now()).await.unwrap();
        token
    }

    /// Signs in through the form and returns the browser's cookie and CSRF token.
    pub async fn sign_in(&self, email: &str) -> Browser {
        let res = self.post_form("/sign-in", None, &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign-in of {email} failed: {}", res.body);
        let cookie = cookie_pair(&res);
        let page = self.send(Request::get("/home").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
        let page = if page.status == StatusCode::SEE_OTHER {
            self.send(Request::get(page.location()).header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await
        } else {
            page
        };
        let csrf = csrf_from(&page.body).unwrap_or_else(|| panic!("no CSRF token on the home page: {}", page.body));
        Browser { cookie, csrf }
    }
}

/// The `name=value` of the session cookie set by a response.
pub fn cookie_pair(res: &TestResponse) -> String {
    let set = res
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("reachin-session="));
    set.and_then(|v| v.split(';').next()).unwrap_or_default().to_owned()
}

/// The CSRF token in a page's sign-out form.
pub fn csrf_from(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
}
