//! The audit log: append-only, hash-chained. Each entry's link is an HMAC (under the
//! installation's chain key, wrapped by the master key) over its own fields and the previous
//! entry's link, and `audit_head` holds the last one, so an edited, deleted or inserted row — or
//! a cut-off tail — is found by `verify`, and a consistent rewrite needs the master key. The
//! record id is covered through its keyed hash, so erasing a person can blank the id without
//! breaking the chain.

use jiff::Timestamp;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::{CaseId, OrgId, UserId};

use crate::crypt::ChainKey;
use crate::rows::{int, opt_text, parsed, text};
use crate::{Db, Result};

/// One thing to record: who, what, which record (never content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The organisation it happened in (none: the installation, or unknown).
    pub org: Option<OrgId>,
    /// Who did it (none: the system, or someone not signed in).
    pub user: Option<UserId>,
    /// What.
    pub action: AuditAction,
    /// Which record.
    pub record: Option<(RecordKind, String)>,
    /// A short code qualifying the action (a case action, a role): never free text.
    pub detail: Option<String>,
}

impl Entry {
    /// An entry with only an action.
    #[must_use]
    pub fn new(action: AuditAction) -> Entry {
        Entry { org: None, user: None, action, record: None, detail: None }
    }

    /// In this organisation.
    #[must_use]
    pub fn org(mut self, org: OrgId) -> Entry {
        self.org = Some(org);
        self
    }

    /// By this user.
    #[must_use]
    pub fn by(mut self, user: UserId) -> Entry {
        self.user = Some(user);
        self
    }

    /// About this record.
    #[must_use]
    pub fn record(mut self, kind: RecordKind, id: impl ToString) -> Entry {
        self.record = Some((kind, id.to_string()));
        self
    }

    /// With this qualifying code.
    #[must_use]
    pub fn detail(mut self, code: impl Into<String>) -> Entry {
        self.detail = Some(code.into());
        self
    }
}

const GENESIS: &str = "genesis";

/// The keyed hash of a record id: what the chain covers, so the id itself can be blanked at
/// erasure, and the hash cannot be checked against guessed ids without the key.
fn record_hash(key: &ChainKey, id: &str) -> String {
    key.link(&[b"record", id.as_bytes()])
}

/// The fields an entry's hash covers, each length-prefixed so no two entries read the same.
struct Chained<'a> {
    seq: i64,
    at: i64,
    org: Option<&'a str>,
    user: Option<&'a str>,
    action: &'a str,
    record_kind: Option<&'a str>,
    record_hash: Option<&'a str>,
    detail: Option<&'a str>,
    prev_hash: &'a str,
}

impl Chained<'_> {
    /// The link: an HMAC under the installation's chain key over every field, each tagged
    /// present or absent, so no two entries read the same.
    fn hash(&self, key: &ChainKey) -> String {
        let seq = self.seq.to_string();
        let at = self.at.to_string();
        let fields = [
            Some(seq.as_str()),
            Some(at.as_str()),
            self.org,
            self.user,
            Some(self.action),
            self.record_kind,
            self.record_hash,
            self.detail,
            Some(self.prev_hash),
        ];
        let tagged: Vec<Vec<u8>> = fields
            .iter()
            .map(|f| match f {
                None => vec![0u8],
                Some(s) => [&[1u8][..], s.as_bytes()].concat(),
            })
            .collect();
        let parts: Vec<&[u8]> = tagged.iter().map(Vec::as_slice).collect();
        key.link(&parts)
    }
}

/// Appends an entry. Appends queue on `audit_head`'s row (one writer on SQLite, a row lock on
/// PostgreSQL), so the chain never forks between instances.
pub async fn append(db: &Db, e: &Entry, now: Timestamp) -> Result<()> {
    append_all(db, std::slice::from_ref(e), now).await
}

/// Appends several entries in one transaction (a list that showed many cases' identities).
pub async fn append_all(db: &Db, entries: &[Entry], now: Timestamp) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let n = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    let key = db.chain_key().await?;
    let mut tx = db.writer().begin().await?;
    // Claim the next `n` places in the chain; the head's row stays locked until commit.
    let (last, mut prev): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(n)
            .fetch_one(&mut *tx)
            .await?;
    let at = to_micros(now);
    for (i, e) in (last - n + 1..).zip(entries) {
        let org = e.org.map(|o| o.to_string());
        let user = e.user.map(|u| u.to_string());
        let rhash = e.record.as_ref().map(|(_, id)| record_hash(&key, id));
        let hash = Chained {
            seq: i,
            at,
            org: org.as_deref(),
            user: user.as_deref(),
            action: e.action.code(),
            record_kind: e.record.as_ref().map(|(k, _)| k.code()),
            record_hash: rhash.as_deref(),
            detail: e.detail.as_deref(),
            prev_hash: &prev,
        }
        .hash(&key);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, org_id, user_id, action, record_kind, record_id, record_hash, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(i)
        .bind(at)
        .bind(org)
        .bind(user)
        .bind(e.action.code())
        .bind(e.record.as_ref().map(|(k, _)| k.code()))
        .bind(e.record.as_ref().map(|(_, id)| id.clone()))
        .bind(rhash)
        .bind(e.detail.as_deref())
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every link holds.
    Intact {
        /// How many entries.
        entries: i64,
    },
    /// The first entry whose link does not hold, and why.
    Broken {
        /// Its sequence number (for a cut-off tail: the last one the head expects).
        seq: i64,
        /// What does not hold.
        reason: String,
    },
}

/// The link that vouches for where the kept chain starts after pruning.
fn start_mac(key: &ChainKey, first_seq: i64, anchor: &str) -> String {
    key.link(&[b"start", first_seq.to_string().as_bytes(), anchor.as_bytes()])
}

/// Walks the chain from its first kept entry and checks every link, the start and the head.
/// The head is read first, so entries appended meanwhile are left for the next run.
pub async fn verify(db: &Db) -> Result<Verdict> {
    let key = db.chain_key().await?;
    let (head_seq, head_hash, first_seq, anchor, mac): (i64, String, i64, String, Option<String>) =
        sqlx::query_as("SELECT seq, hash, first_seq, anchor, start_mac FROM audit_head WHERE id = 1")
            .fetch_one(db.reader())
            .await?;
    let moved = first_seq != 1 || anchor != GENESIS;
    if moved && mac.as_deref() != Some(start_mac(&key, first_seq, &anchor).as_str()) {
        return Ok(Verdict::Broken { seq: first_seq, reason: "the start of the log was moved without the key".into() });
    }
    let rows = sqlx::query(
        "SELECT seq, at, org_id, user_id, action, record_kind, record_id, record_hash, detail, prev_hash, hash
         FROM audit_log WHERE seq <= $1 ORDER BY seq",
    )
    .bind(head_seq)
    .fetch_all(db.reader())
    .await?;
    let mut expected_seq = first_seq;
    let mut prev = anchor;
    for r in &rows {
        let seq = int(r, "seq")?;
        let broken = |reason: &str| Ok(Verdict::Broken { seq, reason: reason.to_owned() });
        if seq != expected_seq {
            return Ok(Verdict::Broken {
                seq: expected_seq,
                reason: format!("entry {expected_seq} is missing (the next is {seq})"),
            });
        }
        let prev_hash = text(r, "prev_hash")?;
        if prev_hash != prev {
            return broken("does not follow the entry before it");
        }
        let record_id = opt_text(r, "record_id")?;
        let rhash = opt_text(r, "record_hash")?;
        if let Some(id) = &record_id
            && rhash.as_deref() != Some(record_hash(&key, id).as_str())
        {
            return broken("its record was changed");
        }
        let (org, user, action, kind, detail) = (
            opt_text(r, "org_id")?,
            opt_text(r, "user_id")?,
            text(r, "action")?,
            opt_text(r, "record_kind")?,
            opt_text(r, "detail")?,
        );
        let hash = Chained {
            seq,
            at: int(r, "at")?,
            org: org.as_deref(),
            user: user.as_deref(),
            action: &action,
            record_kind: kind.as_deref(),
            record_hash: rhash.as_deref(),
            detail: detail.as_deref(),
            prev_hash: &prev_hash,
        }
        .hash(&key);
        if hash != text(r, "hash")? {
            return broken("was edited");
        }
        prev = hash;
        expected_seq += 1;
    }
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Ok(Verdict::Broken {
            seq: head_seq,
            reason: format!("the log ends at entry {} but its head says {head_seq}", expected_seq - 1),
        });
    }
    Ok(Verdict::Intact { entries: expected_seq - first_seq })
}

/// Deletes the entries older than `before` from the start of the chain (the newest entry always
/// stays), and records in the head, under the key, where the kept chain now starts. Appends wait
/// meanwhile. Returns how many went.
pub async fn prune(db: &Db, before: Timestamp) -> Result<u64> {
    let key = db.chain_key().await?;
    let mut tx = db.writer().begin().await?;
    let (last,): (i64,) =
        sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq").fetch_one(&mut *tx).await?;
    let old: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log WHERE at < $1 AND seq < $2 ORDER BY seq DESC LIMIT 1")
            .bind(to_micros(before))
            .bind(last)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((through, link)) = old else {
        tx.commit().await?;
        return Ok(0);
    };
    let gone = sqlx::query("DELETE FROM audit_log WHERE seq <= $1").bind(through).execute(&mut *tx).await?;
    sqlx::query("UPDATE audit_head SET first_seq = $1, anchor = $2, start_mac = $3 WHERE id = 1")
        .bind(through + 1)
        .bind(&link)
        .bind(start_mac(&key, through + 1, &link))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(gone.rows_affected())
}

/// One identity view of a case, for "who has seen this case".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// When.
    pub at: Timestamp,
    /// Who (their display name; none for a removed account).
    pub who: Option<String>,
    /// How: the case page or API, or break-glass.
    pub action: AuditAction,
}

/// Everyone who has seen this case's identity, latest first (at most `limit`).
pub async fn case_views(db: &Db, org: OrgId, case: CaseId, limit: u32) -> Result<Vec<View>> {
    // The list of identity views is the domain's; its codes are fixed words, safe to inline.
    let views: Vec<String> =
        AuditAction::ALL.iter().filter(|a| a.is_identity_view()).map(|a| format!("'{}'", a.code())).collect();
    let sql = format!(
        "SELECT a.at, a.action, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.org_id = $1 AND a.record_kind = 'case' AND a.record_id = $2 AND a.action IN ({})
         ORDER BY a.seq DESC LIMIT $3",
        views.join(", ")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(case.to_string())
        .bind(i64::from(limit))
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(View { at: from_micros(int(r, "at")?), who: opt_text(r, "display_name")?, action: parsed(r, "action")? })
        })
        .collect()
}

/// Blanks the record id of every entry about `kind`/`id` (a person's erasure). The chain covers
/// the id's hash, so it still verifies.
pub(crate) async fn blank_record(tx: &mut sqlx::Transaction<'_, sqlx::Any>, kind: RecordKind, id: &str) -> Result<u64> {
    let done = sqlx::query("UPDATE audit_log SET record_id = NULL WHERE record_kind = $1 AND record_id = $2")
        .bind(kind.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypt::DataKeyBytes;

    fn link(key: &ChainKey, detail: Option<&str>) -> String {
        let c = Chained {
            seq: 1,
            at: 2,
            org: Some("o"),
            user: None,
            action: "case_viewed",
            record_kind: Some("case"),
            record_hash: Some("r"),
            detail,
            prev_hash: "genesis",
        };
        c.hash(key)
    }

    #[test]
    fn a_link_depends_on_every_field_and_on_the_key() {
        let k = ChainKey::from_bytes(&DataKeyBytes::generate().unwrap());
        let other = ChainKey::from_bytes(&DataKeyBytes::generate().unwrap());
        assert_eq!(link(&k, Some("x")), link(&k, Some("x")));
        assert_ne!(link(&k, Some("x")), link(&k, Some("y")));
        // Absent and empty are different fields.
        assert_ne!(link(&k, None), link(&k, Some("")));
        // Without the key, nobody can make a link that verifies.
        assert_ne!(link(&k, Some("x")), link(&other, Some("x")));
        assert_ne!(record_hash(&k, "case-1"), record_hash(&other, "case-1"));
    }
}
