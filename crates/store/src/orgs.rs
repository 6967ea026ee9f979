//! Organisations.

use jiff::Timestamp;
use reachin_domain::OrgId;
use reachin_domain::clock::to_micros;
use reachin_domain::org::{OrgSlug, Organisation};
use sqlx::any::AnyRow;

use crate::error::conflict_as;
use crate::rows::{parsed, text};
use crate::{Db, Result, StoreError};

macro_rules! org_columns {
    () => {
        "id, slug, name, time_zone, locale, working_hours"
    };
}

fn from_row(row: &AnyRow) -> Result<Organisation> {
    let hours = text(row, "working_hours")?;
    Ok(Organisation {
        id: parsed(row, "id")?,
        slug: parsed(row, "slug")?,
        name: text(row, "name")?,
        time_zone: parsed(row, "time_zone")?,
        locale: parsed(row, "locale")?,
        working_hours: serde_json::from_str(&hours)
            .map_err(|e| StoreError::Corrupt { column: "working_hours", reason: e.to_string() })?,
    })
}

/// Adds an organisation; its slug must be free.
pub async fn create(db: &Db, org: &Organisation, now: Timestamp) -> Result<()> {
    let hours = serde_json::to_string(&org.working_hours)
        .map_err(|e| StoreError::Corrupt { column: "working_hours", reason: e.to_string() })?;
    // The data key is made first (it needs the master key), then stored with the organisation.
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO organisations (id, slug, name, time_zone, locale, working_hours, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.id.to_string())
    .bind(org.slug.as_str())
    .bind(&org.name)
    .bind(org.time_zone.as_str())
    .bind(org.locale.tag())
    .bind(hours)
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await
    .map_err(conflict_as(crate::Clash::OrgSlug))?;
    crate::keyring::create_in(db, &mut tx, org.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The organisation with this slug.
pub async fn by_slug(db: &Db, slug: &OrgSlug) -> Result<Option<Organisation>> {
    let row = sqlx::query(concat!("SELECT ", org_columns!(), " FROM organisations WHERE slug = $1"))
        .bind(slug.as_str())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The organisation with this id.
pub async fn by_id(db: &Db, id: OrgId) -> Result<Option<Organisation>> {
    let row = sqlx::query(concat!("SELECT ", org_columns!(), " FROM organisations WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every organisation on the installation, by name.
pub async fn list(db: &Db) -> Result<Vec<Organisation>> {
    let rows = sqlx::query(concat!("SELECT ", org_columns!(), " FROM organisations ORDER BY name, id"))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The organisation's holidays (`YYYY-MM-DD`), in date order.
pub async fn holidays(db: &Db, org: OrgId) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT holiday FROM org_holidays WHERE org_id = $1 ORDER BY holiday")
        .bind(org.to_string())
        .fetch_all(db.reader())
        .await?;
    Ok(rows.into_iter().map(|(d,)| d).collect())
}

/// Replaces the organisation's holidays.
pub async fn set_holidays(db: &Db, org: OrgId, dates: &[String]) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM org_holidays WHERE org_id = $1").bind(org.to_string()).execute(&mut *tx).await?;
    for d in dates {
        sqlx::query(
            "INSERT INTO org_holidays (org_id, holiday) VALUES ($1, $2) ON CONFLICT (org_id, holiday) DO NOTHING",
        )
        .bind(org.to_string())
        .bind(d)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
