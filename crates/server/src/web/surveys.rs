//! Pulse survey pages: a coordinator's or leader's list of waves and the form that opens one,
//! one wave's page (close it early), the public answering page reached from an invitation, and
//! the private self-check.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::WaveId;
use reachin_domain::directory::{Grade, Profession};
use reachin_domain::survey::{self, Form, OwnItem, OwnItemInput, OwnKindInput, Question};
use reachin_store::surveys::{self as store, Wave};

use crate::auth::extract::{OrgCaller, SurveyKeeper, path_org};
use crate::error::{AppError, AppResult, Detail};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::surveys::{self as service, Answered, Population, WaveRequest};
use crate::web::cases::Choice;
use crate::web::directory::grade_label;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

/// A wave in a list.
#[derive(Debug)]
pub struct WaveRow {
    title: String,
    href: String,
    report: String,
    opened: String,
    closes: String,
    open: bool,
    invited: u64,
    answered: String,
}

fn wave_row(tr: &Tr<'_>, slug: &str, w: &Wave, answered: Option<u64>, floor: u32, now: jiff::Timestamp) -> WaveRow {
    WaveRow {
        title: w.title.clone(),
        href: format!("/o/{slug}/surveys/{}", w.id),
        report: format!("/o/{slug}/reports/surveys?wave={}", w.id),
        opened: tr.date(w.opened_at),
        closes: tr.date(w.closed_at.unwrap_or(w.closes_at)),
        open: w.is_open(now),
        invited: w.invited,
        // The count of answers is a figure like any other: it shows as the report shows it.
        answered: answered.map(|n| n.to_string()).unwrap_or_else(|| tr.t1("report-fewer-than", "floor", floor)),
    }
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct SurveysPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    waves: Vec<WaveRow>,
    action: String,
    departments: Vec<Choice>,
    professions: Vec<Choice>,
    grades: Vec<Choice>,
    title: String,
    own_items: String,
    days: String,
    burnout: bool,
    mini_z: bool,
    errors: Vec<String>,
    licence: &'static str,
    floor: u32,
    form_key: String,
}

fn choices(all: Vec<(String, String)>, chosen: &[String]) -> Vec<Choice> {
    all.into_iter().map(|(value, label)| Choice { selected: chosen.contains(&value), value, label }).collect()
}

async fn list_page(
    state: &AppState,
    me: &OrgCaller<SurveyKeeper>,
    entered: Option<(&Entered, Vec<String>)>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let path = format!("/o/{}/surveys", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    let floor = service::floor(state, me.org.id).await?;
    let now = state.now();
    let waves = store::waves(&state.db, me.org.id).await?;
    let mut rows = Vec::with_capacity(waves.len());
    for w in &waves {
        let answered = crate::reports::answered(state, &me.org, w).await?;
        rows.push(wave_row(&tr, me.org.slug.as_str(), w, answered, floor, now));
    }
    let departments = store::departments(&state.db, me.org.id).await?;
    let empty = Entered::default();
    let first_visit = entered.is_none();
    let (e, errors) = entered.unwrap_or((&empty, Vec::new()));
    let page = SurveysPage {
        waves: rows,
        action: path,
        departments: choices(departments.into_iter().map(|d| (d.clone(), d)).collect(), &e.population.departments),
        professions: choices(
            Profession::ALL
                .iter()
                .map(|p| (p.code().to_owned(), tr.t(&format!("profession-{}", p.code().replace('_', "-")))))
                .collect(),
            &e.population.professions,
        ),
        grades: choices(
            Grade::ALL.iter().map(|g| (g.code().to_owned(), grade_label(&tr, None, *g))).collect(),
            &e.population.grades,
        ),
        title: e.title.clone(),
        own_items: e.own_items.clone(),
        days: if e.days.is_empty() { "14".to_owned() } else { e.days.clone() },
        burnout: e.burnout || first_visit,
        mini_z: e.mini_z,
        errors,
        licence: survey::MINI_Z_LICENCE,
        floor,
        // A fresh key for a fresh form; a form sent back with errors keeps its key.
        form_key: if e.form_key.is_empty() {
            crate::auth::secrets::random_token().map_err(AppError::Internal)?
        } else {
            e.form_key.clone()
        },
        shell,
        tr,
    };
    let mut r = render(&page)?;
    if !page.errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

/// `GET /o/{org}/surveys`: the waves and the form that opens one.
pub async fn list(State(state): State<AppState>, me: OrgCaller<SurveyKeeper>) -> AppResult<Response> {
    list_page(&state, &me, None).await
}

/// What the new-wave form sent.
#[derive(Debug, Default)]
struct Entered {
    title: String,
    burnout: bool,
    mini_z: bool,
    own_items: String,
    days: String,
    form_key: String,
    population: Population,
}

fn entered(fields: &[(String, String)]) -> Entered {
    let mut e = Entered::default();
    for (k, v) in fields {
        match k.as_str() {
            "title" => e.title = v.clone(),
            "burnout" => e.burnout = true,
            "mini_z" => e.mini_z = true,
            "own_items" => e.own_items = v.clone(),
            "days" => e.days = v.clone(),
            "form_key" => e.form_key = v.clone(),
            "department" => e.population.departments.push(v.clone()),
            "profession" => e.population.professions.push(v.clone()),
            "grade" => e.population.grades.push(v.clone()),
            _ => {}
        }
    }
    e
}

/// The organisation's own questions, one per line: a statement (answered on a five-point scale
/// from "strongly disagree" to "strongly agree"), or a question followed by its options, each
/// after a `|`.
pub fn own_items(tr: &Tr<'_>, text: &str) -> Result<Vec<OwnItem>, String> {
    let mut items = Vec::new();
    for (i, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let mut parts = line.split('|').map(str::trim);
        let question = parts.next().unwrap_or_default().to_owned();
        let options: Vec<String> = parts.filter(|p| !p.is_empty()).map(str::to_owned).collect();
        let kind = if options.is_empty() {
            OwnKindInput::Likert { points: 5, low: tr.t("survey-likert-low"), high: tr.t("survey-likert-high") }
        } else {
            OwnKindInput::SingleChoice { options }
        };
        let item = OwnItem::parse(OwnItemInput { code: Some(format!("q{}", i + 1)), text: question, kind })
            .map_err(|_| tr.t1("survey-bad-own-item", "line", i as i64 + 1))?;
        items.push(item);
    }
    Ok(items)
}

/// `POST /o/{org}/surveys`: opens a wave.
pub async fn open(
    State(state): State<AppState>,
    me: OrgCaller<SurveyKeeper>,
    HtmlForm(fields): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let e = entered(&fields);
    let own = match own_items(&tr, &e.own_items) {
        Ok(own) => own,
        Err(msg) => return list_page(&state, &me, Some((&e, vec![msg]))).await,
    };
    let form = match Form::new(e.burnout, e.mini_z, own) {
        Ok(f) => f,
        Err(_) => return list_page(&state, &me, Some((&e, vec![tr.t("survey-form-empty")]))).await,
    };
    let days = e.days.trim().parse::<u32>().unwrap_or(0);
    let req = WaveRequest {
        title: e.title.clone(),
        form,
        population: e.population.clone(),
        days_open: days,
        form_key: Some(e.form_key.clone()),
    };
    match service::open(&state, &me.org, me.caller.user.id, req).await {
        Ok(id) => Ok(Redirect::to(&format!("/o/{}/surveys/{id}", me.org.slug)).into_response()),
        Err(AppError::Invalid(d)) => {
            let msg = match d {
                Detail::Text(t) => t,
                Detail::Message(id) => tr.t(&id),
            };
            list_page(&state, &me, Some((&e, vec![msg]))).await
        }
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "wave.html")]
struct WavePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    wave: WaveRow,
    questions: Vec<Question>,
    close_action: String,
}

fn wave_id(raw: &str) -> AppResult<WaveId> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// `GET /o/{org}/surveys/{id}`: one wave: what it asks, how many answered, close it.
pub async fn wave(
    State(state): State<AppState>,
    me: OrgCaller<SurveyKeeper>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = wave_id(&id)?;
    let w = store::wave(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let path = format!("/o/{}/surveys/{id}", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    let floor = service::floor(&state, me.org.id).await?;
    render(&WavePage {
        wave: wave_row(
            &tr,
            me.org.slug.as_str(),
            &w,
            crate::reports::answered(&state, &me.org, &w).await?,
            floor,
            state.now(),
        ),
        questions: service::form_of(&w)?.questions(),
        close_action: format!("{path}/close"),
        shell,
        tr,
    })
}

/// `POST /o/{org}/surveys/{id}/close`: closes a wave early.
pub async fn close(
    State(state): State<AppState>,
    me: OrgCaller<SurveyKeeper>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = wave_id(&id)?;
    service::close(&state, me.org.id, me.caller.user.id, id).await?;
    Ok(Redirect::to(&format!("/o/{}/surveys/{id}", me.org.slug)).into_response())
}

#[derive(Template)]
#[template(path = "survey_answer.html")]
struct AnswerPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    org_name: String,
    state: &'static str,
    title: String,
    questions: Vec<Question>,
    action: String,
    errors: Vec<String>,
    privacy_url: String,
    given: Vec<(String, String)>,
}

impl AnswerPage<'_> {
    /// Whether an answer was chosen (a form shown again keeps its choices).
    fn is_checked(&self, code: &str, value: &u8) -> bool {
        self.given.iter().any(|(k, v)| k == code && v.parse::<u8>().ok() == Some(*value))
    }
}

fn answer_page<'a>(state: &'a AppState, org: &reachin_domain::org::Organisation, token: &str) -> AnswerPage<'a> {
    AnswerPage {
        tr: state.catalogue.tr(org.locale, org.time_zone.zone()),
        shell: Shell::anonymous(),
        org_name: org.name.clone(),
        state: "spent",
        title: String::new(),
        questions: Vec::new(),
        action: format!("/o/{}/answer/{token}", org.slug),
        errors: Vec::new(),
        privacy_url: format!("/o/{}/privacy", org.slug),
        given: Vec::new(),
    }
}

/// `GET /o/{org}/answer/{token}`: the survey, from an invitation's link. Needs no account.
pub async fn answer_form(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let mut page = answer_page(&state, &org, &token);
    match service::wave_of_link(&state, org.id, &token).await? {
        Some(w) => {
            page.state = "ask";
            page.title = w.title.clone();
            page.questions = service::form_of(&w)?.questions();
            render(&page)
        }
        None => {
            let mut r = render(&page)?;
            *r.status_mut() = StatusCode::GONE;
            Ok(r)
        }
    }
}

/// `POST /o/{org}/answer/{token}`: the answer. The link works once.
pub async fn answer_submit(
    State(state): State<AppState>,
    mut parts: Parts,
    Path((_, token)): Path<(String, String)>,
    HtmlForm(fields): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let mut page = answer_page(&state, &org, &token);
    match service::answer(&state, &org, &token, &fields).await {
        Ok(Answered::Stored) => {
            page.state = "thanks";
            render(&page)
        }
        Ok(Answered::Spent) => {
            let mut r = render(&page)?;
            *r.status_mut() = StatusCode::GONE;
            Ok(r)
        }
        Err(AppError::Invalid(Detail::Text(msg))) => {
            let Some(w) = service::wave_of_link(&state, org.id, &token).await? else { return render(&page) };
            page.state = "ask";
            page.title = w.title.clone();
            page.questions = service::form_of(&w)?.questions();
            page.errors = vec![msg];
            page.given = fields;
            let mut r = render(&page)?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e),
    }
}
