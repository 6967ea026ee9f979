//! Anonymous helpfulness feedback: an invitation token that knows only its organisation, spent
//! on use; an answer that knows only its organisation and month.

use jiff::Timestamp;
use reachin_domain::OrgId;
use reachin_domain::clock::to_micros;

use crate::rows::parsed;
use crate::{Db, Result};

/// Stores an invitation (its token's hash), valid until `expires_at`.
pub async fn invite_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    token_hash: &str,
    org: OrgId,
    expires_at: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO feedback_invitations (token_hash, org_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(org.to_string())
        .bind(to_micros(expires_at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The organisation of a live invitation, if the token is good.
pub async fn invitation(db: &Db, token_hash: &str, now: Timestamp) -> Result<Option<OrgId>> {
    let row = sqlx::query("SELECT org_id FROM feedback_invitations WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(to_micros(now))
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(|r| parsed(r, "org_id")).transpose()
}

/// Spends the invitation and stores the answer, in one transaction; false if the token was
/// already spent (a second submit), in which case nothing is stored.
pub async fn answer(db: &Db, token_hash: &str, org: OrgId, helpful: i64, month: &str, now: Timestamp) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let spent =
        sqlx::query("DELETE FROM feedback_invitations WHERE token_hash = $1 AND org_id = $2 AND expires_at > $3")
            .bind(token_hash)
            .bind(org.to_string())
            .bind(to_micros(now))
            .execute(&mut *tx)
            .await?;
    if spent.rows_affected() != 1 {
        let _ = tx.rollback().await;
        return Ok(false);
    }
    sqlx::query("INSERT INTO feedback_answers (id, org_id, month, helpful) VALUES ($1, $2, $3, $4)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.to_string())
        .bind(month)
        .bind(helpful)
        .execute(&mut *tx)
        .await?;
    crate::tallies::count_helpful(&mut tx, org, month, helpful).await?;
    tx.commit().await?;
    Ok(true)
}
