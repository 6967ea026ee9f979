//! The job queue. Jobs are enqueued inside the transaction of the change that causes them, so a
//! change and its consequences commit (or vanish) together. A job is claimed with a lease: an
//! instance that dies mid-job loses the lease and another picks the job up, so handlers must be
//! idempotent. The one engine-specific line is the claim's row lock.

use jiff::{SignedDuration, Timestamp};
use reachin_domain::clock::to_micros;

use crate::rows::{int, text};
use crate::{Db, Engine, Result};

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// What to do (the runner's handler name).
    pub kind: &'static str,
    /// Its input, JSON.
    pub payload: String,
    /// Not before.
    pub run_at: Timestamp,
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Payload, JSON.
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// Enqueues jobs inside an open transaction.
pub async fn enqueue_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, jobs: &[NewJob], now: Timestamp) -> Result<()> {
    for j in jobs {
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, run_at, attempts, created_at) VALUES ($1, $2, $3, $4, 0, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(j.kind)
        .bind(&j.payload)
        .bind(to_micros(j.run_at))
        .bind(to_micros(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Claims the next due job for `lease`, or none.
pub async fn claim(db: &Db, now: Timestamp, lease: SignedDuration) -> Result<Option<Job>> {
    // PostgreSQL: several instances claim at once; SKIP LOCKED hands each a different row.
    // SQLite: the single writer connection already serialises claims.
    let lock = match db.engine() {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = $1, attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs
                     WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $2
                       AND (locked_until IS NULL OR locked_until < $2)
                     ORDER BY run_at, id LIMIT 1{lock})
         RETURNING id, kind, payload, attempts"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_micros(now + lease))
        .bind(to_micros(now))
        .fetch_optional(db.writer())
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Job {
        id: text(&r, "id")?,
        kind: text(&r, "kind")?,
        payload: text(&r, "payload")?,
        attempts: int(&r, "attempts")?,
    }))
}

/// Marks a job done.
pub async fn done(db: &Db, id: &str, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2")
        .bind(to_micros(now))
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Records a failure: retried at `retry_at`, or given up on when `retry_at` is none.
pub async fn failed(db: &Db, id: &str, error: &str, retry_at: Option<Timestamp>, now: Timestamp) -> Result<()> {
    let error: String = error.chars().take(500).collect();
    match retry_at {
        Some(at) => {
            sqlx::query("UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
                .bind(to_micros(at))
                .bind(error)
                .bind(id)
                .execute(db.writer())
                .await?;
        }
        None => {
            sqlx::query("UPDATE jobs SET failed_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
                .bind(to_micros(now))
                .bind(error)
                .bind(id)
                .execute(db.writer())
                .await?;
        }
    }
    Ok(())
}

/// Jobs waiting or running (shown on `/metrics`).
pub async fn pending(db: &Db) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL")
        .fetch_one(db.reader())
        .await?;
    Ok(n)
}

/// Deletes jobs finished or given up on before `before`, and spent-by-time links (feedback
/// invitations, opt-out requests) that expired before `now`.
pub async fn purge_finished(db: &Db, before: Timestamp, now: Timestamp) -> Result<u64> {
    let jobs = sqlx::query(
        "DELETE FROM jobs WHERE (done_at IS NOT NULL AND done_at < $1) OR (failed_at IS NOT NULL AND failed_at < $1)",
    )
    .bind(to_micros(before))
    .execute(db.writer())
    .await?;
    let mut n = jobs.rows_affected();
    for sql in
        ["DELETE FROM feedback_invitations WHERE expires_at < $1", "DELETE FROM opt_out_requests WHERE expires_at < $1"]
    {
        n += sqlx::query(sql).bind(to_micros(now)).execute(db.writer()).await?.rows_affected();
    }
    Ok(n)
}
