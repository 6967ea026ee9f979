//! The batch page of a safety event: the plan for every waiting case, each line adjustable, and
//! one button to confirm; then what happened to each line.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use reachin_domain::{CaseId, EventId, PersonId};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{Coordinator, OrgCaller};
use crate::batch::{self, Line, LineResult, Plan};
use crate::cases::Acting;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::Problem;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

fn event_id(raw: &str) -> AppResult<EventId> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn coordinator(me: &OrgCaller<Coordinator>) -> Acting {
    Acting { actor: reachin_domain::case::Actor::Coordinator, user: me.caller.user.id, also_supporter: None }
}

#[derive(Template)]
#[template(path = "batch.html")]
struct BatchPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    plan: Option<Plan>,
    results: Vec<(String, LineResult)>,
    action: String,
    queue_url: String,
}

/// `GET /o/{org}/coordinator/events/{event}/batch`
pub async fn page(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, event)): Path<(String, String)>,
) -> AppResult<Response> {
    let event = event_id(&event)?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let plan = batch::plan(&state, &me.org, &tr, event).await?;
    state.audit_listed(me.org.id, me.caller.user.id, plan.cases.iter().filter_map(|c| c.case_id.parse().ok())).await?;
    let path = format!("/o/{}/coordinator/events/{event}/batch", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&BatchPage {
        plan: Some(plan),
        results: Vec::new(),
        queue_url: format!("/o/{}/coordinator/cases?event={event}", me.org.slug),
        action: path,
        shell,
        tr,
    })
}

/// `POST /o/{org}/coordinator/events/{event}/batch`: for each case, `assign-<case id>` names the
/// supporter (empty: leave it waiting) and `version-<case id>` the version shown.
pub async fn confirm(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, event)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let event = event_id(&event)?;
    let bad = || AppError::BadRequest(String::new());
    let mut lines = Vec::new();
    for (key, value) in &f {
        let Some(case) = key.strip_prefix("assign-") else { continue };
        if value.trim().is_empty() {
            continue;
        }
        let case: CaseId = case.parse().map_err(|_| bad())?;
        let supporter: PersonId = value.trim().parse().map_err(|_| bad())?;
        let version = f.get(&format!("version-{case}")).and_then(|v| v.parse().ok()).ok_or_else(bad)?;
        lines.push(Line { case, version, supporter });
    }
    lines.sort_by_key(|l| l.case);
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let names: HashMap<String, String> = match batch::plan(&state, &me.org, &tr, event).await {
        Ok(p) => p.cases.into_iter().map(|c| (c.case_id, c.name)).collect(),
        Err(_) => HashMap::new(),
    };
    let results = batch::confirm(&state, &me.org, &tr, coordinator(&me), event, &lines).await?;
    let path = format!("/o/{}/coordinator/events/{event}/batch", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&BatchPage {
        plan: None,
        results: results.into_iter().map(|r| (names.get(&r.case_id).cloned().unwrap_or_default(), r)).collect(),
        queue_url: format!("/o/{}/coordinator/cases?event={event}", me.org.slug),
        action: path,
        shell,
        tr,
    })
}

/// The plan for an event's waiting cases (coordinator): the least-cost assignment within caps
/// and exclusions, with every eligible supporter per case to adjust it.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/safety-events/{id}/batch", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The safety event id")),
    responses((status = 200, body = Plan), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn api_plan(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, event)): Path<(String, String)>,
) -> AppResult<Json<Plan>> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let plan = batch::plan(&state, &me.org, &tr, event_id(&event)?).await?;
    state.audit_listed(me.org.id, me.caller.user.id, plan.cases.iter().filter_map(|c| c.case_id.parse().ok())).await?;
    Ok(Json(plan))
}

/// One assignment of a confirmed plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The case.
    pub case_id: String,
    /// The case's version in the plan.
    pub version: i64,
    /// The supporter.
    pub supporter_id: String,
}

/// A confirmed plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// The assignments (at most 500).
    pub assignments: Vec<Assignment>,
}

/// Confirms a plan (coordinator): each assignment is made as a single assignment would be; one
/// that fails (a case changed, a cap reached meanwhile) says why and leaves its case waiting.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/safety-events/{id}/batch", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The safety event id")),
    request_body = Confirmation,
    responses((status = 200, body = Vec<LineResult>), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn api_confirm(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, event)): Path<(String, String)>,
    ApiJson(body): ApiJson<Confirmation>,
) -> AppResult<Json<Vec<LineResult>>> {
    let event = event_id(&event)?;
    if body.assignments.len() > batch::MOST_CASES as usize {
        return Err(AppError::Invalid(crate::error::Detail::Message("batch-too-many".into())));
    }
    let mut lines = Vec::with_capacity(body.assignments.len());
    for a in &body.assignments {
        lines.push(Line {
            case: a.case_id.parse().map_err(|_| AppError::NotFound)?,
            version: a.version,
            supporter: a
                .supporter_id
                .parse()
                .map_err(|_| AppError::Invalid(crate::error::Detail::Message("missing-supporter".into())))?,
        });
    }
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    Ok(Json(batch::confirm(&state, &me.org, &tr, coordinator(&me), event, &lines).await?))
}
