//! Reports and survey waves through the API: the same suppressed figures as the pages and CSV
//! (integrations read aggregates, never identities), and opening a wave.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use reachin_domain::WaveId;
use reachin_domain::report::{Breakdown, GroupFigures};
use reachin_domain::survey::{Form, FormInput};
use reachin_store::surveys::{self, Wave};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{NetworkOperator, OrgCaller, ReportReader, SurveyKeeper};
use crate::error::{AppError, AppResult, Detail};
use crate::middleware::Problem;
use crate::reports;
use crate::state::AppState;
use crate::surveys::{Population, WaveRequest};
use crate::web::reports::{YearQuery, programme_rows};

/// One figure of a report. `value` is null when the figure is held back by the suppression rule
/// or empty: the two read the same.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureView {
    /// What is counted or measured (e.g. `referrals_by_month`, `decline_rate`).
    pub figure: String,
    /// Which group (e.g. `2026-03`, `self`, a department), empty for the whole.
    pub group: String,
    /// The value: a count, a share between 0 and 1, or a median/mean.
    pub value: Option<f64>,
}

/// A programme report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeView {
    /// The year.
    pub year: i16,
    /// The organisation's suppression floor.
    pub floor: u32,
    /// Every figure.
    pub figures: Vec<FigureView>,
}

/// The programme report of a year (default: this year).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/programme", tag = "reports",
    params(("org" = String, Path, description = "The organisation's slug"), ("year" = Option<i16>, Query, description = "The year")),
    responses((status = 200, body = ProgrammeView), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn programme(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<ProgrammeView>> {
    let page = crate::web::reports::year_for(&q, &me.org, &state)?;
    let r = reports::programme(&state, &me.org, page).await?;
    Ok(Json(ProgrammeView {
        year: page,
        floor: crate::surveys::floor(&state, me.org.id).await?,
        figures: programme_rows(&r)
            .into_iter()
            .map(|row| {
                let mut it = row.into_iter();
                let figure = it.next().unwrap_or_default();
                let group = it.next().unwrap_or_default();
                let value = it.next().and_then(|v| v.parse().ok());
                FigureView { figure, group, value }
            })
            .collect(),
    }))
}

/// A group's survey figures. Null is held back (or empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    /// `all`, `department`, `profession` or `grade`.
    pub breakdown: String,
    /// The group (empty for the whole wave or not recorded).
    pub group: String,
    /// Respondents.
    pub respondents: Option<u64>,
    /// Share at burnout on the single-item measure (level 3 or worse).
    pub burnout_share: Option<f64>,
    /// Mean Mini-Z total (10–50).
    pub mini_z_mean: Option<f64>,
    /// Mean supportive work environment subscale (5–25).
    pub supportive_work_environment_mean: Option<f64>,
    /// Mean work pace and EMR stress subscale (5–25).
    pub work_pace_and_emr_stress_mean: Option<f64>,
    /// Share at burnout on Mini-Z's burnout item.
    pub mini_z_burnout_share: Option<f64>,
    /// Each question's mean answer, in the form's order.
    pub question_means: Vec<Option<f64>>,
}

fn group_view(breakdown: &str, g: &GroupFigures) -> GroupView {
    GroupView {
        breakdown: breakdown.to_owned(),
        group: g.group.clone(),
        respondents: g.respondents,
        burnout_share: g.burnout,
        mini_z_mean: g.mini_z,
        supportive_work_environment_mean: g.supportive_environment,
        work_pace_and_emr_stress_mean: g.work_pace,
        mini_z_burnout_share: g.mini_z_burnout,
        question_means: g.questions.iter().map(|q| q.mean).collect(),
    }
}

/// A survey wave.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaveView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Opened (RFC 3339).
    pub opened_at: String,
    /// Closes (RFC 3339).
    pub closes_at: String,
    /// Closed (RFC 3339), if it has.
    pub closed_at: Option<String>,
    /// People invited.
    pub invited: u64,
    /// Answers received; null while below the suppression floor.
    pub answered: Option<u64>,
    /// The question codes, in order.
    pub questions: Vec<String>,
}

fn wave_view(w: &Wave, answered: Option<u64>) -> WaveView {
    WaveView {
        id: w.id.to_string(),
        title: w.title.clone(),
        opened_at: w.opened_at.to_string(),
        closes_at: w.closes_at.to_string(),
        closed_at: w.closed_at.map(|t| t.to_string()),
        invited: w.invited,
        answered,
        questions: crate::surveys::form_of(w)
            .map(|f| f.questions().iter().map(|q| q.code.as_str().to_owned()).collect())
            .unwrap_or_default(),
    }
}

/// A wave's report in every breakdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyView {
    /// The wave.
    pub wave: WaveView,
    /// The organisation's suppression floor.
    pub floor: u32,
    /// The whole wave, then every department, profession and grade.
    pub groups: Vec<GroupView>,
}

/// A wave's report (coordinators, leaders, integrations).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/reports/surveys/{id}", tag = "reports",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The wave id")),
    responses((status = 200, body = SurveyView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn survey(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Json<SurveyView>> {
    let id: WaveId = id.parse().map_err(|_| AppError::NotFound)?;
    let wave = surveys::wave(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    let r = reports::survey(&state, &me.org, &wave).await?;
    let floor = crate::surveys::floor(&state, me.org.id).await?;
    let mut groups = vec![group_view("all", &r.whole)];
    for b in Breakdown::ALL {
        groups.extend(r.by(b).iter().map(|g| group_view(b.code(), g)));
    }
    let answered = reports::answered(&state, &me.org, &wave).await?;
    Ok(Json(SurveyView { wave: wave_view(&wave, answered), floor, groups }))
}

/// The organisation's waves, newest first (coordinators, leaders).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/surveys", tag = "reports",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Vec<WaveView>)))]
pub async fn waves(State(state): State<AppState>, me: OrgCaller<SurveyKeeper>) -> AppResult<Json<Vec<WaveView>>> {
    let waves = surveys::waves(&state.db, me.org.id).await?;
    let mut out = Vec::with_capacity(waves.len());
    for w in &waves {
        out.push(wave_view(w, reports::answered(&state, &me.org, w).await?));
    }
    Ok(Json(out))
}

/// A new wave.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWave {
    /// Its title (at most 120 characters).
    pub title: String,
    /// What it asks.
    pub form: FormInput,
    /// Who it asks.
    #[serde(default)]
    pub population: Population,
    /// How many days it stays open (1 to 60).
    pub days_open: u32,
    /// Optional: a key of your choosing (at most 80 characters). Sending the same key again
    /// returns the wave it opened instead of opening another.
    #[serde(default)]
    pub form_key: Option<String>,
}

/// Opens a wave: one emailed invitation per person of the population (coordinators, leaders).
/// A population smaller than the suppression floor is refused.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/surveys", tag = "reports",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = NewWave,
    responses((status = 201, body = WaveView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open_wave(
    State(state): State<AppState>,
    me: OrgCaller<SurveyKeeper>,
    ApiJson(body): ApiJson<NewWave>,
) -> AppResult<(StatusCode, Json<WaveView>)> {
    let form = Form::parse(body.form).map_err(|e| AppError::Invalid(Detail::Text(e.to_string())))?;
    let req = WaveRequest {
        title: body.title,
        form,
        population: body.population,
        days_open: body.days_open,
        form_key: body.form_key,
    };
    let id = crate::surveys::open(&state, &me.org, me.caller.user.id, req).await?;
    let wave = surveys::wave(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    let answered = reports::answered(&state, &me.org, &wave).await?;
    Ok((StatusCode::CREATED, Json(wave_view(&wave, answered))))
}

/// One organisation in the network comparison; null is held back (or empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkOrgView {
    /// The organisation's slug.
    pub org: String,
    /// Its name.
    pub name: String,
    /// Cases received in the year.
    pub referrals: Option<u64>,
    /// Median hours to first contact.
    pub median_hours_to_first_contact: Option<f64>,
    /// Share first contacted within the time target.
    pub within_target_share: Option<f64>,
    /// Share of closed cases declined.
    pub decline_rate: Option<f64>,
    /// Share escalated.
    pub escalation_rate: Option<f64>,
    /// Share who found support helpful.
    pub helpful_share: Option<f64>,
    /// Its latest wave opened in the year, if any: respondents and burnout share.
    pub wave_respondents: Option<u64>,
    /// Burnout share in that wave.
    pub wave_burnout_share: Option<f64>,
}

/// Organisations side by side for a year (network operator). No network total is given.
#[utoipa::path(get, path = "/api/v1/network/reports", tag = "reports",
    params(("year" = Option<i16>, Query, description = "The year")),
    responses((status = 200, body = Vec<NetworkOrgView>)))]
pub async fn network(
    State(state): State<AppState>,
    _me: NetworkOperator,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<Vec<NetworkOrgView>>> {
    let year = crate::web::reports::network_year(&q, &state)?;
    let figures = crate::web::reports::network_figures(&state, year).await?;
    Ok(Json(
        figures
            .iter()
            .map(|(o, p, s)| NetworkOrgView {
                org: o.slug.to_string(),
                name: o.name.clone(),
                referrals: p.referrals,
                median_hours_to_first_contact: p.median_hours_to_first_contact,
                within_target_share: p.within_target,
                decline_rate: p.decline_rate,
                escalation_rate: p.escalation_rate,
                helpful_share: p.helpful,
                wave_respondents: s.as_ref().and_then(|(_, r)| r.whole.respondents),
                wave_burnout_share: s.as_ref().and_then(|(_, r)| r.whole.burnout),
            })
            .collect(),
    ))
}
