//! Follow-up check-ins scheduled on a case.

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::{CaseId, OrgId};

use crate::jobs::NewJob;
use crate::rows::{int, text};
use crate::{Db, Result};

/// A scheduled follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// Id.
    pub id: String,
    /// When.
    pub due_at: Timestamp,
}

/// Schedules a follow-up, with its reminder job, in one transaction.
pub async fn add(
    db: &Db,
    org: OrgId,
    case: CaseId,
    due_at: Timestamp,
    reminder: NewJob,
    now: Timestamp,
) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.writer().begin().await?;
    sqlx::query("INSERT INTO follow_ups (id, org_id, case_id, due_at, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(org.to_string())
        .bind(case.to_string())
        .bind(to_micros(due_at))
        .bind(to_micros(now))
        .execute(&mut *tx)
        .await?;
    crate::jobs::enqueue_in(&mut tx, &[reminder], now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A case's follow-ups, soonest first.
pub async fn list(db: &Db, org: OrgId, case: CaseId) -> Result<Vec<FollowUp>> {
    let rows = sqlx::query("SELECT id, due_at FROM follow_ups WHERE org_id = $1 AND case_id = $2 ORDER BY due_at, id")
        .bind(org.to_string())
        .bind(case.to_string())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| Ok(FollowUp { id: text(r, "id")?, due_at: from_micros(int(r, "due_at")?) })).collect()
}
