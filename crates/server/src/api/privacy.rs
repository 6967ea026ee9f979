//! Privacy API: the organisation's retention and directory settings (organisation admin), and a
//! person's export and erasure (coordinator), the data subject rights.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reachin_domain::PersonId;
use reachin_store::privacy::{self as store, Settings};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{Coordinator, OrgAdmin, OrgCaller};
use crate::error::{AppError, AppResult};
use crate::middleware::Problem;
use crate::state::AppState;

/// An organisation's privacy settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyView {
    /// Days a closed case keeps its identity before de-identification (0 to 365; default 30).
    pub retention_days: i64,
    /// `kept`, or `imported`: the directory is only imported for outreach, and entries nothing
    /// needs any more are removed with the de-identification.
    pub directory: String,
    /// Groups smaller than this are never shown in reports (5 to 100; default 10). Optional on
    /// a change: left as it is when absent.
    #[serde(default)]
    pub suppression_floor: Option<i64>,
}

impl From<Settings> for PrivacyView {
    fn from(s: Settings) -> Self {
        Self {
            retention_days: i64::from(s.retention),
            directory: s.directory.code().to_owned(),
            suppression_floor: None,
        }
    }
}

/// The organisation's privacy settings (organisation admin).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/privacy", tag = "privacy",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = PrivacyView)))]
pub async fn settings(State(state): State<AppState>, me: OrgCaller<OrgAdmin>) -> AppResult<Json<PrivacyView>> {
    let mut view: PrivacyView = store::settings(&state.db, me.org.id).await?.into();
    view.suppression_floor = Some(i64::from(crate::surveys::floor(&state, me.org.id).await?));
    Ok(Json(view))
}

/// Sets the organisation's privacy settings (organisation admin).
#[utoipa::path(put, path = "/api/v1/orgs/{org}/privacy", tag = "privacy",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = PrivacyView,
    responses((status = 200, body = PrivacyView), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_settings(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    ApiJson(b): ApiJson<PrivacyView>,
) -> AppResult<Json<PrivacyView>> {
    let s = crate::privacy::set_settings(
        &state,
        &me.org,
        me.caller.user.id,
        b.retention_days,
        &b.directory,
        b.suppression_floor,
    )
    .await?;
    let mut view: PrivacyView = s.into();
    view.suppression_floor = Some(i64::from(crate::surveys::floor(&state, me.org.id).await?));
    Ok(Json(view))
}

fn person_id(id: &str) -> AppResult<PersonId> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// Everything ReachIn holds about one person of the directory, as JSON (coordinator), for a
/// subject access request. Audited.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/people/{id}/export", tag = "privacy",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's id")),
    responses((status = 200, body = Object), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn export(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Json<serde_json::Value>> {
    Ok(Json(crate::privacy::export(&state, &me.org, me.caller.user.id, person_id(&id)?).await?))
}

/// What an erasure did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasedView {
    /// Cases the person was in, de-identified now (their counting record stays).
    pub cases_deidentified: usize,
}

/// Erases a person (coordinator): their cases are de-identified at once and every row about
/// them deleted; a disabled account goes too. 409 while they have an active account or an open case.
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/people/{id}", tag = "privacy",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's id")),
    responses((status = 200, body = ErasedView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn erase(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<(StatusCode, Json<ErasedView>)> {
    let n = crate::privacy::erase(&state, &me.org, me.caller.user.id, person_id(&id)?).await?;
    Ok((StatusCode::OK, Json(ErasedView { cases_deidentified: n })))
}
