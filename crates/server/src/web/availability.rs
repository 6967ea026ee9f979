//! A supporter's own page, made for a phone between clinics: when they are away, when they are
//! on call, how many cases they can hold, what they choose to share (gender, languages), their
//! training, and a way to ask for a debrief after a hard case.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_store::roster::{self as store, PeriodKind};
use reachin_store::wellbeing;
use serde::Deserialize;

use crate::auth::extract::{OrgCaller, Supporter};
use crate::error::{AppError, AppResult, Detail};
use crate::i18n::Tr;
use crate::roster;
use crate::state::AppState;
use crate::web::form::{HtmlForm, field};
use crate::web::render;
use crate::web::roster::{PeriodView, period_views, status_label, training_text};
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "availability.html")]
struct AvailabilityPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    status: String,
    training: String,
    training_alert: bool,
    load: String,
    cap: u32,
    max_cap: u32,
    away: Vec<PeriodView>,
    on_call: Vec<PeriodView>,
    gender: String,
    languages: String,
    debrief_requested: bool,
    action: String,
    today: String,
}

async fn me_as_supporter(state: &AppState, me: &OrgCaller<Supporter>) -> AppResult<reachin_store::roster::RosterEntry> {
    let person =
        reachin_store::users::person_in(&state.db, me.org.id, me.caller.user.id).await?.ok_or(AppError::Forbidden)?;
    roster::supporter(state, &me.org, &person.to_string()).await
}

/// `GET /o/{org}/supporter/availability`
pub async fn page(State(state): State<AppState>, me: OrgCaller<Supporter>) -> AppResult<Response> {
    let e = me_as_supporter(&state, &me).await?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let now = state.now();
    let (training, training_alert) = training_text(&tr, e.trained_until, now);
    let mut load = fluent_bundle::FluentArgs::new();
    load.set("open", e.open_cases.to_string());
    load.set("cap", e.cap.to_string());
    let away = store::periods(&state.db, PeriodKind::Away, me.org.id, Some(e.person), now).await?;
    let on_call = store::periods(&state.db, PeriodKind::OnCall, me.org.id, Some(e.person), now).await?;
    let path = format!("/o/{}/supporter/availability", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&AvailabilityPage {
        status: status_label(&tr, e.status),
        training,
        training_alert,
        load: tr.args("roster-load", &load),
        cap: e.cap,
        max_cap: reachin_domain::roster::MAX_CAP,
        away: period_views(&tr, &away),
        on_call: period_views(&tr, &on_call),
        gender: e.gender.clone().unwrap_or_default(),
        languages: e.languages.join(", "),
        debrief_requested: e.debrief_requested.is_some(),
        today: now.to_zoned_datetime(me.org.time_zone.zone()).date().to_string(),
        action: path,
        shell,
        tr,
    })
}

/// The forms of the page; `action` says which.
#[derive(Debug, Deserialize)]
pub struct AvailabilityForm {
    action: String,
    starts: Option<String>,
    ends: Option<String>,
    id: Option<String>,
    cap: Option<String>,
    gender: Option<String>,
    languages: Option<String>,
}

/// `POST /o/{org}/supporter/availability`: a supporter changes their own entry, never anyone
/// else's (every change is scoped to their own directory entry).
pub async fn act(
    State(state): State<AppState>,
    me: OrgCaller<Supporter>,
    HtmlForm(f): HtmlForm<AvailabilityForm>,
) -> AppResult<Response> {
    let e = me_as_supporter(&state, &me).await?;
    let (org, p) = (&me.org, e.person);
    match f.action.as_str() {
        "add_away" => {
            roster::add_period(&state, org, PeriodKind::Away, p, field(&f.starts), field(&f.ends)).await?;
        }
        "remove_away" => roster::remove_period(&state, org, PeriodKind::Away, Some(p), field(&f.id)).await?,
        "add_on_call" => {
            roster::add_period(&state, org, PeriodKind::OnCall, p, field(&f.starts), field(&f.ends)).await?;
        }
        "remove_on_call" => roster::remove_period(&state, org, PeriodKind::OnCall, Some(p), field(&f.id)).await?,
        "cap" => roster::set_cap(&state, org, p, field(&f.cap)).await?,
        "profile" => roster::set_profile(&state, org, p, field(&f.gender), field(&f.languages)).await?,
        "debrief" => {
            if wellbeing::request_debrief(&state.db, org.id, p, state.now()).await?
                && let Err(err) = roster::tell_coordinators_of_debrief(&state, org).await
            {
                // The request stands and shows on the roster; only the email failed.
                tracing::warn!(error = %err, "telling the coordinators of a debrief request");
            }
        }
        _ => return Err(AppError::Invalid(Detail::Message("roster-bad-action".into()))),
    }
    Ok(Redirect::to(&format!("/o/{}/supporter/availability", me.org.slug)).into_response())
}
