//! The job runner and its handlers: notifications and time limits. Each handler is idempotent:
//! it checks the case is still where the job expected before acting, so a job that runs twice
//! (after a crash between doing and recording) changes nothing the second time.

use jiff::SignedDuration;
use reachin_domain::case::{self, Action, Actor, CaseState};
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, OrgId, Role};
use reachin_store::cases::{self, CaseChange, CaseRecord};
use reachin_store::jobs::{self, Job, NewJob};
use reachin_store::{orgs, users};
use serde::{Deserialize, Serialize};

use crate::mail::Email;
use crate::state::AppState;

/// Tell the coordinators a new request arrived.
pub const NEW_CASE: &str = "notify_new_case";
/// Tell a supporter they have been asked to reach in.
pub const ASSIGNMENT: &str = "notify_assignment";
/// Tell the coordinators about a safety concern, now.
pub const ESCALATION: &str = "notify_escalation";
/// An assignment not accepted in time goes back to the queue.
pub const ACCEPT_DEADLINE: &str = "accept_deadline";
/// First contact due: remind the supporter (or the coordinators when nobody holds the case).
pub const CONTACT_DUE: &str = "first_contact_due";
/// First contact still not made after the reminder: tell the coordinators.
pub const CONTACT_OVERDUE: &str = "first_contact_overdue";
/// After a decline: send the colleague the organisation's resources.
pub const RESOURCE_SHEET: &str = "resource_sheet";
/// The supporter's first message, sent from ReachIn to the colleague.
pub const TOUCHING_BASE: &str = "touching_base";
/// A scheduled follow-up check-in is due: remind the supporter.
pub const FOLLOW_UP_DUE: &str = "follow_up_due";
/// After a supported case: invite the colleague's anonymous feedback.
pub const FEEDBACK_INVITE: &str = "feedback_invite";
/// Tell every coordinator that an organisation admin used break-glass access (payload: `GrantRef`).
pub const BREAK_GLASS: &str = "break_glass_alert";

/// Which break-glass grant an alert is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrantRef {
    /// The organisation.
    pub org: OrgId,
    /// The grant's id.
    pub grant: String,
}

/// The alert job for a break-glass grant, due at once.
#[must_use]
pub fn break_glass_job(org: OrgId, grant: &str, run_at: jiff::Timestamp) -> NewJob {
    let payload = serde_json::to_string(&GrantRef { org, grant: grant.to_owned() }).unwrap_or_default();
    NewJob { kind: BREAK_GLASS, payload, run_at }
}

/// Which case a job is about, and the version it expects.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseRef {
    /// The organisation.
    pub org: OrgId,
    /// The case.
    pub case: CaseId,
    /// The case's version when the job was made (deadline jobs act only on that version).
    pub version: i64,
}

/// A job about a case.
pub fn case_job(kind: &'static str, org: OrgId, case: CaseId, version: i64, run_at: jiff::Timestamp) -> NewJob {
    let payload = serde_json::to_string(&CaseRef { org, case, version }).unwrap_or_default();
    NewJob { kind, payload, run_at }
}

/// How long after the first reminder the coordinators are told.
const OVERDUE_GRACE: SignedDuration = SignedDuration::from_hours(2);

/// Runs every job that is due now; returns how many ran.
pub async fn run_due(state: &AppState) -> anyhow::Result<usize> {
    let mut ran = 0;
    while let Some(job) = jobs::claim(&state.db, state.now(), SignedDuration::from_mins(5)).await? {
        ran += 1;
        match handle(state, &job).await {
            Ok(()) => jobs::done(&state.db, &job.id, state.now()).await?,
            Err(e) => {
                tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, error = format!("{e:#}"), "job failed");
                // Back off: 30 s, 2 min, 4.5 min … and give up after eight attempts.
                let retry = (job.attempts < 8)
                    .then(|| state.now() + SignedDuration::from_secs(30 * job.attempts * job.attempts));
                jobs::failed(&state.db, &job.id, &format!("{e:#}"), retry, state.now()).await?;
            }
        }
    }
    // Not jobs but a sweep: reminders fall due as time passes, not when something happens.
    ran += crate::roster::send_refreshers(state).await?;
    // Waves whose time is up close; those who have not answered are reminded once.
    ran += crate::surveys::sweep(state).await?;
    Ok(ran)
}

/// Runs due jobs every two seconds until the process ends.
pub async fn worker(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
    loop {
        tick.tick().await;
        if let Err(e) = run_due(&state).await {
            tracing::warn!(error = format!("{e:#}"), "job runner");
        }
    }
}

async fn handle(state: &AppState, job: &Job) -> anyhow::Result<()> {
    if job.kind == crate::surveys::SURVEY_INVITE || job.kind == crate::surveys::SURVEY_REMINDER {
        return crate::surveys::send_invitation(state, &job.payload, job.kind == crate::surveys::SURVEY_REMINDER).await;
    }
    if job.kind == BREAK_GLASS {
        let r: GrantRef = serde_json::from_str(&job.payload)?;
        return crate::privacy::tell_coordinators_of_break_glass(state, r.org, &r.grant).await;
    }
    let r: CaseRef = serde_json::from_str(&job.payload)?;
    let Some(org) = orgs::by_id(&state.db, r.org).await? else { return Ok(()) };
    // A case that no longer exists (erased) needs nothing more.
    let Some(case) = cases::get(&state.db, org.id, r.case).await? else { return Ok(()) };
    match job.kind.as_str() {
        NEW_CASE => notify_coordinators(state, &org, &case, "email-new-case").await,
        ESCALATION => notify_coordinators(state, &org, &case, "email-escalation").await,
        ASSIGNMENT if case.version == r.version && case.state == CaseState::Assigned => {
            notify_supporter(state, &org, &case, "email-assignment").await
        }
        ACCEPT_DEADLINE if case.version == r.version && case.state == CaseState::Assigned => {
            expire_assignment(state, &org, &case).await
        }
        CONTACT_DUE if case.state.is_open() && case.first_contact_at.is_none() => {
            if case.supporter_id.is_some() {
                notify_supporter(state, &org, &case, "email-contact-due").await?;
                let mut tx = state.db.writer().begin().await?;
                let later = case_job(CONTACT_OVERDUE, org.id, case.id, case.version, state.now() + OVERDUE_GRACE);
                jobs::enqueue_in(&mut tx, &[later], state.now()).await?;
                tx.commit().await?;
                Ok(())
            } else {
                notify_coordinators(state, &org, &case, "email-contact-overdue").await
            }
        }
        CONTACT_OVERDUE if case.state.is_open() && case.first_contact_at.is_none() => {
            notify_coordinators(state, &org, &case, "email-contact-overdue").await
        }
        RESOURCE_SHEET if case.version == r.version => resource_sheet(state, &org, &case).await,
        TOUCHING_BASE if case.version == r.version => touching_base(state, &org, &case).await,
        FOLLOW_UP_DUE if case.state.is_open() => notify_supporter(state, &org, &case, "email-follow-up").await,
        FEEDBACK_INVITE if case.version == r.version => feedback_invite(state, &org, &case).await,
        // Anything else is a job whose moment has passed (the case moved on): nothing to do.
        _ => Ok(()),
    }
}

/// An email in the organisation's words: its own wording where it set one, else the catalogue's.
pub async fn compose(
    state: &AppState,
    org: &Organisation,
    email_id: &str,
    to: reachin_domain::directory::WorkEmail,
    args: &[(&str, String)],
) -> anyhow::Result<Email> {
    let overrides = reachin_store::email_templates::for_org(&state.db, org.id).await?;
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let mut fluent = fluent_bundle::FluentArgs::new();
    for (k, v) in args {
        fluent.set(*k, v.clone());
    }
    let text = |part: &str| {
        let id = format!("{email_id}-{part}");
        match overrides.get(&id) {
            Some(own) => crate::api::email_templates::fill(own, args),
            None => tr.args(&id, &fluent),
        }
    };
    Ok(Email { to, subject: text("subject"), body: text("body") })
}

/// The base of links in emails.
pub fn public_base(state: &AppState) -> String {
    state.config.public_url.clone().unwrap_or_else(|| format!("http://localhost:{}", state.config.bind.port()))
}

fn link(state: &AppState, org: &Organisation, case: &CaseRecord) -> String {
    let base =
        state.config.public_url.clone().unwrap_or_else(|| format!("http://localhost:{}", state.config.bind.port()));
    format!("{base}/o/{}/cases/{}", org.slug, case.id)
}

async fn email(
    state: &AppState,
    org: &Organisation,
    case: &CaseRecord,
    id: &str,
    to: reachin_domain::directory::WorkEmail,
) -> anyhow::Result<Email> {
    compose(state, org, id, to, &[("org", org.name.clone()), ("link", link(state, org, case))]).await
}

async fn send(state: &AppState, e: &Email) -> anyhow::Result<()> {
    state.mailer.send(&state.config.mail_from, e, state.now()).await
}

async fn notify_coordinators(state: &AppState, org: &Organisation, case: &CaseRecord, id: &str) -> anyhow::Result<()> {
    for to in users::emails_with_role(&state.db, org.id, Role::Coordinator).await? {
        send(state, &email(state, org, case, id, to).await?).await?;
    }
    Ok(())
}

async fn notify_supporter(state: &AppState, org: &Organisation, case: &CaseRecord, id: &str) -> anyhow::Result<()> {
    let Some(person) = case.supporter_id else { return Ok(()) };
    if let Some(to) = users::email_of_person(&state.db, org.id, person).await? {
        send(state, &email(state, org, case, id, to).await?).await?;
    }
    Ok(())
}

async fn expire_assignment(state: &AppState, org: &Organisation, case: &CaseRecord) -> anyhow::Result<()> {
    let Some(status) = case.status() else { return Ok(()) };
    let transition = case::apply(&status, &Action::AssignmentExpired, Actor::System)?;
    let change = CaseChange {
        case: case.id,
        org: org.id,
        expected_version: case.version,
        transition,
        action: Action::AssignmentExpired.code(),
        actor_kind: "system",
        actor_user: None,
        at: state.now(),
        accept_due_at: None,
        contact: None,
        contact_at: None,
        close: None,
        jobs: Vec::new(),
    };
    match cases::apply(&state.db, &change).await {
        // Someone acted on the case meanwhile: the deadline no longer applies.
        Err(reachin_store::StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
        Ok(_) => notify_coordinators(state, org, case, "email-assignment-expired").await,
    }
}

/// The resource sheet: the organisation's resources, to the colleague who declined. It names
/// services only; nothing about the case.
async fn resource_sheet(state: &AppState, org: &Organisation, case: &CaseRecord) -> anyhow::Result<()> {
    let Some(subject) = case.subject_id else { return Ok(()) };
    let Some(person) = reachin_store::directory::by_id(&state.db, org.id, subject).await? else { return Ok(()) };
    let Some(to) = person.email else { return Ok(()) };
    let list = reachin_store::resources::list(&state.db, org.id).await?;
    let lines: Vec<String> = list
        .iter()
        .map(|r| match &r.hours {
            Some(h) => format!("{}: {} ({h})", r.name, r.how_to_reach),
            None => format!("{}: {}", r.name, r.how_to_reach),
        })
        .collect();
    let args = [("org", org.name.clone()), ("resources", lines.join("\n    "))];
    send(state, &compose(state, org, "email-resource-sheet", to, &args).await?).await
}

/// The feedback invitation: a fresh token that knows only the organisation, valid for 30 days.
async fn feedback_invite(state: &AppState, org: &Organisation, case: &CaseRecord) -> anyhow::Result<()> {
    let Some(subject) = case.subject_id else { return Ok(()) };
    let Some(person) = reachin_store::directory::by_id(&state.db, org.id, subject).await? else { return Ok(()) };
    let Some(to) = person.email else { return Ok(()) };
    let token = crate::auth::secrets::random_token()?;
    let mut tx = state.db.writer().begin().await?;
    let expires = state.now() + SignedDuration::from_hours(24 * 30);
    reachin_store::feedback::invite_in(&mut tx, &crate::auth::secrets::hash(&token), org.id, expires).await?;
    tx.commit().await?;
    let args = [("org", org.name.clone()), ("link", format!("{}/o/{}/feedback/{token}", public_base(state), org.slug))];
    send(state, &compose(state, org, "email-feedback", to, &args).await?).await
}

/// The "touching base" message, from the supporter through ReachIn to the colleague, with the
/// supporter's name and email so the colleague can simply reply.
async fn touching_base(state: &AppState, org: &Organisation, case: &CaseRecord) -> anyhow::Result<()> {
    let (Some(subject), Some(supporter)) = (case.subject_id, case.supporter_id) else { return Ok(()) };
    let Some(person) = reachin_store::directory::by_id(&state.db, org.id, subject).await? else { return Ok(()) };
    let Some(to) = person.email else { return Ok(()) };
    let Some(helper) = reachin_store::directory::by_id(&state.db, org.id, supporter).await? else { return Ok(()) };
    let reply = users::email_of_person(&state.db, org.id, supporter).await?.map(|e| e.to_string()).unwrap_or_default();
    let args = [
        ("org", org.name.clone()),
        ("name", person.name.split(' ').next().unwrap_or_default().to_owned()),
        ("supporter", helper.name.clone()),
        ("reply", reply),
    ];
    send(state, &compose(state, org, "email-touching-base", to, &args).await?).await
}
