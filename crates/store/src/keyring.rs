//! The organisations' data keys: created with the organisation, stored wrapped by the master
//! key, unwrapped once per process and kept in memory. Also the master-key rotation and the
//! one-time sealing of identity fields stored before encryption at rest.

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;

use jiff::Timestamp;
use reachin_domain::OrgId;
use reachin_domain::clock::to_micros;

use crate::crypt::{ChainKey, DataKeyBytes, MasterKey, OrgKey};
use crate::{Db, Result, StoreError};

/// The master key (if configured) and the data keys unwrapped so far.
#[derive(Default)]
pub struct Keyring {
    master: Option<MasterKey>,
    cache: RwLock<HashMap<String, OrgKey>>,
    chain: RwLock<Option<ChainKey>>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring").field("master", &self.master).finish_non_exhaustive()
    }
}

impl Keyring {
    pub(crate) fn new(master: Option<MasterKey>) -> Keyring {
        Keyring { master, cache: RwLock::default(), chain: RwLock::default() }
    }

    fn master(&self) -> Result<&MasterKey> {
        self.master.as_ref().ok_or_else(|| StoreError::Keys("no master key is configured".into()))
    }
}

fn no_open(what: &str) -> StoreError {
    StoreError::Keys(format!("{what}: wrapped under another master key (is master_key the one in use?)"))
}

/// A fresh data key for `org`, wrapped for storage.
pub(crate) fn new_data_key(db: &Db, org: OrgId) -> Result<(String, String, OrgKey)> {
    let master = db.keys.master()?;
    let bytes = DataKeyBytes::generate()?;
    let wrapped = master.wrap(&org.to_string(), &bytes)?;
    Ok((wrapped, master.id().to_owned(), OrgKey::from_bytes(&bytes)))
}

/// Stores a new organisation's data key, inside the transaction that creates the organisation.
pub(crate) async fn create_in(
    db: &Db,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrgId,
    now: Timestamp,
) -> Result<OrgKey> {
    let (wrapped, master_id, key) = new_data_key(db, org)?;
    sqlx::query("INSERT INTO org_keys (org_id, wrapped, master_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(org.to_string())
        .bind(wrapped)
        .bind(master_id)
        .bind(to_micros(now))
        .execute(&mut **tx)
        .await?;
    Ok(key)
}

impl Db {
    /// The organisation's data key (read from the reader pool, so it may be called before a
    /// write transaction begins; never call it while holding SQLite's single writer).
    pub async fn org_key(&self, org: OrgId) -> Result<OrgKey> {
        let name = org.to_string();
        if let Ok(cache) = self.keys.cache.read()
            && let Some(k) = cache.get(&name)
        {
            return Ok(k.clone());
        }
        let master = self.keys.master()?;
        let row: Option<(String, String)> = sqlx::query_as("SELECT wrapped, master_id FROM org_keys WHERE org_id = $1")
            .bind(&name)
            .fetch_optional(self.reader())
            .await?;
        let Some((wrapped, master_id)) = row else {
            return Err(StoreError::Keys(format!("organisation {name} has no data key")));
        };
        if master_id != master.id() {
            return Err(no_open(&format!("the data key of organisation {name}")));
        }
        let key = master.unwrap_key(&name, &wrapped).map_err(|_| no_open(&format!("organisation {name}")))?;
        if let Ok(mut cache) = self.keys.cache.write() {
            cache.insert(name, key.clone());
        }
        Ok(key)
    }
}

const AUDIT_KEY: &str = "audit";

impl Db {
    /// The audit log's chain key: made on first use (by whichever instance gets there first),
    /// stored wrapped by the master key. Read before a write transaction begins.
    pub async fn chain_key(&self) -> Result<ChainKey> {
        if let Ok(k) = self.keys.chain.read()
            && let Some(k) = k.as_ref()
        {
            return Ok(k.clone());
        }
        let master = self.keys.master()?;
        let context = format!("installation_keys:{AUDIT_KEY}");
        let read = || async {
            let row: Option<(String, String)> =
                sqlx::query_as("SELECT wrapped, master_id FROM installation_keys WHERE name = $1")
                    .bind(AUDIT_KEY)
                    .fetch_optional(self.reader())
                    .await?;
            Ok::<_, StoreError>(row)
        };
        let row = match read().await? {
            Some(row) => row,
            None => {
                let wrapped = master.wrap_for(&context, &DataKeyBytes::generate()?)?;
                sqlx::query(
                    "INSERT INTO installation_keys (name, wrapped, master_id, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(AUDIT_KEY)
                .bind(wrapped)
                .bind(master.id())
                .bind(to_micros(Timestamp::now()))
                .execute(self.writer())
                .await?;
                read().await?.ok_or_else(|| StoreError::Keys("the audit key could not be stored".into()))?
            }
        };
        if row.1 != master.id() {
            return Err(no_open("the audit log's key"));
        }
        let key =
            ChainKey::from_bytes(&master.unwrap_for(&context, &row.0).map_err(|_| no_open("the audit log's key"))?);
        if let Ok(mut slot) = self.keys.chain.write() {
            *slot = Some(key.clone());
        }
        Ok(key)
    }
}

/// Re-wraps every organisation's data key under `new` (one transaction: all or none). The data
/// keys themselves do not change, so nothing sealed needs rewriting. Returns how many.
pub async fn rotate_master_key(db: &Db, new: &MasterKey) -> Result<usize> {
    let master = db.keys.master()?;
    let mut tx = db.writer().begin().await?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT org_id, wrapped, master_id FROM org_keys ORDER BY org_id").fetch_all(&mut *tx).await?;
    let installation: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, wrapped, master_id FROM installation_keys ORDER BY name")
            .fetch_all(&mut *tx)
            .await?;
    for (name, wrapped, master_id) in &installation {
        let context = format!("installation_keys:{name}");
        let bytes = match (master_id == master.id(), master.unwrap_for(&context, wrapped)) {
            (true, Ok(b)) => b,
            _ => return crate::error::abort(tx, no_open(&format!("the installation key {name}"))).await,
        };
        sqlx::query("UPDATE installation_keys SET wrapped = $1, master_id = $2 WHERE name = $3")
            .bind(new.wrap_for(&context, &bytes)?)
            .bind(new.id())
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    for (org, wrapped, master_id) in &rows {
        if master_id != master.id() {
            return crate::error::abort(tx, no_open(&format!("the data key of organisation {org}"))).await;
        }
        let bytes = match master.unwrap_bytes(org, wrapped) {
            Ok(b) => b,
            Err(_) => return crate::error::abort(tx, no_open(&format!("organisation {org}"))).await,
        };
        sqlx::query("UPDATE org_keys SET wrapped = $1, master_id = $2 WHERE org_id = $3")
            .bind(new.wrap(org, &bytes)?)
            .bind(new.id())
            .bind(org)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// A person's identity fields as stored before sealing: id, name, email, phone, employee id.
type PlainPerson = (String, String, Option<String>, Option<String>, Option<String>);

const SEAL_IDENTITIES: &str = "0012_seal_identities";

/// Seals identity fields written before encryption at rest (once; a fresh database has none).
pub(crate) async fn seal_unsealed(db: &Db) -> Result<()> {
    let done: Option<(String,)> = sqlx::query_as("SELECT name FROM data_migrations WHERE name = $1")
        .bind(SEAL_IDENTITIES)
        .fetch_optional(db.reader())
        .await?;
    if done.is_some() {
        return Ok(());
    }
    let orgs: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM organisations ORDER BY id").fetch_all(db.reader()).await?;
    // The wall clock: a one-time migration, not a rule.
    let now = to_micros(Timestamp::now());
    let mut tx = db.writer().begin().await?;
    for (org,) in &orgs {
        let org_id: OrgId =
            org.parse().map_err(|_| StoreError::Corrupt { column: "organisations.id", reason: org.clone() })?;
        let key = create_in(db, &mut tx, org_id, Timestamp::now()).await?;
        let people: Vec<PlainPerson> =
            sqlx::query_as("SELECT id, name, email, phone, employee_id FROM people WHERE org_id = $1")
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
        for (id, name, email, phone, employee_id) in people {
            let sealed = crate::directory::Sealed::new(
                &key,
                &id,
                &name,
                email.as_deref(),
                phone.as_deref(),
                employee_id.as_deref(),
            )?;
            sqlx::query(
                "UPDATE people SET name = $1, email = $2, phone = $3, employee_id = $4, email_index = $5,
                        employee_index = $6 WHERE id = $7",
            )
            .bind(sealed.name)
            .bind(sealed.email)
            .bind(sealed.phone)
            .bind(sealed.employee_id)
            .bind(sealed.email_index)
            .bind(sealed.employee_index)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        }
        let contexts: Vec<(String, String)> =
            sqlx::query_as("SELECT id, intake_context FROM cases WHERE org_id = $1 AND intake_context IS NOT NULL")
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
        for (id, context) in contexts {
            sqlx::query("UPDATE cases SET intake_context = $1 WHERE id = $2")
                .bind(key.seal(&crate::cases::context_field(&id), &context)?)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("INSERT INTO data_migrations (name, done_at) VALUES ($1, $2)")
        .bind(SEAL_IDENTITIES)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
