//! The staff directory.

use jiff::Timestamp;
use reachin_domain::clock::to_micros;
use reachin_domain::directory::{Person, WorkEmail};
use reachin_domain::{OrgId, PersonId};
use sqlx::any::AnyRow;

use crate::crypt::OrgKey;
use crate::error::conflict_as;
use crate::rows::{opt_parsed, opt_text, parsed, text};
use crate::{Db, Result};

macro_rules! person_columns {
    () => {
        "id, org_id, employee_id, name, email, phone, department, profession, specialty, grade, site, manager_id"
    };
}

/// A person's identity fields as stored: sealed with the organisation's key, bound to their row,
/// plus the blind indexes for exact lookups.
pub(crate) struct Sealed {
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) employee_id: Option<String>,
    pub(crate) email_index: Option<String>,
    pub(crate) employee_index: Option<String>,
}

/// The associated data that binds a sealed field to its row.
pub(crate) fn field(column: &str, id: &str) -> String {
    format!("people.{column}:{id}")
}

impl Sealed {
    pub(crate) fn new(
        key: &OrgKey,
        id: &str,
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        employee_id: Option<&str>,
    ) -> Result<Sealed> {
        let seal = |column: &str, v: Option<&str>| v.map(|v| key.seal(&field(column, id), v)).transpose();
        Ok(Sealed {
            name: key.seal(&field("name", id), name)?,
            email: seal("email", email)?,
            phone: seal("phone", phone)?,
            employee_id: seal("employee_id", employee_id)?,
            email_index: email.map(|e| key.blind("email", e)),
            employee_index: employee_id.map(|e| key.blind("employee_id", e)),
        })
    }

    fn of(key: &OrgKey, p: &Person) -> Result<Sealed> {
        Sealed::new(
            key,
            &p.id.to_string(),
            &p.name,
            p.email.as_ref().map(WorkEmail::as_str),
            p.phone.as_deref(),
            p.employee_id.as_deref(),
        )
    }
}

/// Opens one sealed column of a person's row (`id` is the row's id).
pub(crate) fn open(key: &OrgKey, row: &AnyRow, column: &'static str, id: &str) -> Result<Option<String>> {
    opt_text(row, column)?
        .map(|v| key.open(&field(column, id), &v))
        .transpose()
        .map_err(|_| crate::StoreError::Corrupt { column, reason: "does not open with the organisation's key".into() })
}

/// Opens a person's name selected under another column name (`alias`) in a join.
pub(crate) fn open_name(key: &OrgKey, row: &AnyRow, alias: &'static str, id: Option<&str>) -> Result<Option<String>> {
    let (Some(id), Some(sealed)) = (id, opt_text(row, alias)?) else { return Ok(None) };
    key.open(&field("name", id), &sealed).map(Some).map_err(|_| crate::StoreError::Corrupt {
        column: alias,
        reason: "does not open with the organisation's key".into(),
    })
}

/// A person's name selected as `column` beside their id selected as `id_column`, opened.
pub(crate) fn name_in(key: &OrgKey, row: &AnyRow, column: &'static str, id_column: &'static str) -> Result<String> {
    let id = text(row, id_column)?;
    Ok(open_name(key, row, column, Some(&id))?.unwrap_or_default())
}

fn from_row(key: &OrgKey, row: &AnyRow) -> Result<Person> {
    let id = text(row, "id")?;
    let email = open(key, row, "email", &id)?
        .map(|e| e.parse::<WorkEmail>())
        .transpose()
        .map_err(|_| crate::StoreError::Corrupt { column: "email", reason: "not a work email".into() })?;
    Ok(Person {
        id: parsed(row, "id")?,
        org_id: parsed(row, "org_id")?,
        employee_id: open(key, row, "employee_id", &id)?,
        name: open(key, row, "name", &id)?.unwrap_or_default(),
        email,
        phone: open(key, row, "phone", &id)?,
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
    let sealed = Sealed::of(&db.org_key(p.org_id).await?, p)?;
    let mut tx = db.writer().begin().await?;
    if !manager_ok(&mut tx, p).await? {
        return crate::error::abort(tx, crate::StoreError::NotFound(crate::Missing::Manager)).await;
    }
    sqlx::query(
        "INSERT INTO people (id, org_id, employee_id, name, email, phone, department, profession,
                             specialty, grade, site, manager_id, created_at, updated_at, email_index, employee_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)",
    )
    .bind(p.id.to_string())
    .bind(p.org_id.to_string())
    .bind(sealed.employee_id)
    .bind(sealed.name)
    .bind(sealed.email)
    .bind(sealed.phone)
    .bind(p.department.as_deref())
    .bind(p.profession.map(|x| x.code()))
    .bind(p.specialty.as_deref())
    .bind(p.grade.map(|x| x.code()))
    .bind(p.site.as_deref())
    .bind(p.manager_id.map(|m| m.to_string()))
    .bind(to_micros(now))
    .bind(sealed.email_index)
    .bind(sealed.employee_index)
    .execute(&mut *tx)
    .await
    .map_err(conflict_as(crate::Clash::PersonIdentifier))?;
    tx.commit().await?;
    Ok(())
}

/// One person of this organisation's directory (another organisation's id finds nothing).
pub async fn by_id(db: &Db, org: OrgId, id: PersonId) -> Result<Option<Person>> {
    let key = db.org_key(org).await?;
    let row = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND id = $2"))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(|r| from_row(&key, r)).transpose()
}

/// The person with this work email in this organisation.
pub async fn by_email(db: &Db, org: OrgId, email: &WorkEmail) -> Result<Option<Person>> {
    let key = db.org_key(org).await?;
    let row = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND email_index = $2"))
        .bind(org.to_string())
        .bind(key.blind("email", email.as_str()))
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(|r| from_row(&key, r)).transpose()
}

/// A page of the directory ordered by name: `limit` people after offset `offset`. Names are
/// sealed, so the organisation's entries are opened and ordered here rather than by SQL.
pub async fn page(db: &Db, org: OrgId, limit: u32, offset: u32) -> Result<Vec<Person>> {
    let mut all = every(db, org).await?;
    all.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(all.into_iter().skip(offset as usize).take(limit as usize).collect())
}

/// Every entry of the organisation's directory, opened (in no particular order).
pub async fn every(db: &Db, org: OrgId) -> Result<Vec<Person>> {
    let key = db.org_key(org).await?;
    let rows = sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1"))
        .bind(org.to_string())
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| from_row(&key, r)).collect()
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
    let key = db.org_key(org).await?;
    let row =
        sqlx::query(concat!("SELECT ", person_columns!(), " FROM people WHERE org_id = $1 AND employee_index = $2"))
            .bind(org.to_string())
            .bind(key.blind("employee_id", employee_id))
            .fetch_optional(db.reader())
            .await?;
    row.as_ref().map(|r| from_row(&key, r)).transpose()
}

/// Replaces a person's directory fields (the id and organisation stay).
pub async fn update(db: &Db, p: &Person, now: Timestamp) -> Result<bool> {
    let sealed = Sealed::of(&db.org_key(p.org_id).await?, p)?;
    let mut tx = db.writer().begin().await?;
    if !manager_ok(&mut tx, p).await? {
        return crate::error::abort(tx, crate::StoreError::NotFound(crate::Missing::Manager)).await;
    }
    let done = sqlx::query(
        "UPDATE people SET employee_id = $1, name = $2, email = $3, phone = $4, department = $5, profession = $6,
                specialty = $7, grade = $8, site = $9, manager_id = $10, updated_at = $11,
                email_index = $14, employee_index = $15
         WHERE org_id = $12 AND id = $13",
    )
    .bind(sealed.employee_id)
    .bind(sealed.name)
    .bind(sealed.email)
    .bind(sealed.phone)
    .bind(p.department.as_deref())
    .bind(p.profession.map(|x| x.code()))
    .bind(p.specialty.as_deref())
    .bind(p.grade.map(|x| x.code()))
    .bind(p.site.as_deref())
    .bind(p.manager_id.map(|m| m.to_string()))
    .bind(to_micros(now))
    .bind(p.org_id.to_string())
    .bind(p.id.to_string())
    .bind(sealed.email_index)
    .bind(sealed.employee_index)
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
