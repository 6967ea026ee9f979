//! The resources directory, and the resources offered in a case.

use jiff::Timestamp;
use reachin_domain::case::ResourceKind;
use reachin_domain::clock::to_micros;
use reachin_domain::{CaseId, OrgId, ResourceId};

use crate::rows::{flag, opt_text, parsed, text};
use crate::{Db, Result};

/// A source of further help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Id.
    pub id: ResourceId,
    /// What kind of help.
    pub kind: ResourceKind,
    /// Its name.
    pub name: String,
    /// How to reach it (phone, web address, place).
    pub how_to_reach: String,
    /// When it is open.
    pub hours: Option<String>,
    /// A crisis line: shown first, and on every escalation.
    pub crisis: bool,
}

/// The organisation's resources, crisis lines first, then by name.
pub async fn list(db: &Db, org: OrgId) -> Result<Vec<Resource>> {
    let rows = sqlx::query(
        "SELECT id, kind, name, how_to_reach, hours, crisis FROM resources WHERE org_id = $1 ORDER BY crisis DESC, name, id",
    )
    .bind(org.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Resource {
                id: parsed(r, "id")?,
                kind: parsed(r, "kind")?,
                name: text(r, "name")?,
                how_to_reach: text(r, "how_to_reach")?,
                hours: opt_text(r, "hours")?,
                crisis: flag(r, "crisis")?,
            })
        })
        .collect()
}

/// Adds a resource.
pub async fn add(db: &Db, org: OrgId, r: &Resource, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO resources (id, org_id, kind, name, how_to_reach, hours, crisis, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.id.to_string())
    .bind(org.to_string())
    .bind(r.kind.code())
    .bind(&r.name)
    .bind(&r.how_to_reach)
    .bind(r.hours.as_deref())
    .bind(i64::from(r.crisis))
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Removes a resource of this organisation; false when there was none.
pub async fn remove(db: &Db, org: OrgId, id: ResourceId) -> Result<bool> {
    let done = sqlx::query("DELETE FROM resources WHERE org_id = $1 AND id = $2")
        .bind(org.to_string())
        .bind(id.to_string())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that a kind of help was offered in a case (and whether it was taken up).
pub async fn offer(db: &Db, org: OrgId, case: CaseId, kind: ResourceKind, accepted: bool) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    // Holds the case's row, so two offers at once cannot both count the same change.
    let held = sqlx::query("UPDATE cases SET version = version WHERE org_id = $1 AND id = $2")
        .bind(org.to_string())
        .bind(case.to_string())
        .execute(&mut *tx)
        .await?;
    if held.rows_affected() != 1 {
        return crate::error::abort(tx, crate::StoreError::NotFound(crate::Missing::Case)).await;
    }
    let counted = crate::tallies::keys_in(&mut tx, org, case).await?;
    sqlx::query(
        "INSERT INTO case_resources (org_id, case_id, kind, accepted) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, kind) DO UPDATE SET accepted = $4",
    )
    .bind(org.to_string())
    .bind(case.to_string())
    .bind(kind.code())
    .bind(i64::from(accepted))
    .execute(&mut *tx)
    .await?;
    crate::tallies::settle(&mut tx, org, case, &counted).await?;
    tx.commit().await?;
    Ok(())
}

/// The kinds offered in a case, with whether each was taken up.
pub async fn offered(db: &Db, org: OrgId, case: CaseId) -> Result<Vec<(ResourceKind, bool)>> {
    let rows =
        sqlx::query("SELECT kind, accepted FROM case_resources WHERE org_id = $1 AND case_id = $2 ORDER BY kind")
            .bind(org.to_string())
            .bind(case.to_string())
            .fetch_all(db.reader())
            .await?;
    rows.iter().map(|r| Ok((parsed(r, "kind")?, flag(r, "accepted")?))).collect()
}
