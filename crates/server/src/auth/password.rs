//! Password hashing: argon2id at OWASP's cost or stronger, off the async threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::PasswordCost;

/// Hashes and checks passwords at one cost.
#[derive(Debug, Clone)]
pub struct Passwords {
    cost: PasswordCost,
    /// A hash of nothing anyone knows: checked when the account does not exist, so that the
    /// answer takes as long as for a real account and does not reveal which emails exist.
    decoy: String,
}

fn argon(cost: PasswordCost) -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(cost: PasswordCost, password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("the system random source failed: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash =
        argon(cost)?.hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

fn verify_blocking(cost: PasswordCost, password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    // Verification takes the parameters from the stored hash; `cost` only builds the verifier.
    argon(cost).is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

impl Passwords {
    /// A hasher at `cost`.
    pub fn new(cost: PasswordCost) -> anyhow::Result<Self> {
        let decoy = hash_blocking(cost, &crate::auth::secrets::random_token()?)?;
        Ok(Self { cost, decoy })
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let cost = self.cost;
        tokio::task::spawn_blocking(move || hash_blocking(cost, &password)).await?
    }

    /// Checks a password against a stored hash, or against the decoy when there is none.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let cost = self.cost;
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.decoy.clone(), false),
        };
        let ok = tokio::task::spawn_blocking(move || verify_blocking(cost, &password, &hash)).await;
        real && ok.unwrap_or(false)
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
