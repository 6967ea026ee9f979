//! The coordinator's roster: every supporter with the figures that say how they are doing
//! (open cases, cases in the last 90 days, time since their last debrief, training status),
//! one supporter's lifecycle, training, cap and on-call shifts, and supervision meetings.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use reachin_domain::PersonId;
use reachin_domain::roster::{SupporterStatus, TrainingStatus, days_since};
use reachin_store::roster::{self as store, PeriodKind, RosterEntry};
use reachin_store::wellbeing;
use serde::Deserialize;

use crate::auth::extract::{Coordinator, OrgCaller};
use crate::error::{AppError, AppResult, Detail};
use crate::i18n::Tr;
use crate::roster;
use crate::state::AppState;
use crate::web::cases::Choice;
use crate::web::form::{HtmlForm, field};
use crate::web::render;
use crate::web::shell::Shell;

/// A lifecycle status in the reader's words.
pub fn status_label(tr: &Tr<'_>, s: SupporterStatus) -> String {
    tr.t(&format!("supporter-status-{}", s.code()))
}

/// Training currency in the reader's words, and whether it needs attention.
pub fn training_text(tr: &Tr<'_>, until: Option<Timestamp>, now: Timestamp) -> (String, bool) {
    match TrainingStatus::of(until, now) {
        TrainingStatus::Never => (tr.t("training-never"), true),
        TrainingStatus::Current(t) => (tr.t1("training-current", "date", tr.date(t)), false),
        TrainingStatus::DueSoon(t) => (tr.t1("training-due-soon", "date", tr.date(t)), true),
        TrainingStatus::Lapsed(t) => (tr.t1("training-lapsed", "date", tr.date(t)), true),
    }
}

/// "N days ago", "today" or "never".
pub fn ago(tr: &Tr<'_>, t: Option<Timestamp>, now: Timestamp) -> String {
    match days_since(t, now) {
        None => tr.t("ago-never"),
        Some(0) => tr.t("ago-today"),
        Some(d) => tr.t1("ago-days", "n", d),
    }
}

/// One row of the roster.
#[derive(Debug)]
pub struct RosterRow {
    href: String,
    name: String,
    department: String,
    status: String,
    training: String,
    training_alert: bool,
    load: String,
    recent: u32,
    debrief: String,
    debrief_requested: Option<String>,
    supervision: String,
    now: String,
}

fn row(tr: &Tr<'_>, org: &reachin_domain::org::Organisation, e: &RosterEntry, now: Timestamp) -> RosterRow {
    let slug = org.slug.as_str();
    let (training, training_alert) = training_text(tr, e.trained_until, now);
    let mut availability = Vec::new();
    if e.on_call_now {
        availability.push(tr.t("roster-on-call-now"));
    }
    if e.away_now {
        availability.push(tr.t("roster-away-now"));
    }
    RosterRow {
        href: format!("/o/{slug}/coordinator/supporters/{}", e.person),
        name: e.name.clone(),
        department: e.department.clone().unwrap_or_default(),
        status: status_label(tr, e.status),
        training,
        training_alert,
        load: tr.args("roster-load", &fluent_args(&[("open", e.open_cases.to_string()), ("cap", e.cap.to_string())])),
        recent: e.recent_cases,
        debrief: ago(tr, e.last_debrief, now),
        debrief_requested: e.debrief_requested.map(|t| ago(tr, Some(t), now)),
        supervision: match &e.last_supervision {
            Some(d) => day_text(tr, &org.time_zone.zone(), d),
            None => tr.t("ago-never"),
        },
        now: availability.join(", "),
    }
}

fn fluent_args(pairs: &[(&str, String)]) -> fluent_bundle::FluentArgs<'static> {
    let mut a = fluent_bundle::FluentArgs::new();
    for (k, v) in pairs {
        a.set(k.to_string(), v.clone());
    }
    a
}

/// A day (`YYYY-MM-DD`) in the reader's words, as their other dates are written.
pub fn day_text(tr: &Tr<'_>, zone: &jiff::tz::TimeZone, day: &str) -> String {
    day.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_datetime(jiff::civil::Time::midnight()).to_zoned_datetime(zone.clone()).ok())
        .map(|z| tr.date(z.timestamp()))
        .unwrap_or_else(|| day.to_owned())
}

/// A period on a page: who, from, until, and the form to remove it.
#[derive(Debug)]
pub struct PeriodView {
    /// Id.
    pub id: String,
    /// Whose.
    pub name: String,
    /// From, in words.
    pub from: String,
    /// Until, in words.
    pub until: String,
}

/// Periods in the reader's words.
pub fn period_views(tr: &Tr<'_>, rows: &[store::PeriodRow]) -> Vec<PeriodView> {
    rows.iter()
        .map(|p| PeriodView {
            id: p.id.clone(),
            name: p.name.clone(),
            from: tr.datetime(p.starts_at),
            until: tr.datetime(p.ends_at),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    rows: Vec<RosterRow>,
    on_call: Vec<PeriodView>,
    action: String,
    supervision_url: String,
}

/// `GET /o/{org}/coordinator/supporters`
pub async fn list(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let now = state.now();
    let entries = store::roster(&state.db, me.org.id, None, now).await?;
    let on_call = store::periods(&state.db, PeriodKind::OnCall, me.org.id, None, now).await?;
    let path = format!("/o/{}/coordinator/supporters", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&RosterPage {
        rows: entries.iter().map(|e| row(&tr, &me.org, e, now)).collect(),
        on_call: period_views(&tr, &on_call),
        supervision_url: format!("/o/{}/coordinator/supervision", me.org.slug),
        action: path,
        shell,
        tr,
    })
}

/// The nominate form.
#[derive(Debug, Deserialize)]
pub struct NominateForm {
    who: String,
}

/// `POST /o/{org}/coordinator/supporters`: nominates someone from the directory.
pub async fn nominate(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    HtmlForm(f): HtmlForm<NominateForm>,
) -> AppResult<Response> {
    let person = roster::nominate(&state, &me.org, &f.who, me.caller.user.id).await?;
    Ok(Redirect::to(&format!("/o/{}/coordinator/supporters/{person}", me.org.slug)).into_response())
}

struct StepRow {
    status: String,
    when: String,
    by: String,
}

struct TrainingRow {
    id: String,
    course: String,
    completed: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "supporter.html")]
struct SupporterPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    name: String,
    facts: Vec<(String, String)>,
    status_code: String,
    next: Vec<Choice>,
    steps: Vec<StepRow>,
    trainings: Vec<TrainingRow>,
    away: Vec<PeriodView>,
    on_call: Vec<PeriodView>,
    debriefs: Vec<(String, String)>,
    debrief_requested: bool,
    cap: u32,
    max_cap: u32,
    action: String,
    today: String,
    in_two_years: String,
}

/// `GET /o/{org}/coordinator/supporters/{person}`
pub async fn page(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, person)): Path<(String, String)>,
) -> AppResult<Response> {
    let e = roster::supporter(&state, &me.org, &person).await?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let now = state.now();
    let (training, _) = training_text(&tr, e.trained_until, now);
    let mut facts = vec![
        (tr.t("roster-column-status"), status_label(&tr, e.status)),
        (tr.t("roster-column-training"), training),
        (
            tr.t("roster-column-load"),
            tr.args("roster-load", &fluent_args(&[("open", e.open_cases.to_string()), ("cap", e.cap.to_string())])),
        ),
        (tr.t("roster-column-recent"), e.recent_cases.to_string()),
        (tr.t("roster-column-debrief"), ago(&tr, e.last_debrief, now)),
        (
            tr.t("roster-column-supervision"),
            match &e.last_supervision {
                Some(d) => day_text(&tr, &me.org.time_zone.zone(), d),
                None => tr.t("ago-never"),
            },
        ),
    ];
    // What matching knows of them from the staff directory.
    if let Some(p) = reachin_store::directory::by_id(&state.db, me.org.id, e.person).await? {
        let profession = p.profession.map(|x| crate::web::directory::profession_label(&tr, x));
        let grade = p.grade.map(|g| crate::web::directory::grade_label(&tr, p.profession, g));
        let place: Vec<String> = [p.department, p.specialty, p.site].into_iter().flatten().collect();
        let role: Vec<String> = [profession, grade].into_iter().flatten().collect();
        if !role.is_empty() {
            facts.push((tr.t("column-profession"), role.join(", ")));
        }
        if !place.is_empty() {
            facts.push((tr.t("column-department"), place.join(", ")));
        }
    }
    if let Some(g) = &e.gender {
        facts.push((tr.t("roster-gender"), tr.t(&format!("roster-gender-{g}"))));
    }
    if !e.languages.is_empty() {
        facts.push((tr.t("roster-languages"), e.languages.join(", ")));
    }
    if !e.signs_in {
        facts.push((tr.t("roster-sign-in"), tr.t("roster-no-sign-in")));
    }
    let steps = store::steps(&state.db, me.org.id, e.person)
        .await?
        .into_iter()
        .map(|s| StepRow {
            status: status_label(&tr, s.status),
            when: tr.datetime(s.at),
            by: s.by.unwrap_or_else(|| tr.t("roster-by-system")),
        })
        .collect();
    let trainings = store::trainings(&state.db, me.org.id, e.person)
        .await?
        .into_iter()
        .map(|t| TrainingRow {
            id: t.id,
            course: t.course,
            completed: tr.date(t.completed_at),
            expires: tr.date(t.expires_at),
        })
        .collect();
    let away = store::periods(&state.db, PeriodKind::Away, me.org.id, Some(e.person), now).await?;
    let on_call = store::periods(&state.db, PeriodKind::OnCall, me.org.id, Some(e.person), now).await?;
    let debriefs = wellbeing::debriefs_of(&state.db, me.org.id, e.person)
        .await?
        .into_iter()
        .map(|(asked, held)| {
            (
                asked.map(|t| tr.datetime(t)).unwrap_or_default(),
                held.map(|t| tr.datetime(t)).unwrap_or_else(|| tr.t("roster-debrief-waiting")),
            )
        })
        .collect();
    let today = now.to_zoned_datetime(me.org.time_zone.zone()).date();
    let path = format!("/o/{}/coordinator/supporters/{}", me.org.slug, e.person);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&SupporterPage {
        name: e.name.clone(),
        facts,
        status_code: if e.on_roster || e.signs_in { e.status.code().to_owned() } else { String::new() },
        next: e
            .status
            .next()
            .iter()
            .map(|s| Choice { value: s.code().into(), label: status_label(&tr, *s), selected: false })
            .collect(),
        steps,
        trainings,
        away: period_views(&tr, &away),
        on_call: period_views(&tr, &on_call),
        debriefs,
        debrief_requested: e.debrief_requested.is_some(),
        cap: e.cap,
        max_cap: reachin_domain::roster::MAX_CAP,
        action: path,
        today: today.to_string(),
        in_two_years: today.checked_add(jiff::Span::new().years(2)).unwrap_or(today).to_string(),
        shell,
        tr,
    })
}

/// The forms of a supporter's page; `action` says which.
#[derive(Debug, Deserialize)]
pub struct SupporterForm {
    action: String,
    from: Option<String>,
    to: Option<String>,
    course: Option<String>,
    completed: Option<String>,
    expires: Option<String>,
    cap: Option<String>,
    starts: Option<String>,
    ends: Option<String>,
    id: Option<String>,
}

/// `POST /o/{org}/coordinator/supporters/{person}`
pub async fn act(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, person)): Path<(String, String)>,
    HtmlForm(f): HtmlForm<SupporterForm>,
) -> AppResult<Response> {
    let e = roster::supporter(&state, &me.org, &person).await?;
    let org = &me.org;
    let p: PersonId = e.person;
    match f.action.as_str() {
        "step" => roster::step(&state, org, p, f.from.as_deref(), field(&f.to), me.caller.user.id).await?,
        "add_training" => {
            roster::add_training(&state, org, p, field(&f.course), field(&f.completed), field(&f.expires)).await?
        }
        "remove_training" => {
            if !store::remove_training(&state.db, org.id, p, field(&f.id)).await? {
                return Err(AppError::NotFound);
            }
        }
        "cap" => roster::set_cap(&state, org, p, field(&f.cap)).await?,
        "add_on_call" => {
            roster::add_period(&state, org, PeriodKind::OnCall, p, field(&f.starts), field(&f.ends)).await?;
        }
        "remove_on_call" => roster::remove_period(&state, org, PeriodKind::OnCall, Some(p), field(&f.id)).await?,
        // A coordinator may enter time away for a supporter (sick leave they phoned in).
        "add_away" => {
            roster::add_period(&state, org, PeriodKind::Away, p, field(&f.starts), field(&f.ends)).await?;
        }
        "remove_away" => roster::remove_period(&state, org, PeriodKind::Away, Some(p), field(&f.id)).await?,
        "debrief_held" => wellbeing::debrief_held(&state.db, org.id, p, me.caller.user.id, state.now()).await?,
        _ => return Err(AppError::Invalid(Detail::Message("roster-bad-action".into()))),
    }
    Ok(Redirect::to(&format!("/o/{}/coordinator/supporters/{p}", me.org.slug)).into_response())
}

struct MeetingRow {
    date: String,
    attended: String,
}

#[derive(Template)]
#[template(path = "supervision.html")]
struct SupervisionPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    meetings: Vec<MeetingRow>,
    people: Vec<Choice>,
    action: String,
    today: String,
}

/// `GET /o/{org}/coordinator/supervision`
pub async fn supervision(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let now = state.now();
    let meetings = wellbeing::meetings(&state.db, me.org.id, 50)
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            date: day_text(&tr, &me.org.time_zone.zone(), &m.held_on.to_string()),
            attended: m.attended.into_iter().map(|(_, n)| n).collect::<Vec<_>>().join(", "),
        })
        .collect();
    let people = store::roster(&state.db, me.org.id, None, now)
        .await?
        .into_iter()
        .filter(|e| e.status != SupporterStatus::Retired)
        .map(|e| Choice { value: e.person.to_string(), label: e.name, selected: false })
        .collect();
    let path = format!("/o/{}/coordinator/supervision", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&SupervisionPage {
        meetings,
        people,
        today: now.to_zoned_datetime(me.org.time_zone.zone()).date().to_string(),
        action: path,
        shell,
        tr,
    })
}

/// `POST /o/{org}/coordinator/supervision`: the day, and one `attended` checkbox per person
/// (named `attended-<person id>`).
pub async fn add_meeting(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    HtmlForm(f): HtmlForm<HashMap<String, String>>,
) -> AppResult<Response> {
    let held_on = roster::parse_date(f.get("held_on").map(String::as_str).unwrap_or_default())?;
    let today = state.now().to_zoned_datetime(me.org.time_zone.zone()).date();
    if held_on > today {
        return Err(AppError::Invalid(Detail::Message("supervision-in-future".into())));
    }
    let mut attended = Vec::new();
    for key in f.keys() {
        if let Some(id) = key.strip_prefix("attended-") {
            attended.push(id.parse::<PersonId>().map_err(|_| AppError::BadRequest(String::new()))?);
        }
    }
    if attended.is_empty() {
        return Err(AppError::Invalid(Detail::Message("supervision-nobody".into())));
    }
    wellbeing::add_meeting(&state.db, me.org.id, held_on, &attended, me.caller.user.id, state.now()).await?;
    Ok(Redirect::to(&format!("/o/{}/coordinator/supervision", me.org.slug)).into_response())
}
