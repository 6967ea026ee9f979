//! The roster through the API: the coordinator's view of every supporter with their wellbeing
//! figures, lifecycle steps and training records; a supporter's own away periods; and the
//! organisation's matching policy.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reachin_domain::audit::AuditAction;
use reachin_domain::matching::{Policy, Weights};
use reachin_domain::roster::TrainingStatus;
use reachin_store::audit::Entry;
use reachin_store::roster::{self as store, PeriodKind, RosterEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{Coordinator, DirectoryReader, OrgAdmin, OrgCaller, Supporter};
use crate::error::{AppError, AppResult};
use crate::middleware::Problem;
use crate::roster;
use crate::state::AppState;

/// A supporter on the roster, with the figures a coordinator watches.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupporterView {
    /// Directory id.
    pub person_id: String,
    /// Name.
    pub name: String,
    /// nominated, approved, trained, active, paused, retired.
    pub status: String,
    /// never, current, due_soon, lapsed.
    pub training: String,
    /// Until when their training is valid (RFC 3339).
    pub trained_until: Option<String>,
    /// Caseload cap.
    pub cap: u32,
    /// Open cases.
    pub open_cases: u32,
    /// Cases assigned in the last 90 days.
    pub cases_last_90_days: u32,
    /// Days since their last debrief (none: never).
    pub days_since_debrief: Option<i64>,
    /// An unanswered debrief request.
    pub debrief_requested: bool,
    /// The last supervision meeting they attended (a day).
    pub last_supervision: Option<String>,
    /// Away now.
    pub away_now: bool,
    /// On call now.
    pub on_call_now: bool,
}

fn view(e: &RosterEntry, now: jiff::Timestamp) -> SupporterView {
    SupporterView {
        person_id: e.person.to_string(),
        name: e.name.clone(),
        status: e.status.code().into(),
        training: TrainingStatus::of(e.trained_until, now).code().into(),
        trained_until: e.trained_until.map(|t| t.to_string()),
        cap: e.cap,
        open_cases: e.open_cases,
        cases_last_90_days: e.recent_cases,
        days_since_debrief: reachin_domain::roster::days_since(e.last_debrief, now),
        debrief_requested: e.debrief_requested.is_some(),
        last_supervision: e.last_supervision.clone(),
        away_now: e.away_now,
        on_call_now: e.on_call_now,
    }
}

/// The roster (coordinator).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/supporters", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Vec<SupporterView>)))]
pub async fn list(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Json<Vec<SupporterView>>> {
    let now = state.now();
    Ok(Json(store::roster(&state.db, me.org.id, None, now).await?.iter().map(|e| view(e, now)).collect()))
}

/// A lifecycle step.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// Where the supporter is now, as the caller last saw it (none: not on the roster).
    pub from: Option<String>,
    /// Where to: nominated, approved, trained, active, paused, retired (one step at a time).
    pub to: String,
}

/// Moves a supporter one lifecycle step (coordinator). A stale `from` is a 409.
#[utoipa::path(put, path = "/api/v1/orgs/{org}/supporters/{id}/status", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's directory id")),
    request_body = StepRequest,
    responses((status = 200, body = SupporterView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn step(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<StepRequest>,
) -> AppResult<Json<SupporterView>> {
    let person: reachin_domain::PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    reachin_store::directory::by_id(&state.db, me.org.id, person).await?.ok_or(AppError::NotFound)?;
    roster::step(&state, &me.org, person, body.from.as_deref(), &body.to, me.caller.user.id).await?;
    let e = roster::supporter(&state, &me.org, &id).await?;
    Ok(Json(view(&e, state.now())))
}

/// A completed training.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingRequest {
    /// Course name (at most 120 characters).
    pub course: String,
    /// Completed on (YYYY-MM-DD, not in the future).
    pub completed: String,
    /// Valid until (YYYY-MM-DD, after completion).
    pub expires: String,
}

/// Records a completed training (coordinator).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/supporters/{id}/trainings", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's directory id")),
    request_body = TrainingRequest,
    responses((status = 201, body = SupporterView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_training(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<TrainingRequest>,
) -> AppResult<(StatusCode, Json<SupporterView>)> {
    let e = roster::supporter(&state, &me.org, &id).await?;
    roster::add_training(&state, &me.org, e.person, &body.course, &body.completed, &body.expires).await?;
    let e = roster::supporter(&state, &me.org, &id).await?;
    Ok((StatusCode::CREATED, Json(view(&e, state.now()))))
}

/// An away period or on-call shift.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodRequest {
    /// From: YYYY-MM-DD (start of day) or YYYY-MM-DDTHH:MM, the organisation's time zone.
    pub from: String,
    /// Until: YYYY-MM-DD (end of day) or YYYY-MM-DDTHH:MM. At most a year after `from`.
    pub until: String,
}

/// The period as created.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodView {
    /// Id.
    pub id: String,
    /// From (RFC 3339).
    pub from: String,
    /// Until (RFC 3339).
    pub until: String,
}

/// A supporter adds an away period of their own: while it lasts they are not proposed.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/my-away-periods", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = PeriodRequest,
    responses((status = 201, body = PeriodView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_my_away(
    State(state): State<AppState>,
    me: OrgCaller<Supporter>,
    ApiJson(body): ApiJson<PeriodRequest>,
) -> AppResult<(StatusCode, Json<PeriodView>)> {
    let person =
        reachin_store::users::person_in(&state.db, me.org.id, me.caller.user.id).await?.ok_or(AppError::Forbidden)?;
    let p = roster::period(&me.org, &body.from, &body.until, state.now())?;
    let id = store::add_period(&state.db, PeriodKind::Away, me.org.id, person, p.starts, p.ends).await?;
    Ok((StatusCode::CREATED, Json(PeriodView { id, from: p.starts.to_string(), until: p.ends.to_string() })))
}

/// An organisation's matching policy: the same-department switch and the weight of each soft
/// preference (the cost added when it is not met).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyView {
    /// Never propose someone from the colleague's own department.
    pub exclude_same_department: bool,
    /// Different profession.
    pub profession: u32,
    /// Different specialty.
    pub specialty: u32,
    /// Supporter junior to the colleague.
    pub grade: u32,
    /// Different site.
    pub site: u32,
    /// The colleague's language not offered.
    pub language: u32,
    /// The requested gender not met.
    pub gender: u32,
    /// The requested department preference not met.
    pub department: u32,
    /// Per open case the supporter holds.
    pub per_open_case: u32,
    /// For having been assigned recently.
    pub recency: u32,
}

impl From<Policy> for PolicyView {
    fn from(p: Policy) -> Self {
        let w = p.weights;
        Self {
            exclude_same_department: p.exclude_same_department,
            profession: w.profession,
            specialty: w.specialty,
            grade: w.grade,
            site: w.site,
            language: w.language,
            gender: w.gender,
            department: w.department,
            per_open_case: w.per_open_case,
            recency: w.recency,
        }
    }
}

/// The highest weight: enough to outweigh every other preference together, small enough that
/// a batch's total cost cannot overflow.
const MOST_WEIGHT: u32 = 1000;

/// The organisation's matching policy (admins and coordinators).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/matching-policy", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = PolicyView)))]
pub async fn policy(State(state): State<AppState>, me: OrgCaller<DirectoryReader>) -> AppResult<Json<PolicyView>> {
    Ok(Json(store::policy(&state.db, me.org.id).await?.into()))
}

/// Sets the organisation's matching policy (organisation admin). Each weight is 0 to 1000.
#[utoipa::path(put, path = "/api/v1/orgs/{org}/matching-policy", tag = "supporters",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = PolicyView,
    responses((status = 200, body = PolicyView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_policy(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    ApiJson(b): ApiJson<PolicyView>,
) -> AppResult<Json<PolicyView>> {
    let weights = Weights {
        profession: b.profession,
        specialty: b.specialty,
        grade: b.grade,
        site: b.site,
        language: b.language,
        gender: b.gender,
        department: b.department,
        per_open_case: b.per_open_case,
        recency: b.recency,
    };
    if weights.each().iter().any(|w| *w > MOST_WEIGHT) {
        return Err(AppError::Invalid(crate::error::Detail::Message("policy-bad-weight".into())));
    }
    let p = Policy { exclude_same_department: b.exclude_same_department, weights };
    store::set_policy(&state.db, me.org.id, &p, state.now()).await?;
    state.audit(Entry::new(AuditAction::MatchingPolicySet).org(me.org.id).by(me.caller.user.id)).await?;
    Ok(Json(p.into()))
}
