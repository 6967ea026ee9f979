//! One typed configuration: defaults → optional `reachin.toml` → `REACHIN_*` environment
//! variables → command-line flags. A secret may come from a file named by `REACHIN_<KEY>_FILE`.
//! Secrets never appear in `Debug` or logs. A bad value stops start-up with the key named.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A value that must never be printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    #[must_use]
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself, for the one place that needs it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    /// Memory in KiB (OWASP minimum 19 MiB = 19456).
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Parallelism.
    pub parallelism: u32,
}

impl PasswordCost {
    /// OWASP's recommended minimum for argon2id.
    pub const OWASP: PasswordCost = PasswordCost { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// Deliberately weak: for tests only, where hashing speed matters and secrecy does not.
    pub const WEAK_FOR_TESTS_ONLY: PasswordCost = PasswordCost { memory_kib: 64, iterations: 1, parallelism: 1 };
}

/// The whole configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; default: `reachin.db` in the data directory.
    pub database_url: Option<Secret>,
    /// Where to listen.
    pub bind: SocketAddr,
    /// Where the SQLite file (and the mailbox) live.
    pub data_dir: PathBuf,
    /// The URL people reach ReachIn at; `https://…` turns on HSTS.
    pub public_url: Option<String>,
    /// Mark cookies Secure with the `__Host-` prefix. Only turn off for plain-HTTP local use on a
    /// host name that is not localhost.
    pub cookie_secure: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted load balancer).
    pub trust_proxy_headers: bool,
    /// Log lines as text or JSON.
    pub log_format: LogFormat,
    /// Log filter, e.g. `info` or `reachin_server=debug,info`.
    pub log_level: String,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Database connections.
    pub db_max_connections: u32,
    /// Argon2id cost.
    pub password_cost: PasswordCost,
    /// The sender of ReachIn's emails.
    pub mail_from: String,
    /// Where the mailbox transport writes emails (default: `mailbox` in the data directory).
    pub mailbox_dir: Option<PathBuf>,
    /// SMTP server for outgoing email; without it, emails go to the mailbox directory.
    pub smtp_url: Option<Secret>,
    /// The master key that wraps each organisation's data key (32 bytes, base64). Without it,
    /// on SQLite, `master.key` in the data directory (created on first start); PostgreSQL needs
    /// it set, the same on every instance.
    pub master_key: Option<Secret>,
    /// Days audit entries are kept before they are pruned from the start of the chain (at least
    /// 30; six years by default, a common expectation for audit records in health settings).
    pub audit_retention_days: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            public_url: None,
            cookie_secure: true,
            trust_proxy_headers: false,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            max_body_bytes: 64 * 1024,
            db_max_connections: 8,
            password_cost: PasswordCost::OWASP,
            mail_from: "ReachIn <reachin@localhost>".into(),
            mailbox_dir: None,
            smtp_url: None,
            master_key: None,
            audit_retention_days: 6 * 365,
        }
    }
}

/// A configuration value that does not parse, or a key that does not exist.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {source_name}: {message}")]
pub struct ConfigError {
    /// Where the bad value came from (`REACHIN_BIND`, `reachin.toml: bind`, `--bind`).
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

/// Every key, as written in `reachin.toml`; the environment variable is `REACHIN_` + upper case.
pub const KEYS: &[&str] = &[
    "database_url",
    "bind",
    "data_dir",
    "public_url",
    "cookie_secure",
    "trust_proxy_headers",
    "log_format",
    "log_level",
    "max_body_bytes",
    "db_max_connections",
    "password_memory_kib",
    "password_iterations",
    "password_parallelism",
    "mail_from",
    "mailbox_dir",
    "smtp_url",
    "master_key",
    "audit_retention_days",
];

/// Keys whose value may be read from a file (`REACHIN_<KEY>_FILE`).
const SECRET_KEYS: &[&str] = &["database_url", "smtp_url", "master_key"];

fn bad(source: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { source_name: source.to_owned(), message: message.into() }
}

fn parse_bool(source: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(bad(source, format!("expected true or false, got {v:?}"))),
    }
}

fn parse_num<T>(source: &str, v: &str, min: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
{
    let n: T = v.trim().parse().map_err(|_| bad(source, format!("expected a whole number, got {v:?}")))?;
    if n < min {
        return Err(bad(source, format!("must be at least {min}")));
    }
    Ok(n)
}

impl Config {
    /// Sets one key from its text form. `source` names where it came from, for the error.
    pub fn set(&mut self, key: &str, value: &str, source: &str) -> Result<(), ConfigError> {
        match key {
            "database_url" => {
                let v = value.trim();
                if !(v.starts_with("sqlite:") || v.starts_with("postgres://") || v.starts_with("postgresql://")) {
                    return Err(bad(source, "expected a sqlite: or postgres:// URL"));
                }
                self.database_url = Some(Secret::new(v));
            }
            "bind" => {
                self.bind = value
                    .trim()
                    .parse()
                    .map_err(|_| bad(source, format!("expected an address such as 127.0.0.1:8080, got {value:?}")))?;
            }
            "data_dir" => {
                if value.trim().is_empty() {
                    return Err(bad(source, "must not be empty"));
                }
                self.data_dir = PathBuf::from(value.trim());
            }
            "public_url" => {
                let v = value.trim().trim_end_matches('/');
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(bad(source, "expected an http:// or https:// URL"));
                }
                self.public_url = Some(v.to_owned());
            }
            "cookie_secure" => self.cookie_secure = parse_bool(source, value)?,
            "trust_proxy_headers" => self.trust_proxy_headers = parse_bool(source, value)?,
            "log_format" => {
                self.log_format = match value.trim() {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    _ => return Err(bad(source, format!("expected text or json, got {value:?}"))),
                }
            }
            "log_level" => {
                tracing_subscriber::EnvFilter::try_new(value.trim())
                    .map_err(|e| bad(source, format!("not a log filter: {e}")))?;
                self.log_level = value.trim().to_owned();
            }
            "max_body_bytes" => self.max_body_bytes = parse_num(source, value, 1024usize)?,
            "db_max_connections" => self.db_max_connections = parse_num(source, value, 2u32)?,
            // OWASP's argon2id minimum is a floor: configuration may raise the cost, never lower it.
            "password_memory_kib" => {
                self.password_cost.memory_kib = parse_num(source, value, PasswordCost::OWASP.memory_kib)?
            }
            "password_iterations" => {
                self.password_cost.iterations = parse_num(source, value, PasswordCost::OWASP.iterations)?
            }
            "password_parallelism" => self.password_cost.parallelism = parse_num(source, value, 1u32)?,
            "mail_from" => {
                let v = value.trim();
                if v.chars().any(char::is_control) || v.parse::<lettre::message::Mailbox>().is_err() {
                    return Err(bad(source, "expected a sender such as ReachIn <reachin@example.org>"));
                }
                self.mail_from = v.to_owned();
            }
            "smtp_url" => {
                let v = value.trim();
                if !(v.starts_with("smtp://") || v.starts_with("smtps://")) {
                    return Err(bad(source, "expected an smtps:// or smtp:// URL"));
                }
                // Unencrypted SMTP only to this machine (a local relay); elsewhere TLS is required.
                let host = v.split("://").nth(1).unwrap_or("").rsplit('@').next().unwrap_or("");
                let local = host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]");
                if v.starts_with("smtp://") && !v.contains("tls=required") && !local {
                    return Err(bad(source, "use smtps://, or smtp://…?tls=required; plain SMTP only to localhost"));
                }
                self.smtp_url = Some(Secret::new(v));
            }
            "audit_retention_days" => self.audit_retention_days = parse_num(source, value, 30u32)?,
            "master_key" => {
                reachin_store::crypt::MasterKey::parse(value).map_err(|e| bad(source, e.to_string()))?;
                self.master_key = Some(Secret::new(value.trim()));
            }
            "mailbox_dir" => {
                if value.trim().is_empty() {
                    return Err(bad(source, "must not be empty"));
                }
                self.mailbox_dir = Some(PathBuf::from(value.trim()));
            }
            other => return Err(bad(source, format!("unknown key {other:?}"))),
        }
        Ok(())
    }

    /// Applies a TOML file's keys.
    pub fn apply_toml(&mut self, path: &Path) -> Result<(), ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| bad(&name, format!("cannot read: {e}")))?;
        let table: toml::Table = text.parse().map_err(|e| bad(&name, format!("not valid TOML: {e}")))?;
        for (key, value) in table {
            let source = format!("{name}: {key}");
            let text = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => return Err(bad(&source, "expected a string, number or boolean")),
            };
            self.set(&key, &text, &source)?;
        }
        Ok(())
    }

    /// `REACHIN_*` variables that are not configuration keys: a likely typo of one, worth a warning.
    #[must_use]
    pub fn unknown_env_names<I>(vars: I) -> Vec<String>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        // Read by the CLI, the test harness and the browser tests rather than by `Config`.
        const OTHERS: &[&str] = &["REACHIN_CONFIG", "REACHIN_TEST_DATABASE_URL", "REACHIN_BIN"];
        vars.into_iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with("REACHIN_") && !OTHERS.contains(&k.as_str()))
            .filter(|k| {
                let key = k.trim_start_matches("REACHIN_").trim_end_matches("_FILE").to_lowercase();
                !KEYS.contains(&key.as_str())
            })
            .collect()
    }

    /// Applies `REACHIN_*` variables from `vars` (the process environment in production).
    pub fn apply_env<I>(&mut self, vars: I) -> Result<(), ConfigError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        for key in KEYS {
            let name = format!("REACHIN_{}", key.to_uppercase());
            if let Some((_, v)) = vars.iter().find(|(k, _)| *k == name) {
                self.set(key, v, &name)?;
            }
            if SECRET_KEYS.contains(key) {
                let file_var = format!("{name}_FILE");
                if let Some((_, path)) = vars.iter().find(|(k, _)| *k == file_var) {
                    let v = std::fs::read_to_string(path)
                        .map_err(|e| bad(&file_var, format!("cannot read {path}: {e}")))?;
                    self.set(key, v.trim_end_matches(['\n', '\r']), &file_var)?;
                }
            }
        }
        Ok(())
    }

    /// The database URL in use: the configured one, or the SQLite file in the data directory.
    #[must_use]
    pub fn effective_database_url(&self) -> Secret {
        match &self.database_url {
            Some(url) => url.clone(),
            None => Secret::new(format!("sqlite://{}?mode=rwc", self.data_dir.join("reachin.db").display())),
        }
    }

    /// Where the master key file is kept when none is configured (SQLite only).
    #[must_use]
    pub fn default_master_key_file(&self) -> PathBuf {
        self.data_dir.join("master.key")
    }

    /// Where the mailbox transport writes.
    #[must_use]
    pub fn effective_mailbox_dir(&self) -> PathBuf {
        self.mailbox_dir.clone().unwrap_or_else(|| self.data_dir.join("mailbox"))
    }

    /// Whether ReachIn is reached over TLS (and so should send HSTS).
    #[must_use]
    pub fn served_over_tls(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn environment_overrides_defaults() {
        let mut c = Config::default();
        c.apply_env(env(&[("REACHIN_BIND", "0.0.0.0:9000"), ("REACHIN_LOG_FORMAT", "json")])).unwrap();
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let mut c = Config::default();
        let err = c.apply_env(env(&[("REACHIN_BIND", "nowhere")])).unwrap_err();
        assert!(err.to_string().contains("REACHIN_BIND"), "{err}");
        let err = c.set("colour", "blue", "reachin.toml: colour").unwrap_err();
        assert!(err.to_string().contains("unknown key"), "{err}");
        let err = c.set("password_memory_kib", "1024", "REACHIN_PASSWORD_MEMORY_KIB").unwrap_err();
        assert!(err.to_string().contains("at least 19456"), "{err}");
    }

    #[test]
    fn unknown_reachin_variables_are_reported() {
        let unknown = Config::unknown_env_names(env(&[
            ("REACHIN_LOG", "warn"),
            ("REACHIN_LOG_LEVEL", "warn"),
            ("REACHIN_DATABASE_URL_FILE", "/x"),
            ("REACHIN_CONFIG", "/y"),
            ("HOME", "/root"),
        ]));
        assert_eq!(unknown, vec!["REACHIN_LOG".to_owned()]);
    }

    #[test]
    fn secrets_come_from_files_and_never_print() {
        let dir = std::env::temp_dir().join(format!("reachin-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("db-url");
        std::fs::write(&file, "postgres://app:hunter2@db/reachin\n").unwrap();
        let mut c = Config::default();
        c.apply_env(env(&[("REACHIN_DATABASE_URL_FILE", file.to_str().unwrap())])).unwrap();
        assert_eq!(c.effective_database_url().expose(), "postgres://app:hunter2@db/reachin");
        assert!(!format!("{c:?}").contains("hunter2"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn toml_file_is_read_and_checked() {
        let dir = std::env::temp_dir().join(format!("reachin-toml-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("reachin.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:7000\"\ncookie_secure = false\n").unwrap();
        let mut c = Config::default();
        c.apply_toml(&file).unwrap();
        assert_eq!(c.bind.port(), 7000);
        assert!(!c.cookie_secure);
        std::fs::write(&file, "max_body_bytes = \"lots\"\n").unwrap();
        let err = c.apply_toml(&file).unwrap_err();
        assert!(err.to_string().contains("max_body_bytes"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
