//! Personal API tokens: shown once, stored only as a hash, acting as their user in one organisation.

use jiff::Timestamp;
use reachin_domain::clock::to_micros;
use reachin_domain::{OrgId, TokenId, UserId};

use crate::error::conflict_as;
use crate::rows::parsed;
use crate::{Db, Result};

/// What a presented token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenGrant {
    /// The token.
    pub id: TokenId,
    /// The organisation it acts in.
    pub org_id: OrgId,
    /// The user it acts as.
    pub user_id: UserId,
}

/// Stores a new token's hash.
pub async fn create(
    db: &Db,
    token_hash: &str,
    org: OrgId,
    user: UserId,
    name: &str,
    now: Timestamp,
) -> Result<TokenId> {
    let id = TokenId::generate();
    sqlx::query(
        "INSERT INTO api_tokens (id, token_hash, org_id, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(token_hash)
    .bind(org.to_string())
    .bind(user.to_string())
    .bind(name)
    .bind(to_micros(now))
    .execute(db.writer())
    .await
    .map_err(conflict_as(crate::Clash::Token))?;
    Ok(id)
}

/// The grant of an enabled user's token with this hash.
pub async fn find(db: &Db, token_hash: &str) -> Result<Option<TokenGrant>> {
    let row = sqlx::query(
        "SELECT t.id, t.org_id, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND u.disabled = 0",
    )
    .bind(token_hash)
    .fetch_optional(db.reader())
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(TokenGrant { id: parsed(&r, "id")?, org_id: parsed(&r, "org_id")?, user_id: parsed(&r, "user_id")? }))
}
