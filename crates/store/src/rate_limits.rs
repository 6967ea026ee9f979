//! Fixed-window request counters, in the database so every instance shares them.

use jiff::{SignedDuration, Timestamp};
use reachin_domain::clock::{from_micros, to_micros};

use crate::{Db, Result};

/// Counts one request under `key` and says whether it is within `limit` per `window`.
pub async fn hit(db: &Db, key: &str, limit: i64, window: SignedDuration, now: Timestamp) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT window_start, hits FROM rate_limits WHERE limit_key = $1")
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
    let (start, hits) = match row {
        Some((start, hits)) if now.duration_since(from_micros(start)) < window => (start, hits + 1),
        _ => (to_micros(now), 1),
    };
    sqlx::query(
        "INSERT INTO rate_limits (limit_key, window_start, hits) VALUES ($1, $2, $3)
         ON CONFLICT (limit_key) DO UPDATE SET window_start = $2, hits = $3",
    )
    .bind(key)
    .bind(start)
    .bind(hits)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(hits <= limit)
}

/// Drops counters whose window started before `before`.
pub async fn purge(db: &Db, before: Timestamp) -> Result<u64> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(to_micros(before))
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
