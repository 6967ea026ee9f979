//! What can go wrong in storage, in terms the server can map to a clear answer.

/// What a write clashed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// An organisation slug that is taken.
    OrgSlug,
    /// A directory entry with the same employee id or email in the organisation.
    PersonIdentifier,
    /// An account with the same email.
    UserEmail,
    /// An API token hash (astronomically unlikely: a fresh token is simply made again).
    Token,
    /// The case changed since the form was loaded (another coordinator, a double submit).
    CaseChanged,
    /// A safety event with the same reference (the first one stands).
    EventReference,
    /// The supporter reached their caseload cap meanwhile.
    SupporterAtCap,
    /// The supporter's roster entry changed since the form was loaded.
    RosterChanged,
    /// A person to erase still has a ReachIn account.
    PersonHasAccount,
    /// A person to erase is in an open case.
    PersonInOpenCase,
    /// A survey wave's form was sent twice (the same form key).
    WaveSubmittedTwice,
}

impl Clash {
    /// A stable code; the server's message id is `conflict-<code>`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Clash::OrgSlug => "org-slug",
            Clash::PersonIdentifier => "person-identifier",
            Clash::UserEmail => "user-email",
            Clash::Token => "token",
            Clash::CaseChanged => "case-changed",
            Clash::EventReference => "event-reference",
            Clash::SupporterAtCap => "supporter-at-cap",
            Clash::RosterChanged => "roster-changed",
            Clash::PersonHasAccount => "person-has-account",
            Clash::PersonInOpenCase => "person-in-open-case",
            Clash::WaveSubmittedTwice => "wave-submitted-twice",
        }
    }
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Clash::OrgSlug => "an organisation with this slug",
            Clash::PersonIdentifier => "a person with this employee id or email",
            Clash::UserEmail => "a user with this email",
            Clash::Token => "this token",
            Clash::CaseChanged => "a newer version of this case",
            Clash::EventReference => "a safety event with this reference",
            Clash::SupporterAtCap => "a full caseload for this supporter",
            Clash::RosterChanged => "a newer roster entry for this supporter",
            Clash::PersonHasAccount => "a ReachIn account for this person",
            Clash::PersonInOpenCase => "an open case for this person",
            Clash::WaveSubmittedTwice => "a wave from the same form",
        })
    }
}

/// What a write referred to that is not there (in this organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The manager named for a person.
    Manager,
    /// The person named for a membership.
    Person,
    /// The account.
    User,
    /// The subject of a case.
    Subject,
    /// The supporter named for a case.
    Supporter,
    /// The case.
    Case,
}

impl Missing {
    /// A stable code; the server's message id is `missing-<code>`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Missing::Manager => "manager",
            Missing::Person => "person",
            Missing::User => "user",
            Missing::Subject => "subject",
            Missing::Supporter => "supporter",
            Missing::Case => "case",
        }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row would break a uniqueness rule (an email or slug already taken).
    #[error("{0} already exists")]
    Conflict(Clash),
    /// A referenced row does not exist (in this organisation).
    #[error("{0} not found")]
    NotFound(Missing),
    /// A stored value no longer parses as its domain type: the data was changed outside ReachIn.
    #[error("stored {column} is not valid: {reason}")]
    Corrupt {
        /// Which column.
        column: &'static str,
        /// Why it failed to parse.
        reason: String,
    },
    /// The database itself failed or is unreachable.
    #[error("database error")]
    Database(#[source] sqlx::Error),
    /// Migrations could not be applied.
    #[error("migration failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// The master key is missing or wrong, or a sealed value does not open.
    #[error("encryption at rest: {0}")]
    Keys(String),
}

impl From<crate::crypt::CryptError> for StoreError {
    fn from(e: crate::crypt::CryptError) -> Self {
        StoreError::Keys(e.to_string())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

/// Turns a unique-constraint violation into a named conflict; other errors pass through.
pub(crate) fn conflict_as(what: Clash) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(e),
    }
}

/// Ends a transaction with `e`, rolling back at once: a transaction merely dropped is rolled
/// back only when its connection is next used, and until then it holds its locks.
pub(crate) async fn abort<T>(tx: sqlx::Transaction<'_, sqlx::Any>, e: StoreError) -> Result<T, StoreError> {
    let _ = tx.rollback().await;
    Err(e)
}
