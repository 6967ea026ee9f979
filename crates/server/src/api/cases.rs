//! The support case API: intake (coordinator entry, staff referral, safety events), the
//! coordinator's queue, a supporter's own cases, and actions on a case.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::case::{Actor, CaseState, Channel, OutcomeKind, Source, Urgency};
use reachin_domain::directory::WorkEmail;
use reachin_domain::intake::{Preferences, intake_context};
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, EventId, PersonId, Role};
use reachin_store::audit::Entry;
use reachin_store::cases::{self, CaseFilter, CaseRecord, Opened};
use reachin_store::events::{self, NewEvent};
use reachin_store::{Clash, StoreError, directory, users};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::json::ApiJson;
use crate::auth::extract::{CaseWorker, Coordinator, EventReporter, Member, OrgCaller, Supporter};
use crate::cases::{Acting, Command, Intake, act, as_supporter, intake, visible_case};
use crate::error::{AppError, AppResult, Detail};
use crate::middleware::Problem;
use crate::state::AppState;

/// A case as the coordinator, or its own supporter, sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: String,
    /// The person to reach (directory id).
    pub subject_id: Option<String>,
    /// self, colleague, leader, safety_event, coordinator.
    pub source: String,
    /// Event category code.
    pub category: String,
    /// Safety event id.
    pub event_id: Option<String>,
    /// YYYY-MM-DD.
    pub event_date: Option<String>,
    /// routine or urgent.
    pub urgency: String,
    /// new, assigned, accepted, contacted, escalated, closed, withdrawn.
    pub state: String,
    /// The supporter's directory id.
    pub supporter_id: Option<String>,
    /// RFC 3339.
    pub received_at: String,
    /// RFC 3339: when first contact is due.
    pub first_contact_due_at: String,
    /// RFC 3339: when the assignment must be accepted by.
    pub accept_due_at: Option<String>,
    /// RFC 3339.
    pub first_contact_at: Option<String>,
    /// RFC 3339.
    pub closed_at: Option<String>,
    /// How it ended.
    pub outcome: Option<String>,
    /// Interactions held.
    pub interactions: Option<i64>,
    /// Send this back with an action: a stale version is refused (409).
    pub version: i64,
}

impl From<&CaseRecord> for CaseView {
    fn from(c: &CaseRecord) -> Self {
        Self {
            id: c.id.to_string(),
            subject_id: c.subject_id.map(|p| p.to_string()),
            source: c.source.code().into(),
            category: c.category.clone(),
            event_id: c.event_id.map(|e| e.to_string()),
            event_date: c.event_date.clone(),
            urgency: c.urgency.code().into(),
            state: c.state.code().into(),
            supporter_id: c.supporter_id.map(|p| p.to_string()),
            received_at: c.received_at.to_string(),
            first_contact_due_at: c.first_contact_due_at.to_string(),
            accept_due_at: c.accept_due_at.map(|t| t.to_string()),
            first_contact_at: c.first_contact_at.map(|t| t.to_string()),
            closed_at: c.closed_at.map(|t| t.to_string()),
            outcome: c.outcome.map(|o| o.code().into()),
            interactions: c.interactions,
            version: c.version,
        }
    }
}

/// A request for support about someone in the directory.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRequest {
    /// The person to reach (directory id).
    pub subject_id: String,
    /// Event category code.
    pub category: String,
    /// routine (default) or urgent.
    pub urgency: Option<String>,
    /// YYYY-MM-DD.
    pub event_date: Option<String>,
    /// Stated preferences.
    #[serde(default)]
    pub preferences: Preferences,
    /// A short context, at most 500 characters. Never clinical details.
    pub intake_context: Option<String>,
}

/// What an intake did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Intaken {
    /// The case.
    pub case_id: String,
    /// True when the person already had an open case and the request joined it.
    pub joined: bool,
}

/// Whether a referral was received (the same answer whatever became of it).
#[derive(Debug, Serialize, ToSchema)]
pub struct Received {
    /// Always true.
    pub received: bool,
}

fn bad(id: &str) -> AppError {
    AppError::Invalid(Detail::Message(id.into()))
}

fn parse_date(raw: Option<&str>) -> AppResult<Option<String>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<jiff::civil::Date>().map(|d| Some(d.to_string())).map_err(|_| bad("case-bad-date")),
    }
}

async fn parse_request(state: &AppState, org: &Organisation, r: CaseRequest) -> AppResult<(PersonId, Intake)> {
    let subject: PersonId = r.subject_id.parse().map_err(|_| bad("missing-subject"))?;
    directory::by_id(&state.db, org.id, subject).await?.ok_or_else(|| bad("missing-subject"))?;
    let urgency = match r.urgency.as_deref() {
        None => Urgency::Routine,
        Some(u) => u.parse().map_err(|_| bad("case-bad-urgency"))?,
    };
    let context =
        intake_context(r.intake_context.as_deref().unwrap_or("")).map_err(|_| bad("case-context-too-long"))?;
    Ok((
        subject,
        Intake {
            subject,
            source: Source::Coordinator,
            referrer: None,
            category: r.category,
            event_id: None,
            event_date: parse_date(r.event_date.as_deref())?,
            urgency,
            preferences: r.preferences,
            intake_context: context,
            entered_by: None,
        },
    ))
}

/// Enters a case (coordinator).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/cases", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = CaseRequest,
    responses((status = 201, body = Intaken), (status = 200, body = Intaken, description = "Joined the person's open case"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    ApiJson(body): ApiJson<CaseRequest>,
) -> AppResult<(StatusCode, Json<Intaken>)> {
    let (_, mut i) = parse_request(&state, &me.org, body).await?;
    i.entered_by = Some(me.caller.user.id);
    let opened = intake(&state, &me.org, i).await?;
    let status = if matches!(opened, Opened::New(_)) { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Intaken { case_id: opened.case_id().to_string(), joined: matches!(opened, Opened::Joined(_)) })))
}

/// Refers a colleague (any member of staff with an account; leaders refer as leaders). The answer
/// is the same whether a case was opened or joined: a referrer learns nothing about anyone's case.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/referrals", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = CaseRequest,
    responses((status = 202, body = Received), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn refer(
    State(state): State<AppState>,
    me: OrgCaller<Member>,
    ApiJson(body): ApiJson<CaseRequest>,
) -> AppResult<(StatusCode, Json<Received>)> {
    let (subject, mut i) = parse_request(&state, &me.org, body).await?;
    let me_person = users::person_in(&state.db, me.org.id, me.caller.user.id).await?;
    i.source = if me_person == Some(subject) {
        Source::SelfReferral
    } else if me.roles.contains(Role::Leader) {
        Source::Leader
    } else {
        Source::Colleague
    };
    i.referrer = me_person.filter(|p| *p != subject);
    i.entered_by = Some(me.caller.user.id);
    intake(&state, &me.org, i).await?;
    Ok((StatusCode::ACCEPTED, Json(Received { received: true })))
}

/// Filters of the queue.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// One state; default: every open case.
    pub state: Option<String>,
    /// One source.
    pub source: Option<String>,
    /// One urgency.
    pub urgency: Option<String>,
    /// One category.
    pub category: Option<String>,
    /// One safety event's cases.
    pub event: Option<String>,
}

/// Parses the queue's filters (shared with the triage page).
pub fn filter_from(q: &QueueQuery) -> AppResult<CaseFilter> {
    let state = q
        .state
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::parse::<CaseState>)
        .transpose()
        .map_err(|_| bad("case-bad-filter"))?;
    let event_filter = q.event.as_deref().is_some_and(|e| !e.is_empty());
    Ok(CaseFilter {
        // An event's page shows all its cases; the queue, the open ones.
        open_only: state.is_none() && !event_filter,
        state,
        supporter: None,
        event: q
            .event
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::parse::<EventId>)
            .transpose()
            .map_err(|_| bad("case-bad-filter"))?,
        source: q
            .source
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::parse::<Source>)
            .transpose()
            .map_err(|_| bad("case-bad-filter"))?,
        urgency: q
            .urgency
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::parse::<Urgency>)
            .transpose()
            .map_err(|_| bad("case-bad-filter"))?,
        category: q.category.clone().filter(|s| !s.is_empty()),
    })
}

/// The triage queue: open cases (or one state), soonest due first (coordinator).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/cases", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), QueueQuery),
    responses((status = 200, body = Vec<CaseView>)))]
pub async fn queue(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Json<Vec<CaseView>>> {
    let Query(q) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let list = cases::list(&state.db, me.org.id, &filter_from(&q)?, 500).await?;
    state.audit_listed(me.org.id, me.caller.user.id, list.iter().map(|s| s.case.id)).await?;
    Ok(Json(list.iter().map(|s| CaseView::from(&s.case)).collect()))
}

/// The caller's own cases (supporter).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/my-cases", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Vec<CaseView>)))]
pub async fn my_cases(State(state): State<AppState>, me: OrgCaller<Supporter>) -> AppResult<Json<Vec<CaseView>>> {
    let Acting { actor: Actor::Supporter(person), .. } = as_supporter(&state, &me.org, me.caller.user.id).await? else {
        return Err(AppError::Forbidden);
    };
    let filter = CaseFilter { open_only: true, supporter: Some(person), ..CaseFilter::default() };
    let list = cases::list(&state.db, me.org.id, &filter, 500).await?;
    state.audit_listed(me.org.id, me.caller.user.id, list.iter().map(|s| s.case.id)).await?;
    Ok(Json(list.iter().map(|s| CaseView::from(&s.case)).collect()))
}

/// How the caller acts on cases: as coordinator if they are one, else as a supporter.
pub async fn acting(state: &AppState, me: &OrgCaller<CaseWorker>) -> AppResult<Acting> {
    if me.roles.contains(Role::Coordinator) {
        let also_supporter = if me.roles.contains(Role::Supporter) {
            users::person_in(&state.db, me.org.id, me.caller.user.id).await?
        } else {
            None
        };
        Ok(Acting { actor: Actor::Coordinator, user: me.caller.user.id, also_supporter })
    } else {
        as_supporter(state, &me.org, me.caller.user.id).await
    }
}

fn case_id(raw: &str) -> AppResult<CaseId> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The open case named by `raw_id` that the caller may act on (404 for anyone else's).
pub async fn open_case_of(state: &AppState, me: &OrgCaller<CaseWorker>, raw_id: &str) -> AppResult<CaseRecord> {
    let acting = acting(state, me).await?;
    let case = visible_case(state, &me.org, acting, case_id(raw_id)?).await?;
    if !case.state.is_open() {
        return Err(AppError::Conflict(Detail::Message("case-not-open".into())));
    }
    Ok(case)
}

/// One case (its coordinator, or the supporter who holds it).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/cases/{id}", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Json<CaseView>> {
    let acting = acting(&state, &me).await?;
    let case = visible_case(&state, &me.org, acting, case_id(&id)?).await?;
    state
        .audit(
            Entry::new(AuditAction::CaseViewed).org(me.org.id).by(me.caller.user.id).record(RecordKind::Case, case.id),
        )
        .await?;
    Ok(Json(CaseView::from(&case)))
}

/// An action on a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// assign, accept, decline, log_contact, send_touching_base, escalate, resolve_escalation, close, withdraw.
    pub action: String,
    /// The case version the caller saw.
    pub version: i64,
    /// assign: the supporter's directory id.
    pub supporter_id: Option<String>,
    /// log_contact: phone, text, email, in_person.
    pub channel: Option<String>,
    /// log_contact: whether the person was reached.
    pub reached: Option<bool>,
    /// log_contact: when the attempt was made (RFC 3339; default now).
    #[serde(default)]
    pub at: Option<String>,
    /// close: supported, declined, no_response, referred_on, self_resolved.
    pub outcome: Option<String>,
    /// close as supported: interactions held (1–50).
    pub interactions: Option<i64>,
}

/// Turns a request into a command (shared with the pages).
pub fn command_from(r: &ActionRequest) -> AppResult<Command> {
    Ok(match r.action.as_str() {
        "assign" => Command::Assign(
            r.supporter_id.as_deref().and_then(|s| s.parse().ok()).ok_or_else(|| bad("case-not-a-supporter"))?,
        ),
        "accept" => Command::Accept,
        "decline" => Command::Decline,
        "log_contact" => Command::LogContact {
            channel: r
                .channel
                .as_deref()
                .and_then(|c| c.parse::<Channel>().ok())
                .ok_or_else(|| bad("case-bad-channel"))?,
            reached: r.reached.unwrap_or(false),
            at: match r.at.as_deref().filter(|a| !a.is_empty()) {
                None => None,
                Some(a) => Some(a.parse::<jiff::Timestamp>().map_err(|_| bad("case-bad-contact-time"))?),
            },
        },
        "send_touching_base" => Command::SendTouchingBase,
        "escalate" => Command::Escalate,
        "resolve_escalation" => Command::ResolveEscalation,
        "close" => Command::Close {
            outcome: r
                .outcome
                .as_deref()
                .and_then(|o| o.parse::<OutcomeKind>().ok())
                .ok_or_else(|| bad("case-bad-outcome"))?,
            interactions: r.interactions,
        },
        "withdraw" => Command::Withdraw,
        _ => return Err(bad("case-bad-action")),
    })
}

/// Acts on a case: the state machine decides; a stale version is a 409.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/cases/{id}/actions", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The case id")),
    request_body = ActionRequest,
    responses((status = 200, body = CaseView), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn action(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActionRequest>,
) -> AppResult<Json<CaseView>> {
    let acting = acting(&state, &me).await?;
    let id = case_id(&id)?;
    // Find the case (or 404) before judging the request, so nothing is learnt about others' cases.
    visible_case(&state, &me.org, acting, id).await?;
    let command = command_from(&body)?;
    let case = act(&state, &me.org, acting, id, body.version, command).await?;
    Ok(Json(CaseView::from(&case)))
}

/// Someone involved in a safety event, by staff number or work email.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Involved {
    /// Staff number.
    pub employee_id: Option<String>,
    /// Work email.
    pub email: Option<String>,
}

/// A safety event from an incident system. There is no field for a narrative: clinical details
/// are refused, not stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafetyEventRequest {
    /// The incident system's own reference: sending the same event twice changes nothing.
    pub reference: String,
    /// Event category code.
    pub category: String,
    /// YYYY-MM-DD.
    pub event_date: Option<String>,
    /// routine (default) or urgent.
    pub urgency: Option<String>,
    /// The clinicians involved.
    pub involved: Vec<Involved>,
}

/// What became of a safety event.
#[derive(Debug, Serialize, ToSchema)]
pub struct SafetyEventResult {
    /// The event.
    pub event_id: String,
    /// False when this reference was received before (nothing was changed).
    pub created: bool,
    /// Cases opened or joined, one per clinician reached.
    pub case_ids: Vec<String>,
    /// How many involved clinicians have opted out of automatic outreach (no case for them).
    pub opted_out: usize,
    /// Positions (0-based) in `involved` that match nobody in the directory.
    pub not_found: Vec<usize>,
}

/// Receives a safety event: one case per clinician involved, linked to one event (coordinator
/// token, typically an incident system's integration).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/safety-events", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = SafetyEventRequest,
    responses((status = 201, body = SafetyEventResult), (status = 200, body = SafetyEventResult, description = "Already received"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn safety_event(
    State(state): State<AppState>,
    me: OrgCaller<EventReporter>,
    ApiJson(body): ApiJson<SafetyEventRequest>,
) -> AppResult<(StatusCode, Json<SafetyEventResult>)> {
    let reference = reachin_domain::text::single_line(&body.reference, 120).map_err(|_| bad("case-bad-reference"))?;
    if !crate::cases::is_category(&body.category) {
        return Err(bad("case-unknown-category"));
    }
    if body.involved.is_empty() || body.involved.len() > 200 {
        return Err(bad("case-bad-involved"));
    }
    let urgency = match body.urgency.as_deref() {
        None => Urgency::Routine,
        Some(u) => u.parse().map_err(|_| bad("case-bad-urgency"))?,
    };
    let event_date = parse_date(body.event_date.as_deref())?;
    if let Some(existing) = events::by_reference(&state.db, me.org.id, &reference).await? {
        let filter = CaseFilter { event: Some(existing), ..CaseFilter::default() };
        let list = cases::list(&state.db, me.org.id, &filter, 1000).await?;
        let result = SafetyEventResult {
            event_id: existing.to_string(),
            created: false,
            case_ids: list.iter().map(|c| c.case.id.to_string()).collect(),
            opted_out: 0,
            not_found: Vec::new(),
        };
        return Ok((StatusCode::OK, Json(result)));
    }
    // Resolve everyone first; those not in the directory are reported back by position.
    let mut people = Vec::new();
    let mut not_found = Vec::new();
    for (i, who) in body.involved.iter().enumerate() {
        let found = match (&who.employee_id, &who.email) {
            (Some(e), _) if !e.trim().is_empty() => directory::by_employee_id(&state.db, me.org.id, e.trim()).await?,
            (_, Some(m)) => match m.parse::<WorkEmail>() {
                Ok(email) => directory::by_email(&state.db, me.org.id, &email).await?,
                Err(_) => None,
            },
            _ => None,
        };
        match found {
            Some(p) if !people.contains(&p.id) => people.push(p.id),
            Some(_) => {}
            None => not_found.push(i),
        }
    }
    let event = NewEvent {
        id: EventId::generate(),
        org_id: me.org.id,
        external_ref: reference,
        category: body.category.clone(),
        event_date: event_date.clone(),
        received_at: state.now(),
        reported_by: Some(me.caller.user.id),
    };
    let mut new_cases = Vec::new();
    let mut opted_out = 0;
    for person in people {
        // A standing opt-out is honoured for automatic outreach (their own requests still count).
        if events::has_opted_out(&state.db, me.org.id, person).await? {
            opted_out += 1;
            continue;
        }
        let intake = Intake {
            subject: person,
            source: Source::SafetyEvent,
            referrer: None,
            category: body.category.clone(),
            event_id: Some(event.id),
            event_date: event_date.clone(),
            urgency,
            preferences: Preferences::default(),
            intake_context: None,
            entered_by: Some(me.caller.user.id),
        };
        new_cases.push(crate::cases::prepare(&state, &me.org, intake).await?);
    }
    // The event and all its cases are written together: a crash leaves neither half.
    let opened = match events::create_with_cases(&state.db, &event, &new_cases).await {
        Ok(o) => o,
        // The same event arrived twice at once: the first stands; the caller may simply repeat.
        Err(StoreError::Conflict(Clash::EventReference | Clash::CaseChanged)) => {
            return Err(AppError::Conflict(Detail::Message("conflict-event-reference".into())));
        }
        Err(e) => return Err(e.into()),
    };
    let case_ids: Vec<String> = opened.iter().map(|o| o.case_id().to_string()).collect();
    state
        .audit(
            Entry::new(AuditAction::SafetyEvent)
                .org(me.org.id)
                .by(me.caller.user.id)
                .record(RecordKind::Event, event.id),
        )
        .await?;
    let result = SafetyEventResult { event_id: event.id.to_string(), created: true, case_ids, opted_out, not_found };
    Ok((StatusCode::CREATED, Json(result)))
}

/// Records a person's standing opt-out from automatic (safety-event) outreach (coordinator).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/people/{id}/outreach-opt-out", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn opt_out(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let id: PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    directory::by_id(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    events::opt_out(&state.db, me.org.id, id, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A follow-up check-in to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// When, RFC 3339 (within the coming year).
    pub due_at: String,
}

/// A scheduled follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    /// Id.
    pub id: String,
    /// RFC 3339.
    pub due_at: String,
}

/// Schedules a follow-up check-in on a case (its coordinator or its supporter).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/cases/{id}/follow-ups", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The case id")),
    request_body = FollowUpRequest,
    responses((status = 201, body = FollowUpView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn follow_up(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<FollowUpRequest>,
) -> AppResult<(StatusCode, Json<FollowUpView>)> {
    let case = open_case_of(&state, &me, &id).await?;
    let due: jiff::Timestamp = body.due_at.parse().map_err(|_| bad("follow-up-bad-time"))?;
    let fid = crate::cases::schedule_follow_up(&state, &me.org, &case, due).await?;
    Ok((StatusCode::CREATED, Json(FollowUpView { id: fid, due_at: due.to_string() })))
}

/// Further help offered in a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    /// The resource kind code.
    pub kind: String,
    /// Whether the colleague took it up.
    #[serde(default)]
    pub accepted: bool,
}

/// Records a kind of further help offered in a case (and whether it was taken up).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/cases/{id}/resources", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The case id")),
    request_body = OfferRequest,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn offer(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<OfferRequest>,
) -> AppResult<StatusCode> {
    let case = open_case_of(&state, &me, &id).await?;
    let kind: reachin_domain::case::ResourceKind = body.kind.parse().map_err(|_| bad("resource-bad-kind"))?;
    reachin_store::resources::offer(&state.db, me.org.id, case.id, kind, body.accepted).await?;
    Ok(StatusCode::NO_CONTENT)
}
