//! Supporter wellbeing: debriefs asked for and held, and supervision meetings with attendance.
//! Nothing about the cases behind a debrief is kept: it is about the supporter.

use jiff::Timestamp;
use jiff::civil::Date;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::{OrgId, PersonId, UserId};

use crate::rows::{opt_int, parsed, text};
use crate::{Db, Missing, Result, StoreError};

/// A supporter asks for a debrief. Asking again while a request is open changes nothing, so a
/// double submit makes one request. True when this call made the request.
pub async fn request_debrief(db: &Db, org: OrgId, person: PersonId, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO debriefs (id, org_id, person_id, requested_at)
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
             SELECT 1 FROM debriefs WHERE org_id = $2 AND person_id = $3 AND held_at IS NULL)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A coordinator records a debrief held with a supporter: it answers their open request, or
/// stands on its own when they had not asked.
pub async fn debrief_held(db: &Db, org: OrgId, person: PersonId, by: UserId, now: Timestamp) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    let answered = sqlx::query(
        "UPDATE debriefs SET held_at = $3, held_by = $4 WHERE org_id = $1 AND person_id = $2 AND held_at IS NULL",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(to_micros(now))
    .bind(by.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if answered == 0 {
        sqlx::query("INSERT INTO debriefs (id, org_id, person_id, held_at, held_by) VALUES ($1, $2, $3, $4, $5)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(org.to_string())
            .bind(person.to_string())
            .bind(to_micros(now))
            .bind(by.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A supervision meeting and who attended.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Id.
    pub id: String,
    /// The day it was held.
    pub held_on: Date,
    /// Who attended (directory id, name), by name.
    pub attended: Vec<(PersonId, String)>,
}

/// Records a supervision meeting with its attendance. Every attendee must be in this
/// organisation's directory; otherwise nothing is recorded.
pub async fn add_meeting(
    db: &Db,
    org: OrgId,
    held_on: Date,
    attended: &[PersonId],
    by: UserId,
    now: Timestamp,
) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO supervision_meetings (id, org_id, held_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(org.to_string())
    .bind(held_on.to_string())
    .bind(by.to_string())
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    let mut unique: Vec<PersonId> = attended.to_vec();
    unique.sort();
    unique.dedup();
    for person in &unique {
        let added = sqlx::query(
            "INSERT INTO supervision_attendance (meeting_id, org_id, person_id)
             SELECT $1, p.org_id, p.id FROM people p WHERE p.org_id = $2 AND p.id = $3
             ON CONFLICT (meeting_id, person_id) DO NOTHING",
        )
        .bind(&id)
        .bind(org.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            return crate::error::abort(tx, StoreError::NotFound(Missing::Person)).await;
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// The organisation's supervision meetings, latest first (at most `limit`).
pub async fn meetings(db: &Db, org: OrgId, limit: u32) -> Result<Vec<Meeting>> {
    let key = db.org_key(org).await?;
    let rows = sqlx::query(
        "SELECT id, held_on FROM supervision_meetings WHERE org_id = $1 ORDER BY held_on DESC, id DESC LIMIT $2",
    )
    .bind(org.to_string())
    .bind(i64::from(limit))
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = text(r, "id")?;
        let held_on: Date = parsed(r, "held_on")?;
        let people = sqlx::query(
            "SELECT p.id, p.name FROM supervision_attendance a JOIN people p ON p.id = a.person_id AND p.org_id = a.org_id
             WHERE a.meeting_id = $1 AND a.org_id = $2",
        )
        .bind(&id)
        .bind(org.to_string())
        .fetch_all(db.reader())
        .await?;
        let mut attended = people
            .iter()
            .map(|p| Ok((parsed(p, "id")?, crate::directory::name_in(&key, p, "name", "id")?)))
            .collect::<Result<Vec<(PersonId, String)>>>()?;
        attended.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        out.push(Meeting { id, held_on, attended });
    }
    Ok(out)
}

/// When a supporter's debriefs were asked for and held, latest first: (requested, held).
pub async fn debriefs_of(db: &Db, org: OrgId, person: PersonId) -> Result<Vec<(Option<Timestamp>, Option<Timestamp>)>> {
    let rows = sqlx::query(
        "SELECT requested_at, held_at FROM debriefs WHERE org_id = $1 AND person_id = $2
         ORDER BY COALESCE(held_at, requested_at) DESC, id DESC",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let at = |c| -> Result<Option<Timestamp>> { Ok(opt_int(r, c)?.map(from_micros)) };
            Ok((at("requested_at")?, at("held_at")?))
        })
        .collect()
}
