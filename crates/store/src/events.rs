//! Safety events and outreach opt-outs.

use jiff::Timestamp;
use reachin_domain::clock::to_micros;
use reachin_domain::{EventId, OrgId, PersonId, UserId};

use crate::error::conflict_as;
use crate::rows::parsed;
use crate::{Clash, Db, Result};

/// A safety event as reported.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Its id.
    pub id: EventId,
    /// Whose.
    pub org_id: OrgId,
    /// The reporting system's own reference (idempotency key).
    pub external_ref: String,
    /// Category code.
    pub category: String,
    /// When it happened (`YYYY-MM-DD`).
    pub event_date: Option<String>,
    /// When it was received.
    pub received_at: Timestamp,
    /// Who reported it (the token's user).
    pub reported_by: Option<UserId>,
}

/// The event with this reference, if it was reported before.
pub async fn by_reference(db: &Db, org: OrgId, external_ref: &str) -> Result<Option<EventId>> {
    let row = sqlx::query("SELECT id FROM safety_events WHERE org_id = $1 AND external_ref = $2")
        .bind(org.to_string())
        .bind(external_ref)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(|r| parsed(r, "id")).transpose()
}

/// Records a person's standing opt-out from automatic outreach (idempotent).
pub async fn opt_out(db: &Db, org: OrgId, person: PersonId, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO outreach_opt_outs (org_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, person_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Whether a person has opted out of automatic outreach.
pub async fn has_opted_out(db: &Db, org: OrgId, person: PersonId) -> Result<bool> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT person_id FROM outreach_opt_outs WHERE org_id = $1 AND person_id = $2")
            .bind(org.to_string())
            .bind(person.to_string())
            .fetch_optional(db.reader())
            .await?;
    Ok(row.is_some())
}

/// Stores a pending opt-out, to be confirmed by the link sent to the person's work email.
pub async fn request_opt_out(
    db: &Db,
    token_hash: &str,
    org: OrgId,
    person: PersonId,
    expires_at: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO opt_out_requests (token_hash, org_id, person_id, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(to_micros(expires_at))
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Confirms a pending opt-out: records it and spends the link, in one transaction. False when
/// the link is unknown, spent or expired.
pub async fn confirm_opt_out(db: &Db, token_hash: &str, org: OrgId, now: Timestamp) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT person_id FROM opt_out_requests WHERE token_hash = $1 AND org_id = $2 AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(org.to_string())
    .bind(to_micros(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((person,)) = row else {
        let _ = tx.rollback().await;
        return Ok(false);
    };
    sqlx::query("DELETE FROM opt_out_requests WHERE token_hash = $1").bind(token_hash).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO outreach_opt_outs (org_id, person_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, person_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(person)
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records a safety event and opens (or joins) a case for each person, all in one transaction:
/// either the event and all its cases are stored, or nothing is.
pub async fn create_with_cases(
    db: &Db,
    e: &NewEvent,
    cases: &[crate::cases::NewCase],
) -> Result<Vec<crate::cases::Opened>> {
    let key = db.org_key(e.org_id).await?;
    let mut tx = db.writer().begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO safety_events (id, org_id, external_ref, category, event_date, received_at, reported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id.to_string())
    .bind(e.org_id.to_string())
    .bind(&e.external_ref)
    .bind(&e.category)
    .bind(e.event_date.as_deref())
    .bind(to_micros(e.received_at))
    .bind(e.reported_by.map(|u| u.to_string()))
    .execute(&mut *tx)
    .await
    .map_err(conflict_as(Clash::EventReference));
    if let Err(err) = inserted {
        return crate::error::abort(tx, err).await;
    }
    let mut opened = Vec::with_capacity(cases.len());
    for c in cases {
        match crate::cases::open_or_join_in(&mut tx, &key, c).await {
            Ok(o) => opened.push(o),
            Err(err) => return crate::error::abort(tx, err).await,
        }
    }
    tx.commit().await?;
    Ok(opened)
}
