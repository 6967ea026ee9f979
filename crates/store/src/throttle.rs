//! Sign-in failure counters (the rule itself is `reachin_domain::sign_in`).

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::sign_in::Failures;

use crate::rows::int;
use crate::{Db, Result};

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The failure record under `key`.
pub async fn get(db: &Db, key: &str) -> Result<Option<Failures>> {
    let row =
        sqlx::query("SELECT consecutive, last_at, today, day_start FROM sign_in_failures WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(db.reader())
            .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Failures {
        consecutive: count(int(&r, "consecutive")?),
        last: from_micros(int(&r, "last_at")?),
        today: count(int(&r, "today")?),
        day_start: from_micros(int(&r, "day_start")?),
    }))
}

/// Stores the failure record under `key`.
pub async fn put(db: &Db, key: &str, f: &Failures) -> Result<()> {
    sqlx::query(
        "INSERT INTO sign_in_failures (throttle_key, consecutive, last_at, today, day_start) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (throttle_key) DO UPDATE SET consecutive = $2, last_at = $3, today = $4, day_start = $5",
    )
    .bind(key)
    .bind(i64::from(f.consecutive))
    .bind(to_micros(f.last))
    .bind(i64::from(f.today))
    .bind(to_micros(f.day_start))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Forgets the failures under `key` (after a successful sign-in).
pub async fn clear(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1").bind(key).execute(db.writer()).await?;
    Ok(())
}

/// Drops records whose last failure is older than `before`.
pub async fn purge(db: &Db, before: Timestamp) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1")
        .bind(to_micros(before))
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
