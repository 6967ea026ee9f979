//! The resources directory: coordinators keep it; it is shown after a request, to supporters on
//! their cases and at every escalation, and sent as a resource sheet after a decline.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::ResourceId;
use reachin_domain::case::ResourceKind;
use reachin_domain::text::single_line;
use reachin_store::resources::{self, Resource};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{CaseWorker, Coordinator, Member, OrgCaller};
use crate::error::{AppError, AppResult, Detail};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::cases::{Choice, label};
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

/// A resource as shown and as sent by the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResourceView {
    /// Id.
    pub id: String,
    /// eap, mental_health, chaplaincy, legal, occupational_health, practitioner_health, crisis_line, other.
    pub kind: String,
    /// Name.
    pub name: String,
    /// How to reach it.
    pub how_to_reach: String,
    /// Opening hours.
    pub hours: Option<String>,
    /// A crisis line.
    pub crisis: bool,
    /// The kind in words (for pages).
    #[serde(skip)]
    pub kind_label: String,
}

impl ResourceView {
    /// The view of `r`, with its kind in the reader's words.
    pub fn new(tr: &Tr<'_>, r: &Resource) -> Self {
        Self {
            id: r.id.to_string(),
            kind: r.kind.code().into(),
            name: r.name.clone(),
            how_to_reach: r.how_to_reach.clone(),
            hours: r.hours.clone(),
            crisis: r.crisis,
            kind_label: label(tr, "resource", r.kind.code()),
        }
    }
}

/// A new resource.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewResource {
    /// The kind code.
    pub kind: String,
    /// Name (at most 120 characters).
    pub name: String,
    /// How to reach it (at most 200 characters).
    pub how_to_reach: String,
    /// Opening hours (at most 120 characters).
    pub hours: Option<String>,
    /// A crisis line.
    #[serde(default)]
    pub crisis: bool,
}

fn invalid(id: &str) -> AppError {
    AppError::Invalid(Detail::Message(id.into()))
}

fn parse(n: &NewResource) -> AppResult<Resource> {
    Ok(Resource {
        id: ResourceId::generate(),
        kind: n.kind.parse().map_err(|_| invalid("resource-bad-kind"))?,
        name: single_line(&n.name, 120).map_err(|_| invalid("resource-bad-name"))?,
        how_to_reach: single_line(&n.how_to_reach, 200).map_err(|_| invalid("resource-bad-reach"))?,
        hours: match n.hours.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            None => None,
            Some(h) => Some(single_line(h, 120).map_err(|_| invalid("resource-bad-hours"))?),
        },
        crisis: n.crisis,
    })
}

/// The organisation's resources (any member).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/resources", tag = "resources",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Vec<ResourceView>)))]
pub async fn api_list(State(state): State<AppState>, me: OrgCaller<Member>) -> AppResult<Json<Vec<ResourceView>>> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let list = resources::list(&state.db, me.org.id).await?;
    Ok(Json(list.iter().map(|r| ResourceView::new(&tr, r)).collect()))
}

/// Adds a resource (coordinator).
#[utoipa::path(post, path = "/api/v1/orgs/{org}/resources", tag = "resources",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = NewResource,
    responses((status = 201, body = ResourceView), (status = 422, body = crate::middleware::Problem, content_type = "application/problem+json")))]
pub async fn api_add(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    ApiJson(body): ApiJson<NewResource>,
) -> AppResult<(StatusCode, Json<ResourceView>)> {
    let r = parse(&body)?;
    resources::add(&state.db, me.org.id, &r, state.now()).await?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    Ok((StatusCode::CREATED, Json(ResourceView::new(&tr, &r))))
}

/// Removes a resource (coordinator).
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/resources/{id}", tag = "resources",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The resource id")),
    responses((status = 204), (status = 404, body = crate::middleware::Problem, content_type = "application/problem+json")))]
pub async fn api_remove(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    let id: ResourceId = id.parse().map_err(|_| AppError::NotFound)?;
    if resources::remove(&state.db, me.org.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Template)]
#[template(path = "resources.html")]
struct ResourcesPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    resources: Vec<ResourceView>,
    kinds: Vec<Choice>,
    action: String,
}

/// `GET /o/{org}/coordinator/resources`
pub async fn page(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let list = resources::list(&state.db, me.org.id).await?;
    let path = format!("/o/{}/coordinator/resources", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&ResourcesPage {
        resources: list.iter().map(|r| ResourceView::new(&tr, r)).collect(),
        kinds: ResourceKind::ALL
            .iter()
            .map(|k| Choice { value: k.code().into(), label: label(&tr, "resource", k.code()), selected: false })
            .collect(),
        action: path,
        shell,
        tr,
    })
}

/// The add-a-resource form.
#[derive(Debug, Deserialize)]
pub struct ResourceForm {
    kind: String,
    name: String,
    how_to_reach: String,
    hours: Option<String>,
    crisis: Option<String>,
}

/// `POST /o/{org}/coordinator/resources`
pub async fn add(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    HtmlForm(f): HtmlForm<ResourceForm>,
) -> AppResult<Response> {
    let r = parse(&NewResource {
        kind: f.kind,
        name: f.name,
        how_to_reach: f.how_to_reach,
        hours: f.hours,
        crisis: f.crisis.is_some(),
    })?;
    resources::add(&state.db, me.org.id, &r, state.now()).await?;
    Ok(Redirect::to(&format!("/o/{}/coordinator/resources", me.org.slug)).into_response())
}

/// `POST /o/{org}/coordinator/resources/{id}/remove`
pub async fn remove(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: ResourceId = id.parse().map_err(|_| AppError::NotFound)?;
    if !resources::remove(&state.db, me.org.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/o/{}/coordinator/resources", me.org.slug)).into_response())
}

/// The offered-resources form on a case page.
#[derive(Debug, Deserialize)]
pub struct OfferForm {
    kind: String,
    accepted: Option<String>,
}

/// `POST /o/{org}/cases/{id}/resources`: a kind of help offered (and perhaps taken up).
pub async fn offer(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<OfferForm>,
) -> AppResult<Response> {
    let case_id = crate::api::cases::open_case_of(&state, &me, &id).await?.id;
    let kind: ResourceKind = f.kind.parse().map_err(|_| invalid("resource-bad-kind"))?;
    resources::offer(&state.db, me.org.id, case_id, kind, f.accepted.is_some()).await?;
    Ok(Redirect::to(&format!("/o/{}/cases/{}", me.org.slug, case_id)).into_response())
}
