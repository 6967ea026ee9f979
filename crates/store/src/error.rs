//! What can go wrong in storage, in terms the server can map to a clear answer.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row would break a uniqueness rule (an email or slug already taken).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// A referenced row does not exist (in this organisation).
    #[error("{0} not found")]
    NotFound(&'static str),
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
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

/// Turns a unique-constraint violation into a named conflict; other errors pass through.
pub(crate) fn conflict_as(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(e),
    }
}
