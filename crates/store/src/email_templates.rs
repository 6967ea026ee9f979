//! Organisations' own wording for their emails.

use std::collections::HashMap;

use reachin_domain::OrgId;

use crate::{Db, Result};

/// The organisation's overrides, by message id.
pub async fn for_org(db: &Db, org: OrgId) -> Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT message_id, text FROM email_templates WHERE org_id = $1")
        .bind(org.to_string())
        .fetch_all(db.reader())
        .await?;
    Ok(rows.into_iter().collect())
}

/// Sets (or replaces) one message's wording.
pub async fn set(db: &Db, org: OrgId, message_id: &str, text: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO email_templates (org_id, message_id, text) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, message_id) DO UPDATE SET text = $3",
    )
    .bind(org.to_string())
    .bind(message_id)
    .bind(text)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Goes back to the catalogue's wording; false when there was no override.
pub async fn reset(db: &Db, org: OrgId, message_id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM email_templates WHERE org_id = $1 AND message_id = $2")
        .bind(org.to_string())
        .bind(message_id)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}
