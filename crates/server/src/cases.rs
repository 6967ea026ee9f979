//! The support case as a service: intake and actions, shared by the pages and the API so each
//! rule is applied once. The rules themselves are in `reachin_domain::case` and `calendar`.

use jiff::Timestamp;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::calendar::{Targets, WorkingCalendar};
use reachin_domain::case::{self, Action, Actor, CaseError, Channel, OutcomeKind, Source, Urgency};
use reachin_domain::intake::{DEFAULT_CATEGORIES, Preferences};
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, EventId, PersonId, UserId};
use reachin_store::audit::Entry;
use reachin_store::cases::{self, CaseChange, CaseRecord, NewCase, Opened};
use reachin_store::users;

use crate::error::{AppError, AppResult, Detail};
use crate::state::AppState;

/// The organisation's working calendar: its zone, working hours and holidays.
pub async fn calendar(state: &AppState, org: &Organisation) -> AppResult<WorkingCalendar> {
    let holidays = reachin_store::orgs::holidays(&state.db, org.id).await?;
    let dates = holidays.iter().filter_map(|d| d.parse::<jiff::civil::Date>().ok());
    WorkingCalendar::new(org.time_zone.zone(), &org.working_hours, dates)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("the organisation's working hours")))
}

/// A request for support, parsed at the edge.
#[derive(Debug, Clone)]
pub struct Intake {
    /// Who is to be reached.
    pub subject: PersonId,
    /// How it came in.
    pub source: Source,
    /// Who referred them.
    pub referrer: Option<PersonId>,
    /// Category code.
    pub category: String,
    /// Safety event.
    pub event_id: Option<EventId>,
    /// Event date `YYYY-MM-DD`.
    pub event_date: Option<String>,
    /// Urgency.
    pub urgency: Urgency,
    /// Preferences.
    pub preferences: Preferences,
    /// Short context.
    pub intake_context: Option<String>,
    /// Who entered it.
    pub entered_by: Option<UserId>,
}

/// Whether `code` is one of the organisation's event categories.
#[must_use]
pub fn is_category(code: &str) -> bool {
    DEFAULT_CATEGORIES.contains(&code)
}

/// The case an intake would open: category checked, due time computed, first jobs attached.
pub async fn prepare(state: &AppState, org: &Organisation, i: Intake) -> AppResult<NewCase> {
    if !is_category(&i.category) {
        return Err(AppError::Invalid(Detail::Message("case-unknown-category".into())));
    }
    let now = state.now();
    let due = calendar(state, org)
        .await?
        .first_contact_due(&Targets::default(), i.urgency, now)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    let id = CaseId::generate();
    Ok(NewCase {
        id,
        org_id: org.id,
        subject: i.subject,
        source: i.source,
        referrer: i.referrer,
        category: i.category,
        event_id: i.event_id,
        event_date: i.event_date,
        urgency: i.urgency,
        preferences: i.preferences,
        intake_context: i.intake_context,
        received_at: now,
        first_contact_due_at: due,
        entered_by: i.entered_by,
        jobs: vec![
            crate::jobs::case_job(crate::jobs::NEW_CASE, org.id, id, 0, now),
            crate::jobs::case_job(crate::jobs::CONTACT_DUE, org.id, id, 0, due),
        ],
    })
}

/// Opens a case (or joins the person's open one), with its first-contact due time.
pub async fn intake(state: &AppState, org: &Organisation, i: Intake) -> AppResult<Opened> {
    let source = i.source;
    let entered_by = i.entered_by;
    let new = prepare(state, org, i).await?;
    let opened = cases::open_or_join(&state.db, &new).await?;
    let mut entry = Entry::new(AuditAction::CaseIntake).org(org.id).record(RecordKind::Case, opened.case_id());
    if let Some(user) = entered_by {
        entry = entry.by(user);
    }
    let joined = if matches!(opened, Opened::Joined(_)) { "joined" } else { "opened" };
    state.audit(entry.detail(format!("{}:{joined}", source.code()))).await?;
    Ok(opened)
}

/// Something a coordinator or supporter does to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Propose a supporter.
    Assign(PersonId),
    /// Take the case.
    Accept,
    /// Decline it.
    Decline,
    /// An outreach attempt.
    LogContact {
        /// How.
        channel: Channel,
        /// Whether the person was reached.
        reached: bool,
        /// When, if not just now.
        at: Option<Timestamp>,
    },
    /// Send the "touching base" first message from ReachIn (an outreach attempt by email).
    SendTouchingBase,
    /// A safety concern.
    Escalate,
    /// Resolve an escalation.
    ResolveEscalation,
    /// Close with an outcome.
    Close {
        /// How it ended.
        outcome: OutcomeKind,
        /// Interactions held (for `supported`).
        interactions: Option<i64>,
    },
    /// Withdraw the case.
    Withdraw,
}

/// Who is acting: a coordinator, or a supporter (as their directory entry).
#[derive(Debug, Clone, Copy)]
pub struct Acting {
    /// In the case's terms.
    pub actor: Actor,
    /// The signed-in user.
    pub user: UserId,
    /// A coordinator who is also a supporter: their directory entry, so that on a case they
    /// hold they act as its supporter (accept, decline, outreach).
    pub also_supporter: Option<PersonId>,
}

impl Acting {
    /// The actor for `action` on `case`: the holder's own steps are taken as its supporter.
    #[must_use]
    pub fn actor_for(&self, case: &CaseRecord, action: &Action) -> Actor {
        match (self.actor, self.also_supporter) {
            (Actor::Coordinator, Some(p))
                if case.supporter_id == Some(p)
                    && matches!(action, Action::Accept | Action::Decline | Action::LogContact) =>
            {
                Actor::Supporter(p)
            }
            (actor, _) => actor,
        }
    }
}

/// The supporter's directory entry, for a caller holding the supporter role.
pub async fn as_supporter(state: &AppState, org: &Organisation, user: UserId) -> AppResult<Acting> {
    let person = users::person_in(&state.db, org.id, user).await?.ok_or(AppError::Forbidden)?;
    Ok(Acting { actor: Actor::Supporter(person), user, also_supporter: None })
}

/// Loads a case the actor may see: coordinators see every case of their organisation; a
/// supporter only the cases they hold (any other answers 404, like a missing one).
pub async fn visible_case(state: &AppState, org: &Organisation, acting: Acting, id: CaseId) -> AppResult<CaseRecord> {
    let case = cases::get(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    match acting.actor {
        Actor::Coordinator | Actor::System => Ok(case),
        Actor::Supporter(p) if case.supporter_id == Some(p) => Ok(case),
        Actor::Supporter(_) => Err(AppError::NotFound),
    }
}

fn refusal(e: CaseError) -> AppError {
    let id = match e {
        CaseError::NotOpen => "case-not-open",
        CaseError::NotPermitted => return AppError::Forbidden,
        CaseError::WrongState => "case-wrong-state",
        CaseError::OwnSupporter => "case-own-supporter",
        CaseError::SameSupporter => "case-same-supporter",
    };
    let detail = Detail::Message(id.into());
    if matches!(e, CaseError::OwnSupporter | CaseError::SameSupporter) {
        AppError::Invalid(detail)
    } else {
        AppError::Conflict(detail)
    }
}

/// Applies a command to a case at the version the actor saw. Returns the case afterwards.
pub async fn act(
    state: &AppState,
    org: &Organisation,
    acting: Acting,
    id: CaseId,
    version: i64,
    command: Command,
) -> AppResult<CaseRecord> {
    let case = visible_case(state, org, acting, id).await?;
    if case.version != version {
        return Err(AppError::Conflict(Detail::Message("conflict-case-changed".into())));
    }
    let status = case.status().ok_or(AppError::Conflict(Detail::Message("case-not-open".into())))?;
    if let Command::Assign(p) = &command {
        // The same hard exclusions as the suggestions: nobody excluded can be assigned.
        let why = crate::api::matching::why_not(state, org, &case, *p).await?;
        if let Some(why) = why {
            return Err(AppError::Invalid(Detail::Text(why)));
        }
    }
    if let Command::Close { outcome: OutcomeKind::Supported, interactions } = &command
        && !interactions.is_some_and(|n| (1..=50).contains(&n))
    {
        return Err(AppError::Invalid(Detail::Message("case-interactions".into())));
    }
    let action = match &command {
        Command::Assign(p) => Action::Assign(*p),
        Command::Accept => Action::Accept,
        Command::Decline => Action::Decline,
        Command::LogContact { .. } | Command::SendTouchingBase => Action::LogContact,
        Command::Escalate => Action::Escalate,
        Command::ResolveEscalation => Action::ResolveEscalation,
        Command::Close { outcome, .. } => Action::Close(*outcome),
        Command::Withdraw => Action::Withdraw,
    };
    if let Command::LogContact { at: Some(at), .. } = &command
        && (*at > state.now() || *at < case.received_at)
    {
        return Err(AppError::Invalid(Detail::Message("case-bad-contact-time".into())));
    }
    let actor = acting.actor_for(&case, &action);
    let transition = case::apply(&status, &action, actor).map_err(refusal)?;
    let now: Timestamp = state.now();
    let accept_due_at = match &command {
        Command::Assign(_) => Some(
            calendar(state, org)
                .await?
                .accept_due(&Targets::default(), case.urgency, now)
                .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?,
        ),
        _ => None,
    };
    let change = CaseChange {
        case: id,
        org: org.id,
        expected_version: version,
        transition,
        action: action.code(),
        actor_kind: match actor {
            Actor::Coordinator => "coordinator",
            Actor::Supporter(_) => "supporter",
            Actor::System => "system",
        },
        actor_user: Some(acting.user),
        at: now,
        accept_due_at,
        contact_at: match command {
            Command::LogContact { at, .. } => at,
            _ => None,
        },
        contact: match command {
            Command::LogContact { channel, reached, .. } => Some((channel, reached)),
            Command::SendTouchingBase => Some((reachin_domain::case::Channel::Email, false)),
            _ => None,
        },
        close: match command {
            Command::Close { outcome, interactions } => Some((outcome, interactions)),
            _ => None,
        },
        jobs: match (&command, accept_due_at) {
            (Command::Assign(_), Some(due)) => vec![
                crate::jobs::case_job(crate::jobs::ASSIGNMENT, org.id, id, version + 1, now),
                crate::jobs::case_job(crate::jobs::ACCEPT_DEADLINE, org.id, id, version + 1, due),
            ],
            (Command::SendTouchingBase, _) => {
                vec![crate::jobs::case_job(crate::jobs::TOUCHING_BASE, org.id, id, version + 1, now)]
            }
            (Command::Escalate, _) => {
                vec![crate::jobs::case_job(crate::jobs::ESCALATION, org.id, id, version + 1, now)]
            }
            (Command::Close { outcome: OutcomeKind::Declined, .. }, _) => {
                vec![crate::jobs::case_job(crate::jobs::RESOURCE_SHEET, org.id, id, version + 1, now)]
            }
            // A day later, so the invitation does not arrive with the conversation still fresh.
            (Command::Close { outcome: OutcomeKind::Supported, .. }, _) => vec![crate::jobs::case_job(
                crate::jobs::FEEDBACK_INVITE,
                org.id,
                id,
                version + 1,
                now + jiff::SignedDuration::from_hours(24),
            )],
            _ => Vec::new(),
        },
    };
    cases::apply(&state.db, &change).await?;
    state
        .audit(
            Entry::new(AuditAction::CaseAction)
                .org(org.id)
                .by(acting.user)
                .record(RecordKind::Case, id)
                .detail(format!("{}:{}>{}", action.code(), transition.from.code(), transition.to.code())),
        )
        .await?;
    cases::get(&state.db, org.id, id).await?.ok_or(AppError::NotFound)
}

/// Schedules a follow-up check-in on `case` with its reminder; it must be in the coming year.
pub async fn schedule_follow_up(
    state: &AppState,
    org: &Organisation,
    case: &CaseRecord,
    due: Timestamp,
) -> AppResult<String> {
    let now = state.now();
    if due <= now || due > now + jiff::SignedDuration::from_hours(24 * 366) {
        return Err(AppError::Invalid(Detail::Message("follow-up-bad-time".into())));
    }
    let reminder = crate::jobs::case_job(crate::jobs::FOLLOW_UP_DUE, org.id, case.id, case.version, due);
    Ok(reachin_store::follow_ups::add(&state.db, org.id, case.id, due, reminder, now).await?)
}
