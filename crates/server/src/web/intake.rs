//! Intake pages for signed-in staff: the coordinator's manual entry, and a referral by any member
//! of staff (leaders refer as leaders). Both open a case, or join the person's open one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::case::{Source, Urgency};
use reachin_domain::directory::WorkEmail;
use reachin_domain::intake::{DEFAULT_CATEGORIES, Preferences, intake_context};
use reachin_domain::org::Organisation;
use reachin_domain::{PersonId, Role};
use reachin_store::{directory, users};
use serde::Deserialize;

use crate::auth::extract::{Coordinator, Member, OrgCaller, Requirement};
use crate::cases::{Intake, intake};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::cases::{Choice, label};
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    title: String,
    intro: String,
    action: String,
    categories: Vec<Choice>,
    errors: Vec<String>,
    form: IntakeForm,
    thanks: bool,
}

/// The intake form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IntakeForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    category: String,
    urgent: Option<String>,
    #[serde(default)]
    context: String,
}

fn render_page<R: Requirement>(
    state: &AppState,
    me: &OrgCaller<R>,
    coordinator: bool,
    form: IntakeForm,
    errors: Vec<String>,
    thanks: bool,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let action = if coordinator {
        format!("/o/{}/coordinator/cases/new", me.org.slug)
    } else {
        format!("/o/{}/refer", me.org.slug)
    };
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &action);
    let (title, intro) = if coordinator {
        (tr.t("intake-new-title"), tr.t("intake-new-intro"))
    } else {
        (tr.t("intake-refer-title"), tr.t("intake-refer-intro"))
    };
    let categories = DEFAULT_CATEGORIES
        .iter()
        .map(|c| Choice { value: (*c).to_owned(), label: label(&tr, "category", c), selected: form.category == *c })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&IntakePage { tr, shell, title, intro, action, categories, errors, form, thanks })?;
    *r.status_mut() = status;
    Ok(r)
}

/// Finds the person by work email or staff number.
async fn find_person(state: &AppState, org: &Organisation, key: &str) -> AppResult<Option<PersonId>> {
    let key = key.trim();
    if let Ok(email) = key.parse::<WorkEmail>() {
        return Ok(directory::by_email(&state.db, org.id, &email).await?.map(|p| p.id));
    }
    if key.is_empty() {
        return Ok(None);
    }
    Ok(directory::by_employee_id(&state.db, org.id, key).await?.map(|p| p.id))
}

/// Checks the form; on success the intake to make.
async fn parse<R: Requirement>(
    state: &AppState,
    me: &OrgCaller<R>,
    form: &IntakeForm,
) -> AppResult<Result<Intake, Vec<String>>> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let mut errors = Vec::new();
    let person = find_person(state, &me.org, &form.person).await?;
    if person.is_none() {
        errors.push(tr.t("intake-unknown-person"));
    }
    if !DEFAULT_CATEGORIES.contains(&form.category.as_str()) {
        errors.push(tr.t("case-unknown-category"));
    }
    let context = intake_context(&form.context);
    if context.is_err() {
        errors.push(tr.t("case-context-too-long"));
    }
    let (Some(subject), Ok(context), true) = (person, context, errors.is_empty()) else { return Ok(Err(errors)) };
    Ok(Ok(Intake {
        subject,
        source: Source::Coordinator,
        referrer: None,
        category: form.category.clone(),
        event_id: None,
        event_date: None,
        urgency: if form.urgent.is_some() { Urgency::Urgent } else { Urgency::Routine },
        preferences: Preferences::default(),
        intake_context: context,
        entered_by: Some(me.caller.user.id),
    }))
}

/// `GET /o/{org}/coordinator/cases/new`
pub async fn new_form(State(state): State<AppState>, me: OrgCaller<Coordinator>) -> AppResult<Response> {
    render_page(&state, &me, true, IntakeForm { category: "other".into(), ..IntakeForm::default() }, Vec::new(), false)
}

/// `POST /o/{org}/coordinator/cases/new`
pub async fn new_submit(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    HtmlForm(form): HtmlForm<IntakeForm>,
) -> AppResult<Response> {
    match parse(&state, &me, &form).await? {
        Err(errors) => render_page(&state, &me, true, form, errors, false),
        Ok(i) => {
            let opened = intake(&state, &me.org, i).await?;
            Ok(Redirect::to(&format!("/o/{}/cases/{}", me.org.slug, opened.case_id())).into_response())
        }
    }
}

/// `GET /o/{org}/refer`
pub async fn refer_form(State(state): State<AppState>, me: OrgCaller<Member>) -> AppResult<Response> {
    render_page(&state, &me, false, IntakeForm { category: "other".into(), ..IntakeForm::default() }, Vec::new(), false)
}

/// `POST /o/{org}/refer`: the same thanks whatever became of it.
pub async fn refer_submit(
    State(state): State<AppState>,
    me: OrgCaller<Member>,
    HtmlForm(form): HtmlForm<IntakeForm>,
) -> AppResult<Response> {
    match parse(&state, &me, &form).await? {
        Err(errors) => render_page(&state, &me, false, form, errors, false),
        Ok(mut i) => {
            let me_person = users::person_in(&state.db, me.org.id, me.caller.user.id).await?;
            i.source = if me_person == Some(i.subject) {
                Source::SelfReferral
            } else if me.roles.contains(Role::Leader) {
                Source::Leader
            } else {
                Source::Colleague
            };
            i.referrer = me_person.filter(|p| *p != i.subject);
            intake(&state, &me.org, i).await?;
            render_page(&state, &me, false, IntakeForm::default(), Vec::new(), true)
        }
    }
}
