//! The public, plain-language privacy page; an organisation admin's privacy settings (retention,
//! directory mode); and their break-glass access to one case (the request with its written
//! justification, then the case for an hour).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::CaseId;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::privacy::{BREAK_GLASS_MINUTES, DirectoryMode, JUSTIFICATION_MIN};
use reachin_store::audit::Entry;
use reachin_store::{cases, directory};
use serde::Deserialize;

use crate::auth::extract::{OrgAdmin, OrgCaller, path_org};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::home::Fact;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    org_name: String,
    retention_days: u16,
    floor: u32,
    support_url: String,
}

/// `GET /o/{org}/privacy`: what ReachIn keeps, who sees it, for how long — for clinicians.
pub async fn page(State(state): State<AppState>, mut parts: Parts) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let settings = reachin_store::privacy::settings(&state.db, org.id).await?;
    render(&PrivacyPage {
        tr: state.catalogue.tr(org.locale, org.time_zone.zone()),
        shell: Shell::anonymous(),
        org_name: org.name.clone(),
        retention_days: settings.retention.days(),
        floor: crate::surveys::floor(&state, org.id).await?,
        support_url: format!("/o/{}/support", org.slug),
    })
}

#[derive(Template)]
#[template(path = "privacy_settings.html")]
struct SettingsPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    action: String,
    retention_days: String,
    suppression_floor: String,
    imported: bool,
    saved: bool,
    errors: Vec<String>,
    public_url: String,
}

/// The privacy settings form.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    /// Days a closed case keeps its identity.
    #[serde(default)]
    retention_days: String,
    /// `kept` or `imported`.
    #[serde(default)]
    directory: String,
    /// The suppression floor.
    #[serde(default)]
    suppression_floor: String,
}

/// `?saved=1` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

fn settings_page<'a>(
    state: &'a AppState,
    me: &OrgCaller<OrgAdmin>,
    f: SettingsForm,
    saved: bool,
    errors: Vec<String>,
) -> SettingsPage<'a> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let action = format!("/o/{}/admin/privacy", me.org.slug);
    SettingsPage {
        shell: Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &action),
        tr,
        action,
        imported: f.directory == DirectoryMode::Imported.code(),
        retention_days: f.retention_days,
        suppression_floor: f.suppression_floor,
        saved,
        errors,
        public_url: format!("/o/{}/privacy", me.org.slug),
    }
}

/// `GET /o/{org}/admin/privacy`: the retention period and the directory mode.
pub async fn settings(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    Query(q): Query<Saved>,
) -> AppResult<Response> {
    let s = reachin_store::privacy::settings(&state.db, me.org.id).await?;
    let f = SettingsForm {
        retention_days: s.retention.days().to_string(),
        directory: s.directory.code().to_owned(),
        suppression_floor: crate::surveys::floor(&state, me.org.id).await?.to_string(),
    };
    render(&settings_page(&state, &me, f, q.saved.is_some(), Vec::new()))
}

/// `POST /o/{org}/admin/privacy`
pub async fn save_settings(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    HtmlForm(f): HtmlForm<SettingsForm>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let days = f.retention_days.trim().parse::<i64>().unwrap_or(-1);
    // Left as it is when the form does not send it; anything else must be a number in range.
    let floor = match f.suppression_floor.trim() {
        "" => None,
        n => Some(n.parse::<i64>().unwrap_or(-1)),
    };
    match crate::privacy::set_settings(&state, &me.org, me.caller.user.id, days, &f.directory, floor).await {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/admin/privacy?saved=1", me.org.slug)).into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let page = settings_page(&state, &me, f, false, vec![crate::error::message(&tr, &e)]);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "break_glass.html")]
struct BreakGlassPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    action: String,
    minutes: i64,
    min_chars: usize,
    case_ref: String,
    justification: String,
    errors: Vec<String>,
}

/// The break-glass request form.
#[derive(Debug, Default, Deserialize)]
pub struct BreakGlassForm {
    /// The case's reference (its id), as a coordinator gave it.
    #[serde(default)]
    case: String,
    /// Why.
    #[serde(default)]
    justification: String,
}

fn form_page<'a>(
    state: &'a AppState,
    me: &OrgCaller<OrgAdmin>,
    f: BreakGlassForm,
    errors: Vec<String>,
) -> BreakGlassPage<'a> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let action = format!("/o/{}/admin/break-glass", me.org.slug);
    BreakGlassPage {
        shell: Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &action),
        tr,
        action,
        minutes: BREAK_GLASS_MINUTES,
        min_chars: JUSTIFICATION_MIN,
        case_ref: f.case,
        justification: f.justification,
        errors,
    }
}

/// `GET /o/{org}/admin/break-glass`
pub async fn form(State(state): State<AppState>, me: OrgCaller<OrgAdmin>) -> AppResult<Response> {
    render(&form_page(&state, &me, BreakGlassForm::default(), Vec::new()))
}

/// `POST /o/{org}/admin/break-glass`: checks the reference and the justification, grants an
/// hour's access, alerts the coordinators, then shows the case.
pub async fn request(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    HtmlForm(f): HtmlForm<BreakGlassForm>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let Ok(case) = f.case.trim().parse::<CaseId>() else {
        let page = form_page(&state, &me, f, vec![tr.t("break-glass-no-case")]);
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    match crate::privacy::break_glass(&state, &me.org, me.caller.user.id, case, &f.justification).await {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/admin/break-glass/{case}", me.org.slug)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::NotFound)) => {
            let message = match e {
                AppError::NotFound => tr.t("break-glass-no-case"),
                other => crate::error::message(&tr, &other),
            };
            let page = form_page(&state, &me, f, vec![message]);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "break_glass_case.html")]
struct BreakGlassCase<'a> {
    tr: Tr<'a>,
    shell: Shell,
    person: String,
    facts: Vec<Fact>,
    until: String,
}

/// `GET /o/{org}/admin/break-glass/{case}`: the case, read-only, while the admin's access
/// lasts (otherwise 403: break-glass is asked for each time). Each view is audited.
pub async fn case(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: CaseId = id.parse().map_err(|_| AppError::NotFound)?;
    let now = state.now();
    let Some(until) =
        reachin_store::privacy::break_glass_until(&state.db, me.org.id, id, me.caller.user.id, now).await?
    else {
        return Err(AppError::Forbidden);
    };
    let case = cases::get(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    state
        .audit(Entry::new(AuditAction::CaseViewed).org(me.org.id).by(me.caller.user.id).record(RecordKind::Case, id))
        .await?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let subject = match case.subject_id {
        Some(p) => directory::by_id(&state.db, me.org.id, p).await?,
        None => None,
    };
    let supporter = match case.supporter_id {
        Some(p) => directory::by_id(&state.db, me.org.id, p).await?.map(|p| p.name),
        None => None,
    };
    let label = |prefix: &str, code: &str| crate::web::cases::label(&tr, prefix, code);
    let mut facts = vec![
        Fact { label: tr.t("case-state"), value: label("state", case.state.code()) },
        Fact { label: tr.t("case-category"), value: label("category", &case.category) },
        Fact { label: tr.t("case-received"), value: tr.datetime(case.received_at) },
        Fact { label: tr.t("case-supporter"), value: supporter.unwrap_or_else(|| tr.t("case-no-supporter")) },
    ];
    if let Some(d) = subject.as_ref().and_then(|p| p.department.clone()) {
        facts.insert(0, Fact { label: tr.t("case-department"), value: d });
    }
    let path = format!("/o/{}/admin/break-glass/{id}", me.org.slug);
    render(&BreakGlassCase {
        shell: Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path),
        person: subject.map(|p| p.name).unwrap_or_else(|| tr.t("break-glass-deidentified")),
        facts,
        until: tr.datetime(until),
        tr,
    })
}
