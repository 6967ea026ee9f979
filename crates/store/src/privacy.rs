//! Retention and de-identification, the organisation's privacy settings, and break-glass grants.

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::privacy::{DirectoryMode, RetentionDays};
use reachin_domain::{CaseId, OrgId, UserId};

use crate::rows::{int, parsed, text};
use crate::{Db, Result, StoreError};

/// An organisation's privacy settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// How long a closed case keeps its identity.
    pub retention: RetentionDays,
    /// Whether the directory is kept or only imported.
    pub directory: DirectoryMode,
}

/// The organisation's privacy settings.
pub async fn settings(db: &Db, org: OrgId) -> Result<Settings> {
    let row = sqlx::query("SELECT retention_days, directory_mode FROM organisations WHERE id = $1")
        .bind(org.to_string())
        .fetch_one(db.reader())
        .await?;
    let retention = RetentionDays::new(int(&row, "retention_days")?)
        .map_err(|e| StoreError::Corrupt { column: "retention_days", reason: e.to_string() })?;
    Ok(Settings { retention, directory: parsed(&row, "directory_mode")? })
}

/// Sets the organisation's privacy settings.
pub async fn set_settings(db: &Db, org: OrgId, s: Settings) -> Result<()> {
    sqlx::query("UPDATE organisations SET retention_days = $1, directory_mode = $2 WHERE id = $3")
        .bind(i64::from(s.retention))
        .bind(s.directory.code())
        .bind(org.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Cases that ended (closed or withdrawn) at least `retention` ago and still have an identity.
const DUE: &str = "SELECT id FROM cases WHERE org_id = $1 AND state IN ('closed', 'withdrawn')
     AND deidentified_at IS NULL AND COALESCE(closed_at, updated_at) <= $2";

/// De-identifies every case of the organisation that is due, in one transaction: the subject,
/// the supporter, the referrer, the acting users, the safety event link, the preferences and the
/// intake context go; the counting record (category, source, department, profession, grade,
/// dates, timings, outcome, interactions, resources offered) stays. Returns the cases.
pub async fn deidentify_due(db: &Db, org: OrgId, retention: RetentionDays, now: Timestamp) -> Result<Vec<CaseId>> {
    let org_s = org.to_string();
    let cutoff = to_micros(retention.closed_before(now));
    let mut tx = db.writer().begin().await?;
    let due: Vec<(String,)> = sqlx::query_as(DUE).bind(&org_s).bind(cutoff).fetch_all(&mut *tx).await?;
    let ids: Vec<String> = due.into_iter().map(|(id,)| id).collect();
    deidentify_cases(&mut tx, &org_s, &ids, now).await?;
    tx.commit().await?;
    ids.into_iter().map(|id| id.parse().map_err(|_| StoreError::Corrupt { column: "cases.id", reason: id })).collect()
}

/// Takes the identity out of these cases, keeping the counting record (the one place that
/// knows which columns identify).
pub(crate) async fn deidentify_cases(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: &str,
    cases: &[String],
    now: Timestamp,
) -> Result<()> {
    for case in cases {
        for sql in [
            "UPDATE case_referrals SET referrer_id = NULL WHERE org_id = $1 AND case_id = $2",
            "UPDATE case_transitions SET supporter_id = NULL, actor_user_id = NULL WHERE org_id = $1 AND case_id = $2",
            "UPDATE contact_attempts SET recorded_by = NULL WHERE org_id = $1 AND case_id = $2",
        ] {
            sqlx::query(sql).bind(org).bind(case).execute(&mut **tx).await?;
        }
        sqlx::query(
            "UPDATE cases SET subject_id = NULL, supporter_id = NULL, intake_context = NULL, event_id = NULL,
                    preferences = '{}', deidentified_at = $3
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(case)
        .bind(to_micros(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Where a directory entry is still needed: anything here keeps it when the directory is only
/// imported. (Managers of the people kept are kept too, for the reporting-line rule.)
const NEEDED: &str = "
    EXISTS (SELECT 1 FROM cases c WHERE c.org_id = p.org_id AND (c.subject_id = p.id OR c.supporter_id = p.id))
    OR EXISTS (SELECT 1 FROM case_referrals r WHERE r.org_id = p.org_id AND r.referrer_id = p.id)
    OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = p.org_id AND m.person_id = p.id)
    OR EXISTS (SELECT 1 FROM supporters s WHERE s.org_id = p.org_id AND s.person_id = p.id)
    OR EXISTS (SELECT 1 FROM outreach_opt_outs o WHERE o.org_id = p.org_id AND o.person_id = p.id)
    OR EXISTS (SELECT 1 FROM opt_out_requests q WHERE q.org_id = p.org_id AND q.person_id = p.id)
    OR EXISTS (SELECT 1 FROM supervision_attendance a WHERE a.org_id = p.org_id AND a.person_id = p.id)
    OR EXISTS (SELECT 1 FROM survey_invitations i WHERE i.org_id = p.org_id AND i.person_id = p.id)";

/// Removes the directory entries that nothing needs any more (no case that still has its
/// identity, no account, no roster entry, no opt-out, not the manager of anyone kept). Only for
/// an organisation whose directory is imported, not kept. Returns how many went.
pub async fn prune_directory(db: &Db, org: OrgId) -> Result<u64> {
    let org_s = org.to_string();
    let mut tx = db.writer().begin().await?;
    let sql = format!(
        "SELECT p.id FROM people p WHERE p.org_id = $1 AND NOT ({NEEDED})
           AND NOT EXISTS (SELECT 1 FROM people k WHERE k.org_id = p.org_id AND k.manager_id = p.id
                           AND ({}))",
        NEEDED.replace("p.", "k.")
    );
    let gone: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&org_s).fetch_all(&mut *tx).await?;
    for (id,) in &gone {
        // Anyone left pointing at an entry that goes loses the link (they go too, or they would
        // have kept it).
        sqlx::query("UPDATE people SET manager_id = NULL WHERE org_id = $1 AND manager_id = $2")
            .bind(&org_s)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for (id,) in &gone {
        sqlx::query("DELETE FROM people WHERE org_id = $1 AND id = $2").bind(&org_s).bind(id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(gone.len() as u64)
}

/// The associated data that binds a sealed justification to its grant.
fn justification_field(grant: &str) -> String {
    format!("break_glass.justification:{grant}")
}

/// Records an organisation admin's break-glass access to one case, with their justification
/// sealed under the organisation's key, and `alert` (the job that tells the coordinators, made
/// by the caller from the grant's id) in the same transaction. Returns the grant's id.
pub async fn grant_break_glass(
    db: &Db,
    grant: &Grant<'_>,
    alert: impl FnOnce(&str) -> Vec<crate::jobs::NewJob>,
) -> Result<String> {
    let Grant { org, case, user, justification, now, until } = *grant;
    let key = db.org_key(org).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO break_glass (id, org_id, case_id, user_id, justification, granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(org.to_string())
    .bind(case.to_string())
    .bind(user.to_string())
    .bind(key.seal(&justification_field(&id), justification)?)
    .bind(to_micros(now))
    .bind(to_micros(until))
    .execute(&mut *tx)
    .await?;
    crate::jobs::enqueue_in(&mut tx, &alert(&id), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One break-glass grant to record.
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    /// The organisation.
    pub org: OrgId,
    /// The case opened.
    pub case: CaseId,
    /// The organisation admin.
    pub user: UserId,
    /// Why (checked by the domain's rule).
    pub justification: &'a str,
    /// When granted.
    pub now: Timestamp,
    /// When it ends.
    pub until: Timestamp,
}

/// One grant, for its alert: (case, who, why).
pub async fn break_glass_grant(db: &Db, org: OrgId, id: &str) -> Result<Option<(CaseId, String, String)>> {
    let key = db.org_key(org).await?;
    let row = sqlx::query(
        "SELECT b.case_id, u.display_name, b.justification FROM break_glass b JOIN users u ON u.id = b.user_id
         WHERE b.org_id = $1 AND b.id = $2",
    )
    .bind(org.to_string())
    .bind(id)
    .fetch_optional(db.reader())
    .await?;
    row.map(|r| {
        let why = key.open(&justification_field(id), &text(&r, "justification")?)?;
        Ok((parsed(&r, "case_id")?, text(&r, "display_name")?, why))
    })
    .transpose()
}

/// Until when this user holds break-glass access to this case (none: not now).
pub async fn break_glass_until(
    db: &Db,
    org: OrgId,
    case: CaseId,
    user: UserId,
    now: Timestamp,
) -> Result<Option<Timestamp>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT MAX(expires_at) FROM break_glass WHERE org_id = $1 AND case_id = $2 AND user_id = $3 AND expires_at > $4
         HAVING MAX(expires_at) IS NOT NULL",
    )
    .bind(org.to_string())
    .bind(case.to_string())
    .bind(user.to_string())
    .bind(to_micros(now))
    .fetch_optional(db.reader())
    .await?;
    Ok(row.map(|(t,)| from_micros(t)))
}

/// A case's break-glass grants, latest first: (who, justification, granted, ends).
pub async fn break_glass_of(db: &Db, org: OrgId, case: CaseId) -> Result<Vec<(String, String, Timestamp, Timestamp)>> {
    let key = db.org_key(org).await?;
    let rows = sqlx::query(
        "SELECT b.id, u.display_name, b.justification, b.granted_at, b.expires_at FROM break_glass b
         JOIN users u ON u.id = b.user_id WHERE b.org_id = $1 AND b.case_id = $2 ORDER BY b.granted_at DESC",
    )
    .bind(org.to_string())
    .bind(case.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let id = text(r, "id")?;
            let why = key.open(&justification_field(&id), &text(r, "justification")?)?;
            Ok((text(r, "display_name")?, why, from_micros(int(r, "granted_at")?), from_micros(int(r, "expires_at")?)))
        })
        .collect()
}

/// The organisation's suppression floor as stored (domain's `suppression::floor` applies the
/// minimum when it is used).
pub async fn suppression_floor(db: &Db, org: OrgId) -> Result<u32> {
    let row = sqlx::query("SELECT suppression_floor FROM organisations WHERE id = $1")
        .bind(org.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(u32::try_from(int(&row, "suppression_floor")?).unwrap_or(reachin_domain::suppression::DEFAULT_FLOOR))
}

/// Sets the organisation's suppression floor (already checked against the minimum).
pub async fn set_suppression_floor(db: &Db, org: OrgId, floor: u32) -> Result<()> {
    sqlx::query("UPDATE organisations SET suppression_floor = $1 WHERE id = $2")
        .bind(i64::from(floor))
        .bind(org.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}
