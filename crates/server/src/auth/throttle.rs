//! Applies the sign-in throttle (`reachin_domain::sign_in`) to an account and a client address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use reachin_domain::directory::WorkEmail;
use reachin_store::throttle;

use crate::auth::secrets;
use crate::error::AppResult;
use crate::state::AppState;

/// The client's address: the peer, or behind a trusted proxy the last `X-Forwarded-For` hop.
#[must_use]
pub fn client_address(state: &AppState, parts: &Parts) -> Option<IpAddr> {
    if state.config.trust_proxy_headers {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The two counters a sign-in attempt is charged to (hashed: typed emails are not kept).
#[derive(Debug)]
pub struct Keys {
    account: String,
    address: Option<String>,
}

impl Keys {
    /// Keys for an attempt at `email` from `address`.
    #[must_use]
    pub fn new(email: &WorkEmail, address: Option<IpAddr>) -> Self {
        Self {
            account: secrets::hash(&format!("account:{email}")),
            address: address.map(|a| secrets::hash(&format!("address:{a}"))),
        }
    }
}

/// Seconds the caller must wait before this attempt is even checked (0: go ahead).
pub async fn wait_seconds(state: &AppState, keys: &Keys) -> AppResult<u64> {
    let now = state.now();
    let policy = state.throttle;
    let mut wait = jiff::SignedDuration::ZERO;
    if let Some(f) = throttle::get(&state.db, &keys.account).await? {
        wait = wait.max(policy.wait(&f, now));
    }
    if let Some(addr) = &keys.address
        && let Some(f) = throttle::get(&state.db, addr).await?
    {
        if policy.address_capped(&f, now) {
            return Ok(24 * 3600);
        }
        wait = wait.max(policy.wait(&f, now));
    }
    // Round up: "wait 0 seconds" while still refusing would be a lie.
    let secs = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
    Ok(u64::try_from(secs).unwrap_or(0))
}

/// Records a failed attempt against both counters.
pub async fn failed(state: &AppState, keys: &Keys) -> AppResult<()> {
    let now = state.now();
    let keys_iter = std::iter::once(&keys.account).chain(keys.address.as_ref());
    for key in keys_iter {
        let before = throttle::get(&state.db, key).await?;
        let after = state.throttle.record_failure(before, now);
        throttle::put(&state.db, key, &after).await?;
    }
    Ok(())
}

/// Clears the account's counter after a successful sign-in. The address keeps its count: one
/// right password must not wash away a spray of wrong ones against other accounts.
pub async fn succeeded(state: &AppState, keys: &Keys) -> AppResult<()> {
    throttle::clear(&state.db, &keys.account).await?;
    Ok(())
}
