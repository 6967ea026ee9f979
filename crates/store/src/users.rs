//! Accounts and their role memberships.

use jiff::Timestamp;
use reachin_domain::clock::to_micros;
use reachin_domain::directory::WorkEmail;
use reachin_domain::org::Organisation;
use reachin_domain::{OrgId, PersonId, Role, RoleSet, UserId};
use sqlx::any::AnyRow;

use crate::error::conflict_as;
use crate::rows::{flag, opt_text, parsed, text};
use crate::{Db, Result, StoreError};

/// A sign-in account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The email it signs in with.
    pub email: WorkEmail,
    /// The name shown in the header.
    pub display_name: String,
    /// Disabled accounts cannot sign in and have no sessions or tokens.
    pub disabled: bool,
    /// Installation-wide network operator.
    pub network_operator: bool,
}

macro_rules! user_columns {
    () => {
        "id, email, display_name, disabled, network_operator"
    };
}

fn from_row(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: parsed(row, "id")?,
        email: parsed(row, "email")?,
        display_name: text(row, "display_name")?,
        disabled: flag(row, "disabled")?,
        network_operator: flag(row, "network_operator")?,
    })
}

/// What it takes to add an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The email it signs in with.
    pub email: WorkEmail,
    /// The name shown in the header.
    pub display_name: String,
    /// An argon2id PHC string.
    pub password_hash: String,
    /// Installation-wide network operator.
    pub network_operator: bool,
}

/// Adds an account; the email must be free.
pub async fn create(db: &Db, u: &NewUser, now: Timestamp) -> Result<UserId> {
    let id = UserId::generate();
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, disabled, network_operator, created_at)
         VALUES ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(id.to_string())
    .bind(u.email.as_str())
    .bind(&u.display_name)
    .bind(&u.password_hash)
    .bind(crate::rows::bool_int(u.network_operator))
    .bind(to_micros(now))
    .execute(db.writer())
    .await
    .map_err(conflict_as(crate::Clash::UserEmail))?;
    Ok(id)
}

/// Gives `user` the `roles` in `org`, linked to a directory entry of that organisation.
/// Adds to the roles already held; membership is created on first use.
pub async fn grant(
    db: &Db,
    org: OrgId,
    user: UserId,
    person: Option<PersonId>,
    roles: &[Role],
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    if let Some(p) = person {
        let found: Option<(String,)> = sqlx::query_as("SELECT id FROM people WHERE org_id = $1 AND id = $2")
            .bind(org.to_string())
            .bind(p.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return crate::error::abort(tx, StoreError::NotFound(crate::Missing::Person)).await;
        }
    }
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, person_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, user_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(user.to_string())
    .bind(person.map(|p| p.to_string()))
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    for role in roles {
        sqlx::query(
            "INSERT INTO membership_roles (org_id, user_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (org_id, user_id, role) DO NOTHING",
        )
        .bind(org.to_string())
        .bind(user.to_string())
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The account with this email.
pub async fn by_email(db: &Db, email: &WorkEmail) -> Result<Option<User>> {
    let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1"))
        .bind(email.as_str())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The account with this id.
pub async fn by_id(db: &Db, id: UserId) -> Result<Option<User>> {
    let row = sqlx::query(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The stored password hash of an enabled account with this email.
pub async fn password_hash(db: &Db, email: &WorkEmail) -> Result<Option<(UserId, String)>> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1 AND disabled = 0")
        .bind(email.as_str())
        .fetch_optional(db.reader())
        .await?;
    let Some(r) = row else { return Ok(None) };
    let Some(hash) = opt_text(&r, "password_hash")? else {
        return Ok(None);
    };
    Ok(Some((parsed(&r, "id")?, hash)))
}

/// The roles `user` holds in `org` (empty: not a member).
pub async fn roles_in(db: &Db, org: OrgId, user: UserId) -> Result<RoleSet> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT role FROM membership_roles WHERE org_id = $1 AND user_id = $2")
        .bind(org.to_string())
        .bind(user.to_string())
        .fetch_all(db.reader())
        .await?;
    rows.into_iter()
        .map(|(r,)| r.parse::<Role>().map_err(|e| StoreError::Corrupt { column: "role", reason: e.to_string() }))
        .collect()
}

/// Every organisation `user` is a member of, with the roles held there, by organisation name.
pub async fn memberships(db: &Db, user: UserId) -> Result<Vec<(Organisation, RoleSet)>> {
    let orgs: Vec<(String,)> = sqlx::query_as(
        "SELECT o.id FROM memberships m JOIN organisations o ON o.id = m.org_id
         WHERE m.user_id = $1 ORDER BY o.name, o.id",
    )
    .bind(user.to_string())
    .fetch_all(db.reader())
    .await?;
    let mut out = Vec::with_capacity(orgs.len());
    for (id,) in orgs {
        let org_id: OrgId = id.parse().map_err(|_| StoreError::Corrupt { column: "org_id", reason: id.clone() })?;
        let Some(org) = crate::orgs::by_id(db, org_id).await? else {
            continue;
        };
        let roles = roles_in(db, org_id, user).await?;
        out.push((org, roles));
    }
    Ok(out)
}

/// Disables an account and ends its sessions and API tokens in the same transaction.
pub async fn disable(db: &Db, user: UserId) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    let done =
        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1").bind(user.to_string()).execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return crate::error::abort(tx, StoreError::NotFound(crate::Missing::User)).await;
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.to_string()).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM api_tokens WHERE user_id = $1").bind(user.to_string()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// How many members of `org` hold `role`.
pub async fn count_with_role(db: &Db, org: OrgId, role: Role) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM membership_roles WHERE org_id = $1 AND role = $2")
        .bind(org.to_string())
        .bind(role.as_str())
        .fetch_one(db.reader())
        .await?;
    Ok(n)
}

/// The directory entry `user` is linked to in `org` (a supporter acts as this person).
pub async fn person_in(db: &Db, org: OrgId, user: UserId) -> Result<Option<PersonId>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT person_id FROM memberships WHERE org_id = $1 AND user_id = $2")
            .bind(org.to_string())
            .bind(user.to_string())
            .fetch_optional(db.reader())
            .await?;
    match row.and_then(|(p,)| p) {
        None => Ok(None),
        Some(p) => p.parse().map(Some).map_err(|_| StoreError::Corrupt { column: "person_id", reason: p }),
    }
}

/// The organisation's supporters: their directory entries and names, by name.
pub async fn supporters(db: &Db, org: OrgId) -> Result<Vec<(PersonId, String)>> {
    let key = db.org_key(org).await?;
    let rows = sqlx::query(
        "SELECT p.id, p.name FROM membership_roles r
         JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
         JOIN users u ON u.id = r.user_id
         JOIN people p ON p.id = m.person_id AND p.org_id = r.org_id
         WHERE r.org_id = $1 AND r.role = 'supporter' AND u.disabled = 0",
    )
    .bind(org.to_string())
    .fetch_all(db.reader())
    .await?;
    let mut out = rows
        .iter()
        .map(|r| Ok((crate::rows::parsed(r, "id")?, crate::directory::name_in(&key, r, "name", "id")?)))
        .collect::<Result<Vec<(PersonId, String)>>>()?;
    // Names are sealed: ordered here, after opening.
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// The sign-in emails of enabled members of `org` holding `role` (where notifications go).
pub async fn emails_with_role(db: &Db, org: OrgId, role: Role) -> Result<Vec<WorkEmail>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.email FROM membership_roles r JOIN users u ON u.id = r.user_id
         WHERE r.org_id = $1 AND r.role = $2 AND u.disabled = 0 ORDER BY u.email",
    )
    .bind(org.to_string())
    .bind(role.as_str())
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .map(|(e,)| e.parse().map_err(|_| StoreError::Corrupt { column: "users.email", reason: e.clone() }))
        .collect()
}

/// The sign-in email of the enabled member of `org` linked to directory entry `person`.
pub async fn email_of_person(db: &Db, org: OrgId, person: PersonId) -> Result<Option<WorkEmail>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id = $1 AND m.person_id = $2 AND u.disabled = 0",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .fetch_optional(db.reader())
    .await?;
    match row {
        None => Ok(None),
        Some((e,)) => e.parse().map(Some).map_err(|_| StoreError::Corrupt { column: "users.email", reason: e }),
    }
}
