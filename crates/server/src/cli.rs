//! The operator's command line: `reachin serve`, `migrate`, `verify`, `org create`,
//! `user create`, `user disable`, `token create`, `people import`, `person export`, `person erase`,
//! `keys generate`, `keys rotate`, `audit verify`, `generate`, `report-timing`. anyhow is used here (and only here and in job plumbing):
//! a failed command prints its whole cause chain and exits non-zero.

// The CLI's job is to print to standard output.
#![allow(clippy::print_stdout)]

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::directory::{PersonInput, WorkEmail};
use reachin_domain::org::{Locale, OrgSlug, Organisation, TimeZoneName, WorkingHours, org_name};
use reachin_domain::{OrgId, PersonId, Role};
use reachin_store::crypt::MasterKey;
use reachin_store::{Db, PoolSizes, audit, directory, erasure, orgs, tokens, users};

use crate::auth::extract::TOKEN_PREFIX;
use crate::auth::password::{MIN_PASSWORD_CHARS, Passwords};
use crate::auth::secrets;
use crate::config::Config;
use crate::state::{AppState, SystemClock};

#[derive(Debug, Parser)]
#[command(
    name = "reachin",
    version,
    about = "ReachIn: clinician peer support programmes.",
    after_help = "\
Examples:
  reachin serve --demo                 run with demo data on embedded SQLite
  reachin --database-url postgres://reachin@db/reachin serve
  reachin migrate
  reachin org create --slug st-marys --name \"St Mary's Hospital\""
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Global {
    /// Configuration file (default: ./reachin.toml when it exists; or REACHIN_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://… (REACHIN_DATABASE_URL).
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Address to listen on (REACHIN_BIND), e.g. 127.0.0.1:8080.
    #[arg(long, global = true)]
    bind: Option<String>,
    /// Data directory for the SQLite file (REACHIN_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web pages and the API.
    #[command(after_help = "Examples:\n  reachin serve --demo\n  reachin --bind 0.0.0.0:8080 serve")]
    Serve {
        /// Create demo organisations, people and sign-ins first (once; a restart adds nothing).
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit (serve applies them too).
    #[command(
        after_help = "Examples:\n  reachin migrate\n  reachin --database-url postgres://reachin@db/reachin migrate"
    )]
    Migrate,
    /// Apply pending migrations, then run SQLite's integrity check (PostgreSQL checks itself).
    #[command(after_help = "Examples:\n  reachin verify")]
    Verify,
    /// Organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// User accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The staff directory.
    #[command(subcommand)]
    People(PeopleCommand),
    /// One person's data: export or erase (data subject rights).
    #[command(subcommand)]
    Person(PersonCommand),
    /// The master key and the organisations' data keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The tamper-evident audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Fill an organisation with a synthetic history (the reports benchmark): staff, roster,
    /// cases over the years, feedback, survey waves and answers; then recount the tallies.
    #[command(
        after_help = "Creates the organisation (Europe/London) if it is missing; refuses one that already has cases.\n\n\
        Examples:\n  reachin generate --org bench --cases 1000000 --answers 1000000 --seed 42"
    )]
    Generate {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// How many cases.
        #[arg(long)]
        cases: u64,
        /// How many survey answers (over eight waves).
        #[arg(long)]
        answers: u64,
        /// The seed: the same seed gives the same figures.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// How many years back the history goes.
        #[arg(long, default_value_t = 5)]
        years: u16,
        /// Load survey answers through the store's `surveys::load` (slower; same tallies).
        #[arg(long)]
        via_surveys_load: bool,
    },
    /// Time every report aggregate of an organisation in-process; print medians and p95 as JSON.
    #[command(after_help = "Examples:\n  reachin report-timing --org bench --runs 20")]
    ReportTiming {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// Timed runs (after one warm-up).
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[derive(Debug, Subcommand)]
enum PersonCommand {
    /// Print, as JSON, everything ReachIn holds about a person of the directory.
    #[command(
        after_help = "Examples:\n  reachin person export --org st-marys --email sam.lee@stmarys.example > sam.json"
    )]
    Export {
        /// The organisation.
        #[arg(long)]
        org: String,
        /// Their work email.
        #[arg(long)]
        email: String,
    },
    /// Erase a person: their cases are de-identified now and every row about them deleted.
    #[command(
        after_help = "Refused while they have an active ReachIn account (disable it first; erasure then removes it) or an open case.\n\n\
        Examples:\n  reachin person erase --org st-marys --email sam.lee@stmarys.example"
    )]
    Erase {
        /// The organisation.
        #[arg(long)]
        org: String,
        /// Their work email.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Print a new random master key (base64), for master_key or REACHIN_MASTER_KEY_FILE.
    #[command(after_help = "Examples:\n  reachin keys generate > /etc/reachin/master.key")]
    Generate,
    /// Re-wrap every organisation's data key under a new master key, then use the new key.
    #[command(after_help = "Stop every instance, rotate, then start them with the new key.\n\n\
        Examples:\n  reachin keys generate > new.key && reachin keys rotate --new-key-file new.key")]
    Rotate {
        /// A file holding the new master key.
        #[arg(long)]
        new_key_file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check every link of the audit log's hash chain; report the first broken one.
    #[command(after_help = "Exit status 1 when a link is broken.\n\nExamples:\n  reachin audit verify")]
    Verify,
}

#[derive(Debug, Subcommand)]
enum PeopleCommand {
    /// Import (add or update) people from a CSV file, matched by employee id, else by email.
    #[command(
        after_help = "Columns (a header row is required): employee_id, name, email, phone, department, profession,\n\
        specialty, grade, site, manager_employee_id. name is required, and employee_id or email.\n\
        profession: doctor, nurse, midwife, allied_health, pharmacist, healthcare_assistant, other.\n\
        grade: student, early_career, practitioner, senior, lead.\n\n\
        Each bad row is reported (row, column, reason) and writes nothing; the good rows are imported.\n\
        The exit status is 1 when any row was refused.\n\n\
        Examples:\n  reachin people import --org st-marys staff.csv"
    )]
    Import {
        /// The organisation.
        #[arg(long)]
        org: String,
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum OrgCommand {
    /// Create an organisation.
    #[command(after_help = "Examples:\n  reachin org create --slug st-marys --name \"St Mary's Hospital\"\n  \
        reachin org create --slug mercy --name \"Mercy Medical Center\" --time-zone America/Chicago --locale en-US")]
    Create {
        /// URL name: 2–40 lowercase letters, digits, hyphens.
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// IANA time zone.
        #[arg(long, default_value = "Europe/London")]
        time_zone: String,
        /// en-GB or en-US.
        #[arg(long, default_value = "en-GB")]
        locale: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user with roles in an organisation; the password is read from standard input.
    #[command(
        after_help = "Roles: supporter, coordinator, leader, org_admin, integration; and network_operator (installation-wide).\n\n\
        Examples:\n  echo 'a long passphrase here' | reachin user create --org st-marys --email ana@stmarys.example \\\n      \
        --name 'Ana Silva' --role coordinator --role supporter --password-stdin\n  \
        reachin user create --email ops@network.example --name Ops --role network_operator --password-stdin < pw.txt"
    )]
    Create {
        /// The organisation (not needed for network_operator alone).
        #[arg(long)]
        org: Option<String>,
        /// Sign-in email (also their work email in the directory).
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// A role; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from standard input (required: passwords never go on a command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable a user: their sessions and API tokens end at once.
    #[command(after_help = "Examples:\n  reachin user disable --email ana@stmarys.example")]
    Disable {
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a personal API token acting as a user in one organisation; printed once.
    #[command(
        after_help = "Examples:\n  reachin token create --org st-marys --user ana@stmarys.example --name incident-feed"
    )]
    Create {
        /// The organisation.
        #[arg(long)]
        org: String,
        /// The user's sign-in email.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
    },
}

/// Runs the command line; the exit code says whether it worked.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Defaults → reachin.toml → environment → flags.
fn load_config(g: &Global) -> anyhow::Result<Config> {
    let mut config = Config::default();
    let file = g
        .config
        .clone()
        .or_else(|| std::env::var_os("REACHIN_CONFIG").map(PathBuf::from))
        .or_else(|| Some(PathBuf::from("reachin.toml")).filter(|p| p.exists()));
    if let Some(path) = file {
        config.apply_toml(&path)?;
    }
    config.apply_env(std::env::vars())?;
    let flags = [("database_url", &g.database_url), ("bind", &g.bind), ("data_dir", &g.data_dir)];
    for (key, value) in flags {
        if let Some(v) = value {
            config.set(key, v, &format!("--{}", key.replace('_', "-")))?;
        }
    }
    Ok(config)
}

/// Connects (with the master key) and migrates.
pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
    }
    let master = master_key(config)?;
    let sizes = PoolSizes { max_connections: config.db_max_connections, ..PoolSizes::default() };
    let db = Db::connect(config.effective_database_url().expose(), sizes)
        .await
        .context("cannot open the database")?
        .with_master_key(master);
    db.migrate().await.context("cannot apply migrations")?;
    Ok(db)
}

/// The configured master key; on SQLite without one, `master.key` in the data directory, made
/// on first start (readable by this user only). PostgreSQL serves several instances, which must
/// share one key, so there it has to be configured.
fn master_key(config: &Config) -> anyhow::Result<MasterKey> {
    if let Some(k) = &config.master_key {
        return Ok(MasterKey::parse(k.expose())?);
    }
    if !config.effective_database_url().expose().starts_with("sqlite:") {
        bail!(
            "PostgreSQL needs a master key shared by every instance: set REACHIN_MASTER_KEY_FILE (reachin keys generate makes one)"
        );
    }
    let path = config.default_master_key_file();
    match std::fs::read_to_string(&path) {
        Ok(text) => MasterKey::parse(&text).with_context(|| format!("{}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
            let text = MasterKey::generate()?;
            write_private(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            tracing::warn!(path = %path.display(), "created a master key: keep it apart from backups of the database");
            Ok(MasterKey::parse(&text)?)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes a new file only this user can read.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = load_config(&cli.global)?;
    crate::telemetry::init(&config);
    for name in Config::unknown_env_names(std::env::vars()) {
        tracing::warn!(variable = %name, "unknown REACHIN_ variable ignored: is it a typo?");
    }
    match cli.command {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Migrate => {
            let db = open_db(&config).await?;
            db.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Verify => {
            let db = open_db(&config).await?;
            let problems = db.integrity_check().await?;
            db.close().await;
            if problems.is_empty() {
                match db.engine() {
                    reachin_store::Engine::Sqlite => {
                        println!("schema up to date; database integrity: ok")
                    }
                    reachin_store::Engine::Postgres => {
                        println!("schema up to date; PostgreSQL keeps its own integrity (nothing more to check here)");
                    }
                }
                Ok(())
            } else {
                bail!("database integrity check failed:\n{}", problems.join("\n"))
            }
        }
        Command::Org(OrgCommand::Create { slug, name, time_zone, locale }) => {
            let org = Organisation {
                id: OrgId::generate(),
                slug: slug.parse::<OrgSlug>().context("--slug")?,
                name: org_name(&name).context("--name")?,
                time_zone: time_zone.parse::<TimeZoneName>().context("--time-zone")?,
                locale: locale.parse::<Locale>().context("--locale")?,
                working_hours: WorkingHours::default(),
            };
            let db = open_db(&config).await?;
            orgs::create(&db, &org, jiff::Timestamp::now()).await?;
            operator_did(&db, audit::Entry::new(AuditAction::OrgCreated).org(org.id).record(RecordKind::Org, org.id))
                .await?;
            db.close().await;
            println!("created organisation {} ({})", org.slug, org.name);
            Ok(())
        }
        Command::User(UserCommand::Create { org, email, name, roles, password_stdin: _ }) => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let db = open_db(&config).await?;
            let result = create_user(&db, &config, org.as_deref(), &email, &name, &roles, password).await;
            db.close().await;
            result
        }
        Command::User(UserCommand::Disable { email }) => {
            let email: WorkEmail = email.parse().context("--email")?;
            let db = open_db(&config).await?;
            let user = users::by_email(&db, &email).await?.context("no user with that email")?;
            users::disable(&db, user.id).await?;
            operator_did(&db, audit::Entry::new(AuditAction::UserDisabled).record(RecordKind::User, user.id)).await?;
            db.close().await;
            println!("disabled {email}; their sessions and API tokens have ended");
            Ok(())
        }
        Command::People(PeopleCommand::Import { org, file }) => {
            let db = open_db(&config).await?;
            let result = import(&db, &org, &file).await;
            db.close().await;
            result
        }
        Command::Keys(KeysCommand::Generate) => {
            println!("{}", MasterKey::generate()?);
            Ok(())
        }
        Command::Keys(KeysCommand::Rotate { new_key_file }) => {
            let text = std::fs::read_to_string(&new_key_file)
                .with_context(|| format!("cannot read {}", new_key_file.display()))?;
            let new = MasterKey::parse(&text).with_context(|| format!("{}", new_key_file.display()))?;
            let db = open_db(&config).await?;
            // The audit key is unwrapped now, under the old master key, to record the rotation.
            db.chain_key().await?;
            let result = reachin_store::keyring::rotate_master_key(&db, &new).await;
            if result.is_ok() {
                audit::append(&db, &audit::Entry::new(AuditAction::KeysRotated), jiff::Timestamp::now()).await?;
            }
            db.close().await;
            let n = result?;
            println!(
                "re-wrapped {n} data keys under the new master key {}; start every instance with it now",
                new.id()
            );
            Ok(())
        }
        Command::Audit(AuditCommand::Verify) => {
            let db = open_db(&config).await?;
            let verdict = audit::verify(&db).await;
            db.close().await;
            match verdict? {
                audit::Verdict::Intact { entries } => {
                    println!("audit log intact: {entries} entries, every link holds");
                    Ok(())
                }
                audit::Verdict::Broken { seq, reason } => bail!("audit log broken at entry {seq}: {reason}"),
            }
        }
        Command::Person(command) => {
            let db = open_db(&config).await?;
            let result = person(&db, command).await;
            db.close().await;
            result
        }
        Command::Generate { org, cases, answers, seed, years, via_surveys_load } => {
            let db = open_db(&config).await?;
            let plan = crate::generate::Plan { org, cases, answers, seed, years, via_surveys_load };
            let result = crate::generate::generate(&db, &plan).await;
            db.close().await;
            result
        }
        Command::ReportTiming { org, runs } => {
            let db = open_db(&config).await?;
            let result = crate::generate::report_timing(&db, config, &org, runs).await;
            db.close().await;
            result
        }
        Command::Token(TokenCommand::Create { org, user, name }) => {
            let db = open_db(&config).await?;
            let result = create_token(&db, &org, &user, &name).await;
            db.close().await;
            let token = result?;
            println!("{token}");
            eprintln!("This token is shown once. Store it in a secret store; ReachIn keeps only its hash.");
            Ok(())
        }
    }
}

async fn import(db: &Db, org: &str, file: &std::path::Path) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    let org = find_org(db, org).await?;
    let input = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let interactive = std::io::stderr().is_terminal();
    let mut last_shown = 0;
    let progress = |done: usize, total: usize| {
        // A bar for a person at a terminal; a line every thousand rows for a log.
        if interactive {
            let width = 30;
            let filled = (done * width).checked_div(total).unwrap_or(width);
            eprint!("\r[{}{}] {done}/{total}", "#".repeat(filled), " ".repeat(width - filled));
            let _ = std::io::stderr().flush();
        } else if done == total || done >= last_shown + 1000 {
            last_shown = done;
            eprintln!("{done}/{total} rows");
        }
    };
    let report = crate::import::import_people(db, &org, input, jiff::Timestamp::now(), progress).await?;
    let counts = format!("added:{}:updated:{}", report.added, report.updated);
    operator_did(db, audit::Entry::new(AuditAction::PeopleImported).org(org.id).detail(counts)).await?;
    if interactive {
        eprintln!();
    }
    for e in &report.errors {
        println!("row {}, column {}: {}", e.row, e.column, e.reason);
    }
    println!("{} added, {} updated, {} refused", report.added, report.updated, report.errors.len());
    if report.errors.is_empty() { Ok(()) } else { bail!("{} rows were refused (listed above)", report.errors.len()) }
}

async fn person(db: &Db, command: PersonCommand) -> anyhow::Result<()> {
    let (PersonCommand::Export { org, email } | PersonCommand::Erase { org, email }) = &command;
    let org = find_org(db, org).await?;
    let email: WorkEmail = email.parse().context("--email")?;
    let p = directory::by_email(db, org.id, &email)
        .await?
        .with_context(|| format!("nobody in {} has the email {email}", org.slug))?;
    let now = jiff::Timestamp::now();
    match command {
        PersonCommand::Export { .. } => {
            let data = erasure::export(db, org.id, p.id).await?.context("the person has gone meanwhile")?;
            audit::append(
                db,
                &audit::Entry::new(AuditAction::PersonExported).org(org.id).record(RecordKind::Person, p.id),
                now,
            )
            .await?;
            println!("{}", serde_json::to_string_pretty(&data)?);
        }
        PersonCommand::Erase { .. } => {
            let erased = erasure::erase(db, org.id, p.id, now).await.map_err(|e| match e {
                reachin_store::StoreError::Conflict(reachin_store::Clash::PersonHasAccount) => {
                    anyhow::anyhow!("{email} has an active ReachIn account: disable it first (reachin user disable); erasure then removes it")
                }
                reachin_store::StoreError::Conflict(reachin_store::Clash::PersonInOpenCase) => {
                    anyhow::anyhow!("{email} is in an open case: close or withdraw it first")
                }
                other => other.into(),
            })?;
            audit::append(db, &audit::Entry::new(AuditAction::PersonErased).org(org.id), now).await?;
            println!("erased {email} from {}: {} cases de-identified", org.slug, erased.cases_deidentified);
        }
    }
    Ok(())
}

async fn find_org(db: &Db, slug: &str) -> anyhow::Result<Organisation> {
    let slug: OrgSlug = slug.parse().context("--org")?;
    orgs::by_slug(db, &slug).await?.with_context(|| format!("no organisation with slug {slug}"))
}

/// Creates a user with roles; used by the CLI and the demo.
pub async fn create_user(
    db: &Db,
    config: &Config,
    org: Option<&str>,
    email: &str,
    name: &str,
    roles: &[String],
    password: String,
) -> anyhow::Result<()> {
    let email: WorkEmail = email.parse().context("--email")?;
    let name = reachin_domain::text::single_line(name, 120).context("--name")?;
    let network_operator = roles.iter().any(|r| r == "network_operator");
    let org_roles = roles
        .iter()
        .filter(|r| *r != "network_operator")
        .map(|r| r.parse::<Role>())
        .collect::<Result<Vec<_>, _>>()
        .context("--role")?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must be at least {MIN_PASSWORD_CHARS} characters");
    }
    let org = match (org, org_roles.is_empty()) {
        (Some(slug), _) => Some(find_org(db, slug).await?),
        (None, true) => None,
        (None, false) => bail!("--org is required for organisation roles"),
    };
    let now = jiff::Timestamp::now();
    let hash = Passwords::new(config.password_cost)?.hash(password).await?;
    let user = users::create(
        db,
        &users::NewUser { email: email.clone(), display_name: name.clone(), password_hash: hash, network_operator },
        now,
    )
    .await?;
    if let Some(org) = &org {
        let person = match directory::by_email(db, org.id, &email).await? {
            Some(p) => p.id,
            None => {
                let input =
                    PersonInput { name: name.clone(), email: Some(email.to_string()), ..PersonInput::default() };
                let person = input.parse(org.id, PersonId::generate())?;
                directory::insert(db, &person, now).await?;
                person.id
            }
        };
        users::grant(db, org.id, user, Some(person), &org_roles, now).await?;
    }
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    let mut entry = audit::Entry::new(AuditAction::UserCreated).record(RecordKind::User, user).detail(roles.join("|"));
    if let Some(org) = org {
        entry = entry.org(org.id);
    }
    operator_did(db, entry).await?;
    println!("created user {email}");
    Ok(())
}

async fn create_token(db: &Db, org: &str, user: &str, name: &str) -> anyhow::Result<String> {
    let org = find_org(db, org).await?;
    let email: WorkEmail = user.parse().context("--user")?;
    let user = users::by_email(db, &email).await?.context("no user with that email")?;
    if users::roles_in(db, org.id, user.id).await?.is_empty() {
        bail!("{email} is not a member of {}", org.slug);
    }
    let name = reachin_domain::text::single_line(name, 80).context("--name")?;
    let token = format!("{TOKEN_PREFIX}{}", secrets::random_token()?);
    tokens::create(db, &secrets::hash(&token), org.id, user.id, &name, jiff::Timestamp::now()).await?;
    operator_did(db, audit::Entry::new(AuditAction::TokenCreated).org(org.id).record(RecordKind::User, user.id))
        .await?;
    Ok(token)
}

/// Audits what the operator did at the command line (no account acts here: the entry has no user).
async fn operator_did(db: &Db, entry: audit::Entry) -> anyhow::Result<()> {
    audit::append(db, &entry, jiff::Timestamp::now()).await.context("cannot write the audit log")
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    let bind: SocketAddr = config.bind;
    let state = AppState::new(db.clone(), config, Arc::new(SystemClock))?;
    if demo {
        let info = crate::demo::seed(&state).await.context("cannot create the demo data")?;
        println!("{info}");
    }
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let shown =
        if bind.ip().is_loopback() { format!("http://localhost:{}", bind.port()) } else { format!("http://{bind}") };
    println!("ReachIn is running at {shown}/ (Ctrl+C to stop)");
    tracing::info!(%bind, engine = ?db.engine(), "serving");
    let housekeeping = tokio::spawn(crate::state::housekeeping(state.clone()));
    let worker = tokio::spawn(crate::jobs::worker(state.clone()));
    let app = crate::app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.context("server failed")?;
    housekeeping.abort();
    worker.abort();
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
