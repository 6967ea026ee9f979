//! Server-side sessions. The table holds a hash of each session id, never the id itself.

use jiff::Timestamp;
use reachin_domain::UserId;
use reachin_domain::clock::{from_micros, to_micros};

use crate::rows::{int, parsed, text};
use crate::{Db, Result};

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// Whose it is.
    pub user_id: UserId,
    /// The synchronizer token its forms must carry.
    pub csrf_token: String,
    /// When it was created (sign-in).
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_seen_at: Timestamp,
}

/// Records a new session.
pub async fn create(db: &Db, id_hash: &str, user: UserId, csrf_token: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id_hash)
    .bind(user.to_string())
    .bind(csrf_token)
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The session with this id hash, if any.
pub async fn find(db: &Db, id_hash: &str) -> Result<Option<StoredSession>> {
    let row = sqlx::query("SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .fetch_optional(db.reader())
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(StoredSession {
        user_id: parsed(&r, "user_id")?,
        csrf_token: text(&r, "csrf_token")?,
        created_at: from_micros(int(&r, "created_at")?),
        last_seen_at: from_micros(int(&r, "last_seen_at")?),
    }))
}

/// Marks the session as used now.
pub async fn touch(db: &Db, id_hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(to_micros(now))
        .bind(id_hash)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete(db: &Db, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(db.writer()).await?;
    Ok(())
}

/// Removes sessions created before `created_before` or idle since `idle_before`.
pub async fn purge_expired(db: &Db, created_before: Timestamp, idle_before: Timestamp) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
        .bind(to_micros(created_before))
        .bind(to_micros(idle_before))
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
