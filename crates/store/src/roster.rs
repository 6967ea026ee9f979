//! The supporter roster and what matching needs to know about each supporter.

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::intake::GenderPreference;
use reachin_domain::matching::Candidate;
use reachin_domain::{OrgId, PersonId, UserId};

use crate::rows::{int, opt_int, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result, StoreError};

/// Where a supporter is in their lifecycle.
pub const STATUSES: &[&str] = &["nominated", "approved", "trained", "active", "paused", "retired"];

/// The caseload cap a supporter starts with.
pub const DEFAULT_CAP: i64 = 3;

/// Sets a supporter's lifecycle status (creating their roster entry), recording who did it.
pub async fn set_status(
    db: &Db,
    org: OrgId,
    person: PersonId,
    status: &str,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<()> {
    if !STATUSES.contains(&status) {
        return Err(StoreError::Corrupt { column: "supporters.status", reason: status.to_owned() });
    }
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, $3, $4, '[]', $5)
         ON CONFLICT (org_id, person_id) DO UPDATE SET status = $3, updated_at = $5",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(status)
    .bind(DEFAULT_CAP)
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO supporter_steps (id, org_id, person_id, status, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(status)
    .bind(by.map(|u| u.to_string()))
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a completed training with its expiry.
pub async fn add_training(
    db: &Db,
    org: OrgId,
    person: PersonId,
    course: &str,
    completed: Timestamp,
    expires: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO trainings (id, org_id, person_id, course, completed_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(course)
    .bind(to_micros(completed))
    .bind(to_micros(expires))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Records an away period (leave, holiday).
pub async fn add_away(db: &Db, org: OrgId, person: PersonId, starts: Timestamp, ends: Timestamp) -> Result<()> {
    sqlx::query("INSERT INTO away_periods (id, org_id, person_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(to_micros(starts))
        .bind(to_micros(ends))
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Every supporter of the organisation (members holding the supporter role) as matching sees
/// them now. A supporter without a roster entry counts as active, untrained, with the default cap.
pub async fn candidates(db: &Db, org: OrgId, now: Timestamp) -> Result<Vec<Candidate>> {
    let rows = sqlx::query(
        "SELECT p.id, p.profession, p.specialty, p.department, p.grade, p.site, p.manager_id,
                s.status, s.cap, s.gender, s.languages,
                (SELECT MAX(t.expires_at) FROM trainings t WHERE t.org_id = p.org_id AND t.person_id = p.id) AS trained_until,
                (SELECT COUNT(*) FROM away_periods a WHERE a.org_id = p.org_id AND a.person_id = p.id
                    AND a.starts_at <= $2 AND a.ends_at > $2) AS away,
                (SELECT COUNT(*) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id
                    AND c.state IN ('assigned', 'accepted', 'contacted', 'escalated')) AS open_cases,
                (SELECT MAX(c.assigned_at) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id) AS last_assigned
         FROM membership_roles r
         JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
         JOIN users u ON u.id = r.user_id
         JOIN people p ON p.id = m.person_id AND p.org_id = r.org_id
         LEFT JOIN supporters s ON s.org_id = p.org_id AND s.person_id = p.id
         WHERE r.org_id = $1 AND r.role = 'supporter' AND u.disabled = 0
         ORDER BY p.id",
    )
    .bind(org.to_string())
    .bind(to_micros(now))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let languages: Vec<String> = match opt_text(r, "languages")? {
                Some(l) => serde_json::from_str(&l)
                    .map_err(|e| StoreError::Corrupt { column: "languages", reason: e.to_string() })?,
                None => Vec::new(),
            };
            let status = opt_text(r, "status")?.unwrap_or_else(|| "active".to_owned());
            let gender: Option<String> = opt_text(r, "gender")?;
            Ok(Candidate {
                person: parsed(r, "id")?,
                profession: opt_parsed(r, "profession")?,
                specialty: opt_text(r, "specialty")?,
                department: opt_text(r, "department")?,
                grade: opt_parsed(r, "grade")?,
                site: opt_text(r, "site")?,
                languages,
                gender: match gender.as_deref() {
                    Some("woman") => Some(GenderPreference::Woman),
                    Some("man") => Some(GenderPreference::Man),
                    _ => None,
                },
                manager: opt_parsed(r, "manager_id")?,
                active: status == "active",
                trained_until: opt_int(r, "trained_until")?.map(from_micros),
                away: int(r, "away")? > 0,
                open_cases: u32::try_from(int(r, "open_cases")?).unwrap_or(u32::MAX),
                cap: u32::try_from(opt_int(r, "cap")?.unwrap_or(DEFAULT_CAP)).unwrap_or(0),
                last_assigned: opt_int(r, "last_assigned")?.map(from_micros),
            })
        })
        .collect()
}

/// A person's lifecycle history, oldest first: (status, when).
pub async fn steps(db: &Db, org: OrgId, person: PersonId) -> Result<Vec<(String, Timestamp)>> {
    let rows =
        sqlx::query("SELECT status, at FROM supporter_steps WHERE org_id = $1 AND person_id = $2 ORDER BY at, id")
            .bind(org.to_string())
            .bind(person.to_string())
            .fetch_all(db.reader())
            .await?;
    rows.iter().map(|r| Ok((text(r, "status")?, from_micros(int(r, "at")?)))).collect()
}

/// Sets a supporter's caseload cap (creating their roster entry as active if needed).
pub async fn set_cap(db: &Db, org: OrgId, person: PersonId, cap: u32, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, 'active', $3, '[]', $4)
         ON CONFLICT (org_id, person_id) DO UPDATE SET cap = $3, updated_at = $4",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(i64::from(cap))
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}
