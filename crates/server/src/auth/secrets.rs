//! Random tokens and their hashes. Session ids, CSRF tokens and API tokens are 256 bits from the
//! operating system's CSPRNG; only SHA-256 hashes of session ids and API tokens are stored.

use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// 32 random bytes as 64 hex digits.
pub fn random_token() -> anyhow::Result<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("the system random source failed: {e}"))?;
    Ok(hex(&buf))
}

/// Whether a link's token has the shape `random_token` gives (64 hex digits), checked before
/// any lookup.
#[must_use]
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// SHA-256 of `value`, as hex: the stored form of a session id or API token.
#[must_use]
pub fn hash(value: &str) -> String {
    hex(&Sha256::digest(value.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
#[must_use]
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash("abc").len(), 64);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
        assert!(!constant_time_eq("a", "ab"));
    }
}
