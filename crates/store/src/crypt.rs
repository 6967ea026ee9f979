//! Encryption at rest of identity fields.
//!
//! Each organisation has its own random 256-bit data key. It is stored only wrapped (sealed) by
//! the installation's master key, which comes from configuration and never reaches the database.
//! A field is sealed with XChaCha20-Poly1305 (a random 192-bit nonce per value, so nonces never
//! need coordinating between instances) and with the field's name and row id as associated data,
//! so a ciphertext copied into another row or column does not open. Exact lookups (by work email,
//! by employee id) go through a blind index: an HMAC-SHA-256 of the normalised value under a key
//! derived from the data key. Nothing here does I/O; `keyring` loads and caches the keys.
//! The reasons are in decision 10.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What went wrong with a key or a sealed value. Never carries the value itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptError {
    /// A master key must be 32 bytes, written in base64.
    #[error("a master key is 32 random bytes written in base64 (`reachin keys generate` makes one)")]
    BadMasterKey,
    /// The value was not sealed by this key for this field and row, or was altered.
    #[error("a sealed value does not open with this organisation's key: altered, moved, or another key")]
    DoesNotOpen,
    /// No randomness from the operating system.
    #[error("no randomness from the operating system")]
    NoRandomness,
}

/// Which version of the sealed format a value is in; the prefix of every sealed value.
const FORMAT: &str = "v1.";
const NONCE_LEN: usize = 24;

fn random<const N: usize>() -> Result<[u8; N], CryptError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| CryptError::NoRandomness)?;
    Ok(bytes)
}

fn seal_with(cipher: &XChaCha20Poly1305, context: &str, plain: &[u8]) -> Result<String, CryptError> {
    let nonce_bytes = random::<NONCE_LEN>()?;
    let nonce = XNonce::from(nonce_bytes);
    let sealed =
        cipher.encrypt(&nonce, Payload { msg: plain, aad: context.as_bytes() }).map_err(|_| CryptError::DoesNotOpen)?;
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&sealed);
    Ok(format!("{FORMAT}{}", URL_SAFE_NO_PAD.encode(out)))
}

fn open_with(cipher: &XChaCha20Poly1305, context: &str, sealed: &str) -> Result<Vec<u8>, CryptError> {
    let body = sealed.strip_prefix(FORMAT).ok_or(CryptError::DoesNotOpen)?;
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| CryptError::DoesNotOpen)?;
    if bytes.len() < NONCE_LEN {
        return Err(CryptError::DoesNotOpen);
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| CryptError::DoesNotOpen)?;
    cipher.decrypt(&nonce, Payload { msg: sealed, aad: context.as_bytes() }).map_err(|_| CryptError::DoesNotOpen)
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts a key of any length, so this cannot fail; the fallback keeps clippy's rules.
    let Ok(mut m) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else { return [0; 32] };
    for p in parts {
        m.update(&(p.len() as u64).to_be_bytes());
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// The installation's master key: it only wraps the organisations' data keys.
#[derive(Clone)]
pub struct MasterKey {
    cipher: XChaCha20Poly1305,
    id: String,
}

impl MasterKey {
    /// A key from its base64 text (surrounding white space ignored).
    pub fn parse(text: &str) -> Result<MasterKey, CryptError> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| CryptError::BadMasterKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| CryptError::BadMasterKey)?;
        Ok(MasterKey::from_bytes(&bytes))
    }

    /// A key from its 32 bytes.
    #[must_use]
    pub fn from_bytes(bytes: &[u8; 32]) -> MasterKey {
        let id = URL_SAFE_NO_PAD.encode(&mac(bytes, &[b"reachin master key id"])[..9]);
        MasterKey { cipher: XChaCha20Poly1305::new(&(*bytes).into()), id }
    }

    /// A fresh random key, in the base64 text `parse` reads.
    pub fn generate() -> Result<String, CryptError> {
        Ok(STANDARD.encode(random::<32>()?))
    }

    /// A short public name for this key (a keyed hash, not the key): stored beside each wrapped
    /// data key, so a wrong master key is named as such rather than failing obscurely.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Wraps an organisation's data key.
    pub fn wrap(&self, org: &str, key: &DataKeyBytes) -> Result<String, CryptError> {
        self.wrap_for(&format!("org_keys:{org}"), key)
    }

    /// Wraps a key for the use `context` names (`org_keys:<org>`, `installation_keys:audit`).
    pub fn wrap_for(&self, context: &str, key: &DataKeyBytes) -> Result<String, CryptError> {
        seal_with(&self.cipher, context, &key.0)
    }

    /// Unwraps a key wrapped for `context`.
    pub fn unwrap_for(&self, context: &str, wrapped: &str) -> Result<DataKeyBytes, CryptError> {
        let bytes = open_with(&self.cipher, context, wrapped)?;
        Ok(DataKeyBytes(bytes.try_into().map_err(|_| CryptError::DoesNotOpen)?))
    }

    /// Unwraps an organisation's data key.
    pub fn unwrap_key(&self, org: &str, wrapped: &str) -> Result<OrgKey, CryptError> {
        Ok(OrgKey::from_bytes(&self.unwrap_bytes(org, wrapped)?))
    }

    /// Unwraps an organisation's data key to its bytes (only to wrap them again).
    pub fn unwrap_bytes(&self, org: &str, wrapped: &str) -> Result<DataKeyBytes, CryptError> {
        self.unwrap_for(&format!("org_keys:{org}"), wrapped)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.id)
    }
}

/// A data key's raw bytes, only between generating and wrapping it.
pub struct DataKeyBytes([u8; 32]);

impl fmt::Debug for DataKeyBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKeyBytes(..)")
    }
}

impl DataKeyBytes {
    /// A fresh random data key.
    pub fn generate() -> Result<DataKeyBytes, CryptError> {
        Ok(DataKeyBytes(random::<32>()?))
    }
}

/// The installation's key for the audit log's chain: each link is an HMAC under it, so someone
/// who can write to the database but does not hold the master key cannot forge a consistent chain.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChainKey(..)")
    }
}

impl ChainKey {
    /// The key from its bytes.
    #[must_use]
    pub fn from_bytes(bytes: &DataKeyBytes) -> ChainKey {
        ChainKey(bytes.0)
    }

    /// The link over these parts (each length-prefixed), as hex.
    #[must_use]
    pub fn link(&self, parts: &[&[u8]]) -> String {
        mac(&self.0, parts).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One organisation's data key, ready to seal, open and index its identity fields.
#[derive(Clone)]
pub struct OrgKey {
    cipher: XChaCha20Poly1305,
    index_key: [u8; 32],
}

impl fmt::Debug for OrgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OrgKey(..)")
    }
}

impl OrgKey {
    /// The key from its bytes; the blind-index key is derived from it, so it is never stored.
    #[must_use]
    pub fn from_bytes(bytes: &DataKeyBytes) -> OrgKey {
        OrgKey { cipher: XChaCha20Poly1305::new(&bytes.0.into()), index_key: mac(&bytes.0, &[b"reachin blind index"]) }
    }

    /// Seals `plain` for one field of one row (`context`, e.g. `people.name:<id>`).
    pub fn seal(&self, context: &str, plain: &str) -> Result<String, CryptError> {
        seal_with(&self.cipher, context, plain.as_bytes())
    }

    /// Opens a value sealed for the same `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<String, CryptError> {
        String::from_utf8(open_with(&self.cipher, context, sealed)?).map_err(|_| CryptError::DoesNotOpen)
    }

    /// The blind index of `value` for lookups of one kind (`email`, `employee_id`): equal values
    /// give equal indexes within the organisation, and nothing about the value without the key.
    #[must_use]
    pub fn blind(&self, kind: &str, value: &str) -> String {
        URL_SAFE_NO_PAD.encode(mac(&self.index_key, &[kind.as_bytes(), value.as_bytes()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org_key(n: u8) -> OrgKey {
        OrgKey::from_bytes(&DataKeyBytes([n; 32]))
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_field_and_row() {
        let k = org_key(1);
        let sealed = k.seal("people.name:a", "Zebedee Quartermain").unwrap();
        assert!(!sealed.contains("Zebedee"));
        assert_eq!(k.open("people.name:a", &sealed).unwrap(), "Zebedee Quartermain");
        assert_eq!(k.open("people.name:b", &sealed), Err(CryptError::DoesNotOpen));
        assert_eq!(k.open("people.phone:a", &sealed), Err(CryptError::DoesNotOpen));
        assert_eq!(org_key(2).open("people.name:a", &sealed), Err(CryptError::DoesNotOpen));
        // Two seals of the same value differ (random nonces), and a flipped character fails.
        assert_ne!(sealed, k.seal("people.name:a", "Zebedee Quartermain").unwrap());
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert!(k.open("people.name:a", &String::from_utf8(altered).unwrap()).is_err());
        assert!(k.open("people.name:a", "Zebedee").is_err());
    }

    #[test]
    fn blind_indexes_match_equal_values_and_depend_on_the_key_and_kind() {
        let k = org_key(1);
        assert_eq!(k.blind("email", "a@x.org"), k.blind("email", "a@x.org"));
        assert_ne!(k.blind("email", "a@x.org"), k.blind("email", "b@x.org"));
        assert_ne!(k.blind("email", "a@x.org"), k.blind("employee_id", "a@x.org"));
        assert_ne!(k.blind("email", "a@x.org"), org_key(2).blind("email", "a@x.org"));
    }

    #[test]
    fn a_data_key_unwraps_only_with_its_master_key_and_organisation() {
        let master = MasterKey::parse(&MasterKey::generate().unwrap()).unwrap();
        let other = MasterKey::parse(&MasterKey::generate().unwrap()).unwrap();
        assert_ne!(master.id(), other.id());
        let wrapped = master.wrap("org-1", &DataKeyBytes([9; 32])).unwrap();
        let key = master.unwrap_key("org-1", &wrapped).unwrap();
        assert_eq!(key.blind("email", "x"), org_key(9).blind("email", "x"));
        assert!(other.unwrap_key("org-1", &wrapped).is_err());
        assert!(master.unwrap_key("org-2", &wrapped).is_err());
        assert_eq!(MasterKey::parse("c2hvcnQ=").unwrap_err(), CryptError::BadMasterKey);
        assert!(!format!("{master:?}").contains(&MasterKey::generate().unwrap()));
    }
}
