//! The staff directory.

use jiff::Timestamp;
use reachin_domain::clock::to_micros;
use reachin_domain::directory::{Person, WorkEmail};
use reachin_domain::{OrgId, PersonId};
use sqlx::any::AnyRow;

use crate::error::conflict_as;
use crate::rows::{opt_parsed, opt_text, parsed, text};
use crate::{Db, Result};

macro_rules! person_columns {
    () => {
        "id, org_id, employee_id, name, email, phone, department, profession, specialty, grade, site, manager_id"
    };
}

fn from_row(row: &AnyRow) -> Result<Person> {
    Ok(Person {
        id: parsed(row, "id")?,
        org_id: parsed(row, "org_id")?,
        employee_id: opt_text(row, "employee_id")?,
        name: text(row, "name")?,
        email: opt_parsed(row, "email")?,
        phone: opt_text(row, "phone")?,
        department: opt_text(row, "department")?,
        profession: opt_parsed(row, "profession")?,
        specialty: opt_text(row, "specialty")?,
        grade: opt_parsed(row, "grade")?,
        site: opt_text(row, "site")?,
        manager_id: opt_parsed(row, "manager_id")?,
    })
}

/// Whether the person's manager (if any) is someone else in the same organisation's directory.
async fn manager_ok(tx: &mut sqlx::Transaction<'_, sqlx::Any>, p: &Person) -> Result<bool> {
    let Some(manager) = p.manager_id else { return Ok(true) };
    if manager == p.id {
        return Ok(false);
    }
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM people WHERE org_id = $1 AND id = $2")
        .bind(p.org_id.to_string())
        .bind(manager.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

/// Adds a person. Their employee id and email must be free in the organisation, and their
/// manager (if any) must be in the same organisation's directory.
pub async fn insert(db: &Db, p: &Person, now: Timestamp) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    if !manager_ok(&mut tx, p).await? {
        return crate::error::abort(tx, crate::StoreError::NotFound(crate::Missing::Manager)).await;
    }
    sqlx::query(
        "INSERT INTO people (id, org_id, employee_id, name, email, phone, department, profession,
                             specialty, grade, site, manager_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(p.id.to_string())
    .bind(p.org_id.to_string())
    .bind(p.employee_id.as_deref())
    .bind(&p.name)
    .bind(p.email.as_ref().map(WorkEmail::as_str))
    .bind(p.phone.as_deref())
    .bind(p.department.as_deref())
    .bind(p.profession.map(|x| x.code()))
    .bind(p.specialty.as_deref())
    .bind(p.grade.map(|x| x.code()))
    .bind(p.site.as_deref())
    .bind(p.manager_id.map(|m| m.to_string()))
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await
    .map_err(conflict_as(crate::Clash::PersonIdentifier))?;
    tx.commit().await?;
    Ok(())
}

/// One person of this organisation's directory (another organisation's id finds nothing).
pub async fn by_id(db: &Db, org: OrgId, id: PersonId) -> Result<Option<Person>> {
    let row = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND id = $2"))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The person with this work email in this organisation.
pub async fn by_email(db: &Db, org: OrgId, email: &WorkEmail) -> Result<Option<Person>> {
    let row = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND email = $2"))
        .bind(org.to_string())
        .bind(email.as_str())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A page of the directory ordered by name: `limit` people after offset `offset`.
pub async fn page(db: &Db, org: OrgId, limit: u32, offset: u32) -> Result<Vec<Person>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        person_columns!(),
        " FROM people WHERE org_id = $1 ORDER BY name, id LIMIT $2 OFFSET $3"
    ))
    .bind(org.to_string())
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many people the directory holds.
pub async fn count(db: &Db, org: OrgId) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE org_id = $1")
        .bind(org.to_string())
        .fetch_one(db.reader())
        .await?;
    Ok(n)
}

/// The person with this staff number in this organisation.
pub async fn by_employee_id(db: &Db, org: OrgId, employee_id: &str) -> Result<Option<Person>> {
    let row = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND employee_id = $2"))
        .bind(org.to_string())
        .bind(employee_id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Replaces a person's directory fields (the id and organisation stay).
pub async fn update(db: &Db, p: &Person, now: Timestamp) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    if !manager_ok(&mut tx, p).await? {
        return crate::error::abort(tx, crate::StoreError::NotFound(crate::Missing::Manager)).await;
    }
    let done = sqlx::query(
        "UPDATE people SET employee_id = $1, name = $2, email = $3, phone = $4, department = $5, profession = $6,
                specialty = $7, grade = $8, site = $9, manager_id = $10, updated_at = $11
         WHERE org_id = $12 AND id = $13",
    )
    .bind(p.employee_id.as_deref())
    .bind(&p.name)
    .bind(p.email.as_ref().map(WorkEmail::as_str))
    .bind(p.phone.as_deref())
    .bind(p.department.as_deref())
    .bind(p.profession.map(|x| x.code()))
    .bind(p.specialty.as_deref())
    .bind(p.grade.map(|x| x.code()))
    .bind(p.site.as_deref())
    .bind(p.manager_id.map(|m| m.to_string()))
    .bind(to_micros(now))
    .bind(p.org_id.to_string())
    .bind(p.id.to_string())
    .execute(&mut *tx)
    .await
    .map_err(conflict_as(crate::Clash::PersonIdentifier))?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Whether an import row added or changed a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new directory entry.
    Added(PersonId),
    /// An existing entry, found by employee id or email, was updated.
    Updated(PersonId),
}

/// Adds or updates a person found by employee id, else by email (the import's key). The
/// person's id is ignored when an existing entry matches.
pub async fn upsert(db: &Db, p: &Person, now: Timestamp) -> Result<Upserted> {
    let existing = match (&p.employee_id, &p.email) {
        (Some(e), _) => by_employee_id(db, p.org_id, e).await?,
        (None, Some(m)) => by_email(db, p.org_id, m).await?,
        (None, None) => None,
    };
    match existing {
        Some(found) => {
            let updated = Person { id: found.id, ..p.clone() };
            update(db, &updated, now).await?;
            Ok(Upserted::Updated(found.id))
        }
        None => {
            insert(db, p, now).await?;
            Ok(Upserted::Added(p.id))
        }
    }
}
