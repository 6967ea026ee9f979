//! Data subject rights: what ReachIn holds about a person (export), and erasing them.

use jiff::Timestamp;
use reachin_domain::audit::RecordKind;
use reachin_domain::clock::from_micros;
use reachin_domain::{OrgId, PersonId};
use serde_json::{Value, json};

use crate::{Clash, Db, Missing, Result, StoreError};

/// Tables whose rows belong to one person (`person_id`) and go with them.
const PERSONAL_TABLES: &[&str] = &[
    "supporter_steps",
    "trainings",
    "away_periods",
    "on_call",
    "debriefs",
    "supervision_attendance",
    "survey_invitations",
    "outreach_opt_outs",
    "opt_out_requests",
    "supporters",
];

/// A case the person was supported in: id, state, category, source, received, closed, outcome.
type SubjectCase = (String, String, String, String, i64, Option<i64>, Option<String>);

fn iso(micros: Option<i64>) -> Value {
    micros.map_or(Value::Null, |m| Value::String(from_micros(m).to_string()))
}

/// Everything ReachIn holds about a person of this organisation's directory, as JSON: their
/// directory entry, the cases they were supported in (without other people's names), the cases
/// they supported or referred (ids and dates only), their roster entry and wellbeing records,
/// and an outreach opt-out. None when the person is not in the directory.
pub async fn export(db: &Db, org: OrgId, person: PersonId) -> Result<Option<Value>> {
    let Some(p) = crate::directory::by_id(db, org, person).await? else { return Ok(None) };
    let (o, id) = (org.to_string(), person.to_string());
    let subject: Vec<SubjectCase> = sqlx::query_as(
        "SELECT id, state, category, source, received_at, closed_at, outcome FROM cases
         WHERE org_id = $1 AND subject_id = $2 ORDER BY received_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    let supported: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT id, assigned_at FROM cases WHERE org_id = $1 AND supporter_id = $2 ORDER BY assigned_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    let referred: Vec<(String, i64)> = sqlx::query_as(
        "SELECT case_id, received_at FROM case_referrals WHERE org_id = $1 AND referrer_id = $2 ORDER BY received_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    let roster = crate::roster::roster(db, org, Some(person), Timestamp::UNIX_EPOCH).await?;
    let trainings: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT course, completed_at, expires_at FROM trainings WHERE org_id = $1 AND person_id = $2 ORDER BY completed_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    let debriefs: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT requested_at, held_at FROM debriefs WHERE org_id = $1 AND person_id = $2 ORDER BY requested_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    let opted_out: Option<(i64,)> =
        sqlx::query_as("SELECT created_at FROM outreach_opt_outs WHERE org_id = $1 AND person_id = $2")
            .bind(&o)
            .bind(&id)
            .fetch_optional(db.reader())
            .await?;
    // Survey invitations of open waves (closed waves' invitations are gone). Answers are not the
    // person's to export: nothing ties an answer to anyone.
    let invitations: Vec<(String, i64)> = sqlx::query_as(
        "SELECT w.title, i.answered FROM survey_invitations i JOIN survey_waves w ON w.id = i.wave_id
         WHERE i.org_id = $1 AND i.person_id = $2 ORDER BY w.opened_at",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(db.reader())
    .await?;
    Ok(Some(json!({
        "directory_entry": {
            "id": p.id, "employee_id": p.employee_id, "name": p.name,
            "email": p.email.as_ref().map(|e| e.as_str().to_owned()), "phone": p.phone,
            "department": p.department, "profession": p.profession.map(|x| x.code()),
            "specialty": p.specialty, "grade": p.grade.map(|x| x.code()), "site": p.site,
            "has_manager": p.manager_id.is_some(),
        },
        "cases_as_colleague_supported": subject.iter().map(|(cid, state, category, source, received, closed, outcome)| json!({
            "id": cid, "state": state, "category": category, "source": source,
            "received_at": iso(Some(*received)), "closed_at": iso(*closed), "outcome": outcome,
        })).collect::<Vec<_>>(),
        "cases_as_supporter": supported.iter().map(|(cid, at)| json!({ "id": cid, "assigned_at": iso(*at) })).collect::<Vec<_>>(),
        "referrals_made": referred.iter().map(|(cid, at)| json!({ "case": cid, "received_at": iso(Some(*at)) })).collect::<Vec<_>>(),
        "roster_entry": roster.first().map(|r| json!({
            "status": r.status.code(), "cap": r.cap, "gender": r.gender, "languages": r.languages,
        })),
        "trainings": trainings.iter().map(|(course, done, until)| json!({
            "course": course, "completed_at": iso(Some(*done)), "valid_until": iso(Some(*until)),
        })).collect::<Vec<_>>(),
        "debriefs": debriefs.iter().map(|(asked, held)| json!({ "requested_at": iso(Some(*asked)), "held_at": iso(*held) })).collect::<Vec<_>>(),
        "outreach_opt_out_since": iso(opted_out.map(|(t,)| t)),
        "survey_invitations": invitations.iter().map(|(title, answered)| json!({
            "wave": title, "answered": *answered == 1,
        })).collect::<Vec<_>>(),
    })))
}

/// Removes a disabled account's membership of the organisation; an account with no other
/// membership goes altogether, and what it did stays recorded without it. (Audit entries keep
/// the account's random id: the account row, and so the name behind it, is gone.)
async fn remove_account(tx: &mut sqlx::Transaction<'_, sqlx::Any>, org: &str, user: &str) -> Result<()> {
    for sql in [
        "DELETE FROM membership_roles WHERE org_id = $1 AND user_id = $2",
        "DELETE FROM memberships WHERE org_id = $1 AND user_id = $2",
        "DELETE FROM api_tokens WHERE org_id = $1 AND user_id = $2",
    ] {
        sqlx::query(sql).bind(org).bind(user).execute(&mut **tx).await?;
    }
    let others: Option<(String,)> = sqlx::query_as("SELECT org_id FROM memberships WHERE user_id = $1")
        .bind(user)
        .fetch_optional(&mut **tx)
        .await?;
    if others.is_some() {
        return Ok(());
    }
    for sql in [
        "UPDATE safety_events SET reported_by = NULL WHERE reported_by = $1",
        "UPDATE case_transitions SET actor_user_id = NULL WHERE actor_user_id = $1",
        "UPDATE contact_attempts SET recorded_by = NULL WHERE recorded_by = $1",
        "UPDATE supporter_steps SET by_user = NULL WHERE by_user = $1",
        "UPDATE debriefs SET held_by = NULL WHERE held_by = $1",
        "UPDATE supervision_meetings SET created_by = NULL WHERE created_by = $1",
        "DELETE FROM break_glass WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM users WHERE id = $1",
    ] {
        sqlx::query(sql).bind(user).execute(&mut **tx).await?;
    }
    Ok(())
}

/// What an erasure removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    /// Cases they were in, now de-identified (the counting record stays).
    pub cases_deidentified: usize,
}

/// Erases a person from this organisation, in one transaction: every case they were in is
/// de-identified now, whatever the retention; their roster, wellbeing, opt-out and directory
/// rows are deleted; the audit log's entries about them lose the record id (their hash stays,
/// so the chain still verifies); a disabled account goes with them. Refused while they have an
/// enabled ReachIn account (disable it first) or are in an open case (close it first).
pub async fn erase(db: &Db, org: OrgId, person: PersonId, now: Timestamp) -> Result<Erased> {
    let (o, id) = (org.to_string(), person.to_string());
    let mut tx = db.writer().begin().await?;
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM people WHERE org_id = $1 AND id = $2")
        .bind(&o)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return crate::error::abort(tx, StoreError::NotFound(Missing::Person)).await;
    }
    let account: Option<(String, i64)> = sqlx::query_as(
        "SELECT m.user_id, u.disabled FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id = $1 AND m.person_id = $2",
    )
    .bind(&o)
    .bind(&id)
    .fetch_optional(&mut *tx)
    .await?;
    if account.as_ref().is_some_and(|(_, disabled)| *disabled == 0) {
        return crate::error::abort(tx, StoreError::Conflict(Clash::PersonHasAccount)).await;
    }
    let open: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM cases WHERE org_id = $1 AND (subject_id = $2 OR supporter_id = $2)
           AND state IN ('new', 'assigned', 'accepted', 'contacted', 'escalated')",
    )
    .bind(&o)
    .bind(&id)
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_some() {
        return crate::error::abort(tx, StoreError::Conflict(Clash::PersonInOpenCase)).await;
    }
    let cases: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM cases WHERE org_id = $1 AND (subject_id = $2 OR supporter_id = $2)
         UNION SELECT case_id FROM case_referrals WHERE org_id = $1 AND referrer_id = $2
         UNION SELECT case_id FROM case_transitions WHERE org_id = $1 AND supporter_id = $2",
    )
    .bind(&o)
    .bind(&id)
    .fetch_all(&mut *tx)
    .await?;
    let cases: Vec<String> = cases.into_iter().map(|(c,)| c).collect();
    crate::privacy::deidentify_cases(&mut tx, &o, &cases, now).await?;
    if let Some((user, _)) = &account {
        remove_account(&mut tx, &o, user).await?;
    }
    for table in PERSONAL_TABLES {
        let sql = format!("DELETE FROM {table} WHERE org_id = $1 AND person_id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&o).bind(&id).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE people SET manager_id = NULL WHERE org_id = $1 AND manager_id = $2")
        .bind(&o)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM people WHERE org_id = $1 AND id = $2").bind(&o).bind(&id).execute(&mut *tx).await?;
    crate::audit::blank_record(&mut tx, RecordKind::Person, &id).await?;
    tx.commit().await?;
    Ok(Erased { cases_deidentified: cases.len() })
}
