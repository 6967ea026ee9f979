//! The JSON API under `/api/v1`, documented as OpenAPI 3.1 at `/api/openapi.json`.
//! Errors are RFC 9457 problem documents (rendered by the middleware from `AppError`).

pub mod cases;
pub mod email_templates;
pub mod json;
pub mod matching;
pub mod people;
pub mod privacy;
pub mod reports;
pub mod roster;
pub mod views;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use reachin_store::{orgs, users};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth::extract::{Caller, Credential, Member, NetworkOperator, OrgCaller};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::Problem;
use crate::state::AppState;
use views::{MeView, MembershipView, OrgView};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "ReachIn API",
        description = "Clinician peer support programmes. Every organisation-scoped path names the organisation by its slug; \
                       another organisation's ids answer 404. Authenticate with `Authorization: Bearer rin_…` \
                       (a personal API token, see `reachin token create`)."
    ),
    paths(
        me, org, holidays, set_holidays, people::list, people::create, people::get, people::put, network_orgs,
        cases::create, cases::refer, cases::queue, cases::my_cases, cases::get, cases::action, cases::safety_event,
        cases::opt_out, cases::follow_up, cases::offer, matching::candidates, email_templates::list, email_templates::set, email_templates::reset, crate::web::resources::api_list, crate::web::resources::api_add, crate::web::resources::api_remove,
        roster::list, roster::step, roster::add_training, roster::add_my_away, roster::policy, roster::set_policy,
        crate::web::batch::api_plan, crate::web::batch::api_confirm,
        privacy::settings, privacy::set_settings, privacy::export, privacy::erase,
        reports::programme, reports::survey, reports::waves, reports::open_wave, reports::network
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "account", description = "Who is calling"),
        (name = "organisations", description = "Organisations and their settings"),
        (name = "directory", description = "The staff directory"),
        (name = "cases", description = "Support cases: intake, the queue, actions"),
        (name = "supporters", description = "The supporter roster, training, availability and matching policy"),
        (name = "resources", description = "The organisation's directory of further help"),
        (name = "privacy", description = "Retention, de-identification and a person's export and erasure"),
        (name = "reports", description = "Survey waves and the suppressed programme and survey reports"),
        (name = "network", description = "The installation's organisations (network operator)")
    )
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`
pub async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(body) => ([(CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => crate::error::AppError::Internal(anyhow::Error::new(e)).into_response(),
    }
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage<'a> {
    tr: Tr<'a>,
}

/// `GET /api/docs`: the API reference, from vendored Swagger UI.
pub async fn docs_page(State(state): State<AppState>) -> AppResult<Response> {
    let tr = state.catalogue.tr(Default::default(), jiff::tz::TimeZone::UTC);
    // Swagger UI runs under the site's strict policy: its styles are set from script, which
    // `style-src 'self'` allows, and its icons are `data:` images.
    crate::web::render(&DocsPage { tr })
}

/// Who is calling, and where they are a member.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = MeView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> AppResult<Json<MeView>> {
    let memberships = users::memberships(&state.db, caller.user.id).await?;
    let token_org = match &caller.credential {
        Credential::Token(g) => Some(g.org_id),
        Credential::Session(_) => None,
    };
    let memberships = memberships
        .into_iter()
        // A token acts in one organisation: it shows nothing of the others.
        .filter(|(org, _)| token_org.is_none_or(|t| t == org.id))
        .map(|(org, roles)| MembershipView {
            org: org.slug.to_string(),
            name: org.name,
            roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
        })
        .collect();
    Ok(Json(MeView {
        id: caller.user.id.to_string(),
        email: caller.user.email.to_string(),
        display_name: caller.user.display_name,
        network_operator: caller.user.network_operator && token_org.is_none(),
        memberships,
    }))
}

/// One organisation and the caller's roles there.
#[utoipa::path(get, path = "/api/v1/orgs/{org}", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = OrgView), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn org(me: OrgCaller<Member>) -> Json<OrgView> {
    Json(OrgView::new(&me.org, Some(me.roles)))
}

/// The organisation's holidays: routine time targets skip them.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Holidays {
    /// Dates, `YYYY-MM-DD`.
    pub dates: Vec<String>,
}

/// The organisation's holidays (any member).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/holidays", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug")),
    responses((status = 200, body = Holidays)))]
pub async fn holidays(State(state): State<AppState>, me: OrgCaller<Member>) -> AppResult<Json<Holidays>> {
    Ok(Json(Holidays { dates: orgs::holidays(&state.db, me.org.id).await? }))
}

/// Replaces the organisation's holidays (organisation admin).
#[utoipa::path(put, path = "/api/v1/orgs/{org}/holidays", tag = "organisations",
    params(("org" = String, Path, description = "The organisation's slug")),
    request_body = Holidays,
    responses((status = 200, body = Holidays), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_holidays(
    State(state): State<AppState>,
    me: OrgCaller<crate::auth::extract::OrgAdmin>,
    crate::api::json::ApiJson(body): crate::api::json::ApiJson<Holidays>,
) -> AppResult<Json<Holidays>> {
    if body.dates.len() > 400 {
        return Err(crate::error::AppError::Invalid(crate::error::Detail::Message("holidays-too-many".into())));
    }
    let mut dates = Vec::with_capacity(body.dates.len());
    for d in &body.dates {
        let date: jiff::civil::Date = d
            .trim()
            .parse()
            .map_err(|_| crate::error::AppError::Invalid(crate::error::Detail::Message("case-bad-date".into())))?;
        dates.push(date.to_string());
    }
    dates.sort();
    dates.dedup();
    orgs::set_holidays(&state.db, me.org.id, &dates).await?;
    Ok(Json(Holidays { dates }))
}

/// Every organisation on the installation (network operator; session only).
#[utoipa::path(get, path = "/api/v1/network/orgs", tag = "network",
    responses((status = 200, body = Vec<OrgView>), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn network_orgs(State(state): State<AppState>, _me: NetworkOperator) -> AppResult<Json<Vec<OrgView>>> {
    let all = orgs::list(&state.db).await?;
    Ok(Json(all.iter().map(|o| OrgView::new(o, None)).collect()))
}
