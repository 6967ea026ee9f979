//! The operator's command line, run as the real binary against a fresh database.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use reachin_domain::org::OrgSlug;
use reachin_server::auth::secrets;
use reachin_store::{Db, PoolSizes, orgs, users};

use crate::support::{Scratch, TEST_MASTER_KEY, fresh_database_url, test_master_key};

struct Cli {
    url: String,
    scratch: Scratch,
}

impl Cli {
    async fn new() -> Self {
        let (url, scratch) = fresh_database_url().await;
        Cli { url, scratch }
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_reachin"));
        cmd.current_dir(self.scratch.dir.path())
            .env_clear()
            .env("REACHIN_DATABASE_URL", &self.url)
            .env("REACHIN_LOG_LEVEL", "warn")
            .env("REACHIN_MASTER_KEY", TEST_MASTER_KEY)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    async fn db(&self) -> Db {
        Db::connect(&self.url, PoolSizes { max_connections: 2, ..PoolSizes::default() })
            .await
            .unwrap()
            .with_master_key(test_master_key())
    }
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["verify", "--help"],
        vec!["org", "create", "--help"],
        vec!["user", "create", "--help"],
        vec!["user", "disable", "--help"],
        vec!["token", "create", "--help"],
        vec!["person", "export", "--help"],
        vec!["person", "erase", "--help"],
        vec!["keys", "generate", "--help"],
        vec!["keys", "rotate", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["people", "import", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_reachin")).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Examples:"), "{args:?} has no examples:\n{}", text(&out.stdout));
    }
}

#[tokio::test]
async fn an_organisation_a_user_and_a_token_from_the_command_line() {
    let cli = Cli::new().await;
    let out = cli.run(&["org", "create", "--slug", "st-marys", "--name", "St Mary's Hospital"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(
        &[
            "user",
            "create",
            "--org",
            "st-marys",
            "--email",
            "Ana@StMarys.example",
            "--name",
            "Ana Silva",
            "--role",
            "coordinator",
            "--role",
            "supporter",
            "--password-stdin",
        ],
        Some("a long enough passphrase\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out =
        cli.run(&["token", "create", "--org", "st-marys", "--user", "ana@stmarys.example", "--name", "feed"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(token.starts_with("rin_") && token.len() > 60, "{token}");
    assert!(text(&out.stderr).contains("shown once"));

    let db = cli.db().await;
    let org = orgs::by_slug(&db, &"st-marys".parse::<OrgSlug>().unwrap()).await.unwrap().unwrap();
    let user = users::by_email(&db, &"ana@stmarys.example".parse().unwrap()).await.unwrap().unwrap();
    let roles = users::roles_in(&db, org.id, user.id).await.unwrap();
    assert!(roles.contains(reachin_domain::Role::Coordinator) && roles.contains(reachin_domain::Role::Supporter));
    let grant = reachin_store::tokens::find(&db, &secrets::hash(&token)).await.unwrap().unwrap();
    assert_eq!((grant.org_id, grant.user_id), (org.id, user.id));

    let out = cli.run(&["user", "disable", "--email", "ana@stmarys.example"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(reachin_store::tokens::find(&db, &secrets::hash(&token)).await.unwrap().is_none());
    db.close().await;
}

#[tokio::test]
async fn bad_input_on_the_command_line_is_refused_clearly_and_writes_nothing() {
    let cli = Cli::new().await;
    assert!(cli.run(&["org", "create", "--slug", "demo", "--name", "Demo"], None).status.success());
    let cases: Vec<(Vec<&str>, Option<&str>, &str)> = vec![
        (vec!["org", "create", "--slug", "Bad Slug", "--name", "X"], None, "--slug"),
        (vec!["org", "create", "--slug", "x2", "--name", "X", "--time-zone", "Mars/Base"], None, "--time-zone"),
        (vec!["org", "create", "--slug", "demo", "--name", "Again"], None, "already exists"),
        (
            vec![
                "user",
                "create",
                "--org",
                "demo",
                "--email",
                "a@demo.example",
                "--name",
                "A",
                "--role",
                "wizard",
                "--password-stdin",
            ],
            Some("a long enough passphrase"),
            "unknown role",
        ),
        (
            vec![
                "user",
                "create",
                "--org",
                "demo",
                "--email",
                "a@demo.example",
                "--name",
                "A",
                "--role",
                "leader",
                "--password-stdin",
            ],
            Some("short"),
            "at least 12",
        ),
        (
            vec![
                "user",
                "create",
                "--org",
                "nowhere",
                "--email",
                "a@demo.example",
                "--name",
                "A",
                "--role",
                "leader",
                "--password-stdin",
            ],
            Some("a long enough passphrase"),
            "no organisation",
        ),
        (vec!["token", "create", "--org", "demo", "--user", "nobody@demo.example", "--name", "x"], None, "no user"),
    ];
    for (args, stdin, says) in cases {
        let out = cli.run(&args, stdin);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(text(&out.stderr).contains(says), "{args:?}: expected {says:?} in {}", text(&out.stderr));
    }
    let db = cli.db().await;
    assert_eq!(orgs::list(&db).await.unwrap().len(), 1);
    assert!(users::by_email(&db, &"a@demo.example".parse().unwrap()).await.unwrap().is_none());
    db.close().await;
}

#[tokio::test]
async fn a_bad_configuration_value_stops_start_up_naming_the_key() {
    let cli = Cli::new().await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reachin"));
    let out = cmd
        .current_dir(cli.scratch.dir.path())
        .env_clear()
        .env("REACHIN_BIND", "nowhere")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("REACHIN_BIND"), "{}", text(&out.stderr));

    std::fs::write(cli.scratch.dir.path().join("reachin.toml"), "colour = \"blue\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_reachin"))
        .current_dir(cli.scratch.dir.path())
        .env_clear()
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("colour"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn people_import_adds_updates_links_managers_and_reports_bad_rows() {
    let cli = Cli::new().await;
    assert!(cli.run(&["org", "create", "--slug", "demo", "--name", "Demo"], None).status.success());
    let file = cli.scratch.dir.path().join("staff.csv");
    std::fs::write(
        &file,
        "employee_id,name,email,department,profession,grade,manager_employee_id\n\
         E1,Ada Lead,ada@demo.example,ICU,doctor,lead,\n\
         E2,Ben Nurse,ben@demo.example,ICU,nurse,practitioner,E1\n\
         E3,Cat Bad,not-an-email,ICU,nurse,senior,E1\n\
         E4,Dan Unknown,dan@demo.example,ICU,wizard,senior,\n\
         E5,Eve Orphan,eve@demo.example,ICU,nurse,senior,E99\n",
    )
    .unwrap();
    let out = cli.run(&["people", "import", "--org", "demo", file.to_str().unwrap()], None);
    let stdout = text(&out.stdout);
    assert!(!out.status.success(), "bad rows make the exit status 1");
    assert!(stdout.contains("row 4, column email: is not an email address"), "{stdout}");
    assert!(stdout.contains("row 5, column profession"), "{stdout}");
    assert!(stdout.contains("row 6, column manager_employee_id"), "{stdout}");
    assert!(stdout.contains("2 added, 0 updated, 3 refused"), "{stdout}");

    let db = cli.db().await;
    let org = orgs::by_slug(&db, &"demo".parse::<OrgSlug>().unwrap()).await.unwrap().unwrap();
    let ada = reachin_store::directory::by_employee_id(&db, org.id, "E1").await.unwrap().unwrap();
    let ben = reachin_store::directory::by_employee_id(&db, org.id, "E2").await.unwrap().unwrap();
    assert_eq!(ben.manager_id, Some(ada.id));
    assert!(
        reachin_store::directory::by_employee_id(&db, org.id, "E3").await.unwrap().is_none(),
        "a bad row writes nothing"
    );

    // Importing again updates by employee id instead of adding.
    std::fs::write(&file, "employee_id,name,email\nE2,Ben Renamed,ben@demo.example\n").unwrap();
    let out = cli.run(&["people", "import", "--org", "demo", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 added, 1 updated, 0 refused"));
    let ben = reachin_store::directory::by_employee_id(&db, org.id, "E2").await.unwrap().unwrap();
    assert_eq!(ben.name, "Ben Renamed");
    assert_eq!(ben.department.as_deref(), Some("ICU"), "a column the file lacks keeps its value");
    assert_eq!(ben.manager_id, Some(ada.id), "and so does the manager");

    // A file with an unknown column is refused whole.
    std::fs::write(&file, "employee_id,name,diagnosis\nE9,Zed,x\n").unwrap();
    let out = cli.run(&["people", "import", "--org", "demo", file.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown column \"diagnosis\""), "{}", text(&out.stderr));
    assert!(reachin_store::directory::by_employee_id(&db, org.id, "E9").await.unwrap().is_none());
    db.close().await;
}

#[tokio::test]
async fn keys_audit_and_a_persons_data_from_the_command_line() {
    let cli = Cli::new().await;
    assert!(cli.run(&["org", "create", "--slug", "alpha", "--name", "Alpha"], None).status.success());
    let staff = cli.scratch.dir.path().join("staff.csv");
    std::fs::write(&staff, "employee_id,name,email\nE1,Quilla Vantongeren,quilla@alpha.example\n").unwrap();
    assert!(cli.run(&["people", "import", "--org", "alpha", staff.to_str().unwrap()], None).status.success());

    // Export: the person's data as JSON.
    let out = cli.run(&["person", "export", "--org", "alpha", "--email", "quilla@alpha.example"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let data: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(data["directory_entry"]["name"], "Quilla Vantongeren");

    // A new master key: generated, rotated to; the old one no longer opens the data.
    let out = cli.run(&["keys", "generate"], None);
    let new_key = text(&out.stdout).trim().to_owned();
    assert!(reachin_store::crypt::MasterKey::parse(&new_key).is_ok());
    let key_file = cli.scratch.dir.path().join("new.key");
    std::fs::write(&key_file, &new_key).unwrap();
    let out = cli.run(&["keys", "rotate", "--new-key-file", key_file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("re-wrapped 1 data keys"));
    let old = cli.run(&["person", "export", "--org", "alpha", "--email", "quilla@alpha.example"], None);
    assert!(!old.status.success());
    assert!(text(&old.stderr).contains("another master key"), "{}", text(&old.stderr));
    let with_new = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_reachin"));
        cmd.current_dir(cli.scratch.dir.path())
            .env_clear()
            .env("REACHIN_DATABASE_URL", &cli.url)
            .env("REACHIN_LOG_LEVEL", "warn")
            .env("REACHIN_MASTER_KEY_FILE", &key_file)
            .args(args)
            .output()
            .unwrap()
    };

    // Erase: then nothing mentions them; the audit log verifies, then finds a tampered entry.
    let out = with_new(&["person", "erase", "--org", "alpha", "--email", "quilla@alpha.example"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = with_new(&["person", "export", "--org", "alpha", "--email", "quilla@alpha.example"]);
    assert!(!out.status.success());
    let db = cli.db().await;
    assert_eq!(crate::confidentiality::scan(&db, "E1").await.iter().filter(|c| c.starts_with("people")).count(), 0);
    let out = with_new(&["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("audit log intact"));
    sqlx::query("UPDATE audit_log SET action = 'sign_in' WHERE seq = 1").execute(db.writer()).await.unwrap();
    db.close().await;
    let out = with_new(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("audit log broken at entry 1"), "{}", text(&out.stderr));
}
