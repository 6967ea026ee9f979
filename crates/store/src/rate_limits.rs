//! Fixed-window request counters, in the database so every instance shares them.

use jiff::{SignedDuration, Timestamp};
use reachin_domain::clock::to_micros;

use crate::{Db, Result};

/// Counts one request under `key` and says whether it is within `limit` per `window`.
pub async fn hit(db: &Db, key: &str, limit: i64, window: SignedDuration, now: Timestamp) -> Result<bool> {
    // One atomic statement on both engines: concurrent requests cannot lose a count.
    let (hits,): (i64,) = sqlx::query_as(
        "INSERT INTO rate_limits (limit_key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (limit_key) DO UPDATE SET
             hits = CASE WHEN rate_limits.window_start < $3 THEN 1 ELSE rate_limits.hits + 1 END,
             window_start = CASE WHEN rate_limits.window_start < $3 THEN $2 ELSE rate_limits.window_start END
         RETURNING hits",
    )
    .bind(key)
    .bind(to_micros(now))
    .bind(to_micros(now - window))
    .fetch_one(db.writer())
    .await?;
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
