//! Confidentiality in action, shared by pages, API and the housekeeping task: the retention
//! sweep (de-identification and, where the directory is only imported, pruning it), break-glass
//! access for an organisation admin, and a person's export and erasure.

use jiff::Timestamp;
use reachin_domain::CaseId;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::org::Organisation;
use reachin_domain::privacy::{DirectoryMode, JustificationError, RetentionDays, break_glass_until, justification};
use reachin_domain::{PersonId, Role, UserId};
use reachin_store::audit::Entry;
use reachin_store::{Missing, StoreError, cases, erasure, orgs, privacy, users};

use crate::error::{AppError, AppResult, Detail};
use crate::state::AppState;

/// What one sweep did, over every organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Cases de-identified.
    pub cases: usize,
    /// Directory entries removed.
    pub people: u64,
}

/// De-identifies every case whose retention has passed, in every organisation, and prunes the
/// directories that are only imported. Each case is audited. Safe on several instances at once:
/// a case already de-identified is not selected again.
pub async fn sweep(state: &AppState) -> anyhow::Result<Swept> {
    let mut swept = Swept::default();
    let now = state.now();
    for org in orgs::list(&state.db).await? {
        let settings = privacy::settings(&state.db, org.id).await?;
        let done = privacy::deidentify_due(&state.db, org.id, settings.retention, now).await?;
        for case in &done {
            state.audit(Entry::new(AuditAction::CaseDeidentified).org(org.id).record(RecordKind::Case, case)).await?;
        }
        swept.cases += done.len();
        if settings.directory == DirectoryMode::Imported {
            let gone = privacy::prune_directory(&state.db, org.id).await?;
            if gone > 0 {
                state.audit(Entry::new(AuditAction::DirectoryPruned).org(org.id).detail(gone.to_string())).await?;
            }
            swept.people += gone;
        }
    }
    Ok(swept)
}

/// Sets the organisation's retention period and directory mode (from the API or the page): both
/// checked by the domain's rules, audited.
pub async fn set_settings(
    state: &AppState,
    org: &Organisation,
    by: UserId,
    retention_days: i64,
    directory: &str,
    floor: Option<i64>,
) -> AppResult<privacy::Settings> {
    let retention = RetentionDays::new(retention_days)
        .map_err(|_| AppError::Invalid(Detail::Message("privacy-bad-retention".into())))?;
    let directory: DirectoryMode =
        directory.parse().map_err(|_| AppError::Invalid(Detail::Message("privacy-bad-directory".into())))?;
    let floor = floor
        .map(|n| {
            reachin_domain::suppression::chosen_floor(n)
                .ok_or_else(|| AppError::Invalid(Detail::Message("privacy-bad-floor".into())))
        })
        .transpose()?;
    if let Some(floor) = floor {
        privacy::set_suppression_floor(&state.db, org.id, floor).await?;
        state.audit(Entry::new(AuditAction::SuppressionFloorSet).org(org.id).by(by).detail(floor.to_string())).await?;
    }
    let s = privacy::Settings { retention, directory };
    privacy::set_settings(&state.db, org.id, s).await?;
    state
        .audit(Entry::new(AuditAction::PrivacySettingsSet).org(org.id).by(by).detail(format!(
            "{}d:{}",
            retention.days(),
            directory.code()
        )))
        .await?;
    Ok(s)
}

/// Grants an organisation admin break-glass access to one case: the justification is checked,
/// stored sealed, announced to every coordinator by email (a job, retried) and audited. Returns
/// when it ends.
pub async fn break_glass(
    state: &AppState,
    org: &Organisation,
    admin: UserId,
    case: CaseId,
    raw_justification: &str,
) -> AppResult<Timestamp> {
    let why = justification(raw_justification).map_err(|e| match e {
        JustificationError::TooShort => AppError::Invalid(Detail::Message("break-glass-too-short".into())),
        JustificationError::TooLong => AppError::Invalid(Detail::Message("break-glass-too-long".into())),
    })?;
    cases::get(&state.db, org.id, case).await?.ok_or(AppError::NotFound)?;
    let now = state.now();
    let until = break_glass_until(now);
    let grant = privacy::Grant { org: org.id, case, user: admin, justification: &why, now, until };
    // The alert is a job in the grant's transaction: if sending fails, it is retried.
    privacy::grant_break_glass(&state.db, &grant, |id| vec![crate::jobs::break_glass_job(org.id, id, now)]).await?;
    state.audit(Entry::new(AuditAction::BreakGlass).org(org.id).by(admin).record(RecordKind::Case, case)).await?;
    Ok(until)
}

/// The break-glass alert: every coordinator is told who opened which case and why (never the
/// clinician's name). A job handler, so a failed send is retried.
pub async fn tell_coordinators_of_break_glass(
    state: &AppState,
    org: reachin_domain::OrgId,
    grant: &str,
) -> anyhow::Result<()> {
    let Some(org) = orgs::by_id(&state.db, org).await? else { return Ok(()) };
    let Some((case, admin, why)) = privacy::break_glass_grant(&state.db, org.id, grant).await? else { return Ok(()) };
    let args = [
        ("org", org.name.clone()),
        ("admin", admin),
        ("case", case.to_string()),
        ("reason", why),
        ("link", format!("{}/o/{}/cases/{case}", crate::jobs::public_base(state), org.slug)),
    ];
    for to in users::emails_with_role(&state.db, org.id, Role::Coordinator).await? {
        let email = crate::jobs::compose(state, &org, "email-break-glass", to, &args).await?;
        state.mailer.send(&state.config.mail_from, &email, state.now()).await?;
    }
    Ok(())
}

/// Everything ReachIn holds about a person, as JSON; audited.
pub async fn export(
    state: &AppState,
    org: &Organisation,
    by: UserId,
    person: PersonId,
) -> AppResult<serde_json::Value> {
    let data = erasure::export(&state.db, org.id, person).await?.ok_or(AppError::NotFound)?;
    state.audit(Entry::new(AuditAction::PersonExported).org(org.id).by(by).record(RecordKind::Person, person)).await?;
    Ok(data)
}

/// Erases a person (see `reachin_store::erasure::erase`); audited without naming them.
pub async fn erase(state: &AppState, org: &Organisation, by: UserId, person: PersonId) -> AppResult<usize> {
    let erased = match erasure::erase(&state.db, org.id, person, state.now()).await {
        Err(StoreError::NotFound(Missing::Person)) => return Err(AppError::NotFound),
        other => other?,
    };
    state.audit(Entry::new(AuditAction::PersonErased).org(org.id).by(by)).await?;
    Ok(erased.cases_deidentified)
}
