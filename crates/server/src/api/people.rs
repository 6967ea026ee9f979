//! The staff directory API.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use reachin_domain::PersonId;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::directory::PersonInput;
use reachin_store::audit::Entry;
use reachin_store::directory;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::json::ApiJson;
use crate::api::views::{PeoplePage, PersonView};
use crate::auth::extract::{DirectoryReader, OrgCaller, RosterKeeper};
use crate::error::{AppError, AppResult};
use crate::middleware::Problem;
use crate::state::AppState;

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// Page size, 1–200 (default 50).
    limit: Option<u32>,
    /// How many to skip (default 0).
    offset: Option<u32>,
}

/// A page of the directory, by name.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/people", tag = "directory",
    params(("org" = String, Path, description = "The organisation's slug"), Paging),
    responses((status = 200, body = PeoplePage), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    me: OrgCaller<DirectoryReader>,
    paging: Result<Query<Paging>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Json<PeoplePage>> {
    let Query(paging) = paging.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let limit = paging.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
        return Err(AppError::Invalid(tr.t1("error-limit-range", "max", 200).into()));
    }
    let offset = paging.offset.unwrap_or(0);
    let people = directory::page(&state.db, me.org.id, limit, offset).await?;
    let total = directory::count(&state.db, me.org.id).await?;
    Ok(Json(PeoplePage { items: people.iter().map(PersonView::from).collect(), total, limit, offset }))
}

/// Adds a person to the directory.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/people", tag = "directory",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    me: OrgCaller<RosterKeeper>,
    ApiJson(input): ApiJson<PersonInput>,
) -> AppResult<(StatusCode, Json<PersonView>)> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let person =
        input.parse(me.org.id, PersonId::generate()).map_err(|e| AppError::Invalid(tr.field_error(&e).into()))?;
    directory::insert(&state.db, &person, state.now()).await?;
    state
        .audit(
            Entry::new(AuditAction::PersonCreated)
                .org(me.org.id)
                .by(me.caller.user.id)
                .record(RecordKind::Person, person.id),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(PersonView::from(&person))))
}

/// One directory entry.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/people/{id}", tag = "directory",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's id")),
    responses((status = 200, body = PersonView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    me: OrgCaller<DirectoryReader>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Json<PersonView>> {
    // A malformed id and another organisation's id answer exactly like a missing one.
    let id: PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    let person = directory::by_id(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(PersonView::from(&person)))
}

/// Replaces a directory entry's fields.
#[utoipa::path(put, path = "/api/v1/orgs/{org}/people/{id}", tag = "directory",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The person's id")),
    request_body = PersonInput,
    responses((status = 200, body = PersonView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn put(
    State(state): State<AppState>,
    me: OrgCaller<RosterKeeper>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(input): ApiJson<PersonInput>,
) -> AppResult<Json<PersonView>> {
    let id: PersonId = id.parse().map_err(|_| AppError::NotFound)?;
    directory::by_id(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let person = input.parse(me.org.id, id).map_err(|e| AppError::Invalid(tr.field_error(&e).into()))?;
    if !directory::update(&state.db, &person, state.now()).await? {
        return Err(AppError::NotFound);
    }
    state
        .audit(
            Entry::new(AuditAction::PersonUpdated).org(me.org.id).by(me.caller.user.id).record(RecordKind::Person, id),
        )
        .await?;
    Ok(Json(PersonView::from(&person)))
}
