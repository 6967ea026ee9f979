//! Each organisation's own wording for its emails. Only email messages can be changed; a body
//! must keep every placeholder the default has (`{ $link }` above all), so no email loses its
//! link or names a variable that does not exist.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reachin_store::email_templates;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::auth::extract::{Coordinator, OrgCaller};
use crate::error::{AppError, AppResult, Detail};
use crate::middleware::Problem;
use crate::state::AppState;

/// The emails whose wording an organisation may change (each has `-subject` and `-body`).
pub const EMAILS: &[&str] = &[
    "email-new-case",
    "email-assignment",
    "email-assignment-expired",
    "email-escalation",
    "email-contact-due",
    "email-contact-overdue",
    "email-resource-sheet",
    "email-feedback",
    "email-follow-up",
    "email-touching-base",
    "email-opt-out",
    "email-refresher",
    "email-debrief",
];

/// One email message and its wording.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailTemplate {
    /// The message id (`email-…-subject` or `email-…-body`).
    pub id: String,
    /// The catalogue's wording, in the organisation's language.
    pub default_text: String,
    /// The organisation's own wording, if set.
    pub text: Option<String>,
}

/// New wording.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateText {
    /// The wording; `{ $org }`, `{ $link }` and the default's other placeholders are filled in.
    pub text: String,
}

fn message_ids() -> impl Iterator<Item = String> {
    EMAILS.iter().flat_map(|e| [format!("{e}-subject"), format!("{e}-body")])
}

/// The `{ $name }` placeholders a text uses.
fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split("{")
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(|p| p.trim().trim_start_matches('$').to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The organisation's email wording (coordinator).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/email-templates", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Vec<EmailTemplate>)))]
pub async fn list(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Json<Vec<EmailTemplate>>> {
    let overrides = email_templates::for_org(&state.db, me.org.id).await?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    Ok(Json(
        message_ids()
            .map(|id| EmailTemplate { default_text: tr.raw(&id), text: overrides.get(&id).cloned(), id })
            .collect(),
    ))
}

/// Sets the organisation's wording for one email message (coordinator).
#[utoipa::path(put, path = "/api/v1/orgs/{org}/email-templates/{id}", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The message id")),
    request_body = TemplateText,
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<TemplateText>,
) -> AppResult<StatusCode> {
    if !message_ids().any(|m| m == id) {
        return Err(AppError::NotFound);
    }
    let invalid = |m: &str| AppError::Invalid(Detail::Message(m.into()));
    let text = body.text.trim();
    let limit = if id.ends_with("-subject") { 200 } else { 4000 };
    if text.is_empty() || text.chars().count() > limit || (id.ends_with("-subject") && text.contains('\n')) {
        return Err(invalid("template-bad-text"));
    }
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    if placeholders(text) != placeholders(&tr.raw(&id)) {
        return Err(invalid("template-placeholders"));
    }
    email_templates::set(&state.db, me.org.id, &id, text).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Goes back to the default wording (coordinator).
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/email-templates/{id}", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The message id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn reset(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<StatusCode> {
    if email_templates::reset(&state.db, me.org.id, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// Fills an organisation's wording: `{ $name }` placeholders from `args`.
#[must_use]
pub fn fill(text: &str, args: &[(&str, String)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in args {
        for pattern in [format!("{{ ${name} }}"), format!("{{${name}}}")] {
            out = out.replace(&pattern, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_filling() {
        assert_eq!(placeholders("Hi { $name }, see {$link} at { $org }"), vec!["link", "name", "org"]);
        assert_eq!(fill("Go to { $link } ({$org})", &[("link", "L".into()), ("org", "O".into())]), "Go to L (O)");
    }
}
