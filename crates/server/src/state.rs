//! What every handler can reach.

use std::sync::Arc;

use reachin_domain::Clock;
use reachin_domain::session::SessionPolicy;
use reachin_domain::sign_in::ThrottlePolicy;
use reachin_store::Db;

use crate::auth::password::Passwords;
use crate::config::{Config, Secret};
use crate::i18n::Catalogue;
use crate::metrics::Metrics;

/// The wall clock, for production.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// Shared application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// The parts of the state.
#[derive(Debug)]
pub struct Inner {
    /// The database.
    pub db: Db,
    /// The configuration.
    pub config: Config,
    /// The source of "now".
    pub clock: Arc<dyn Clock>,
    /// Every user-facing message.
    pub catalogue: Catalogue,
    /// Password hashing.
    pub passwords: Passwords,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// Sign-in throttling.
    pub throttle: ThrottlePolicy,
    /// Counters for `/metrics`.
    pub metrics: Metrics,
    /// Outgoing email.
    pub mailer: crate::mail::Mailer,
}

impl AppState {
    /// Builds the state.
    pub fn new(db: Db, config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let passwords = Passwords::new(config.password_cost)?;
        Ok(Self(Arc::new(Inner {
            db,

            clock,
            catalogue: Catalogue::load()?,
            passwords,
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            metrics: Metrics::default(),
            mailer: crate::mail::Mailer::new(
                config.smtp_url.as_ref().map(Secret::expose),
                config.effective_mailbox_dir(),
            )?,
            config,
        })))
    }

    /// Now, by the injected clock.
    #[must_use]
    pub fn now(&self) -> jiff::Timestamp {
        self.0.clock.now()
    }

    /// Records an audit entry: a log line, and a link in the database's hash chain. An error
    /// fails the request: nothing that must be audited happens unaudited.
    pub async fn audit(&self, e: reachin_store::audit::Entry) -> Result<(), reachin_store::StoreError> {
        tracing::info!(target: "audit", action = e.action.code(), org = ?e.org.map(|o| o.to_string()),
            user = ?e.user.map(|u| u.to_string()), record = ?e.record, detail = ?e.detail);
        reachin_store::audit::append(&self.db, &e, self.now()).await?;
        crate::audit_trail::note_audited();
        Ok(())
    }

    /// Records that `user` saw these cases' identities in a list (one entry per case, written
    /// together), so "who has seen this case" includes the lists it appeared in.
    pub async fn audit_listed(
        &self,
        org: reachin_domain::OrgId,
        user: reachin_domain::UserId,
        cases: impl IntoIterator<Item = reachin_domain::CaseId>,
    ) -> Result<(), reachin_store::StoreError> {
        use reachin_domain::audit::{AuditAction, RecordKind};
        let entries: Vec<reachin_store::audit::Entry> = cases
            .into_iter()
            .map(|c| {
                reachin_store::audit::Entry::new(AuditAction::CaseListed).org(org).by(user).record(RecordKind::Case, c)
            })
            .collect();
        tracing::info!(target: "audit", action = "case_listed", org = %org, user = %user, cases = entries.len());
        reachin_store::audit::append_all(&self.db, &entries, self.now()).await
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Prunes audit entries older than `audit_retention_days`, and records that it did.
pub async fn prune_audit(state: &AppState) -> Result<u64, reachin_store::StoreError> {
    let before = state.now() - jiff::SignedDuration::from_hours(24 * i64::from(state.config.audit_retention_days));
    let gone = reachin_store::audit::prune(&state.db, before).await?;
    if gone > 0 {
        let entry =
            reachin_store::audit::Entry::new(reachin_domain::audit::AuditAction::AuditPruned).detail(gone.to_string());
        state.audit(entry).await?;
    }
    Ok(gone)
}

/// Periodic clean-up of expired sessions and old sign-in counters. Deletes only, so running it
/// on several instances at once is harmless.
pub async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = state.now();
        let created_before = now - state.sessions.absolute;
        let idle_before = now - state.sessions.idle;
        if let Err(e) = reachin_store::sessions::purge_expired(&state.db, created_before, idle_before).await {
            tracing::warn!(error = %e, "session clean-up failed");
        }
        let day_ago = now - jiff::SignedDuration::from_hours(24);
        if let Err(e) = reachin_store::throttle::purge(&state.db, day_ago).await {
            tracing::warn!(error = %e, "sign-in counter clean-up failed");
        }
        if let Err(e) = reachin_store::rate_limits::purge(&state.db, day_ago).await {
            tracing::warn!(error = %e, "rate-limit counter clean-up failed");
        }
        // Closed cases past their retention lose their identity (and imported directories
        // their unneeded entries).
        match crate::privacy::sweep(&state).await {
            Ok(s) if s.cases > 0 || s.people > 0 => {
                tracing::info!(cases = s.cases, people = s.people, "de-identified after retention");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = format!("{e:#}"), "de-identification failed"),
        }
        // Audit entries past the installation's audit retention go from the start of the chain.
        if let Err(e) = prune_audit(&state).await {
            tracing::warn!(error = %e, "audit pruning failed");
        }
        // Finished jobs are kept a month for operators to look at, then go.
        let month_ago = now - jiff::SignedDuration::from_hours(24 * 30);
        if let Err(e) = reachin_store::jobs::purge_finished(&state.db, month_ago, now).await {
            tracing::warn!(error = %e, "job and link clean-up failed");
        }
    }
}
