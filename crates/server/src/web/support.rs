//! The public, confidential request page: `/o/{org}/support`. No account needed; a few fields;
//! for oneself or for a colleague. The confirmation is the same whatever happened, shows what
//! happens next and the crisis lines at once. Rate-limited per address.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use jiff::SignedDuration;
use reachin_domain::PersonId;
use reachin_domain::case::{Source, Urgency};
use reachin_domain::directory::{Person, PersonInput, WorkEmail};
use reachin_domain::intake::{DEFAULT_CATEGORIES, DepartmentPreference, GenderPreference, Preferences, intake_context};
use reachin_domain::org::Organisation;
use reachin_store::{directory, rate_limits};
use serde::Deserialize;

use crate::auth::extract::path_org;
use crate::auth::secrets;
use crate::auth::throttle::client_address;
use crate::cases::{Intake, intake};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::cases::{Choice, label};
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

/// Requests one address may send per hour.
const REQUESTS_PER_HOUR: i64 = 10;

#[derive(Template)]
#[template(path = "support.html")]
struct SupportPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    org_name: String,
    action: String,
    categories: Vec<Choice>,
    errors: Vec<String>,
    form: SupportForm,
    done: Option<String>,
    resources: Vec<crate::web::resources::ResourceView>,
    opt_out_url: String,
    privacy_url: String,
    self_check_url: String,
}

/// The request form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SupportForm {
    /// `self` or `colleague`.
    #[serde(default, rename = "for")]
    who: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    colleague_name: String,
    #[serde(default)]
    colleague_email: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    category: String,
    urgent: Option<String>,
    #[serde(default)]
    pref_gender: String,
    #[serde(default)]
    pref_department: String,
    #[serde(default)]
    context: String,
}

impl SupportForm {
    fn for_colleague(&self) -> bool {
        self.who == "colleague"
    }
}

async fn page<'a>(
    state: &'a AppState,
    org: &Organisation,
    form: SupportForm,
    errors: Vec<String>,
    done: Option<String>,
) -> AppResult<SupportPage<'a>> {
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let categories = DEFAULT_CATEGORIES
        .iter()
        .map(|c| Choice { value: (*c).to_owned(), label: label(&tr, "category", c), selected: form.category == *c })
        .collect();
    let resources = reachin_store::resources::list(&state.db, org.id)
        .await?
        .iter()
        .map(|r| crate::web::resources::ResourceView::new(&tr, r))
        .collect();
    Ok(SupportPage {
        resources,
        shell: Shell::anonymous(),
        org_name: org.name.clone(),
        action: format!("/o/{}/support", org.slug),
        opt_out_url: format!("/o/{}/opt-out", org.slug),
        privacy_url: format!("/o/{}/privacy", org.slug),
        self_check_url: format!("/o/{}/self-check", org.slug),
        categories,
        errors,
        form,
        done,
        tr,
    })
}

/// `GET /o/{org}/support`
pub async fn form(State(state): State<AppState>, mut parts: Parts) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let form = SupportForm { who: "self".into(), category: "other".into(), ..SupportForm::default() };
    render(&page(&state, &org, form, Vec::new(), None).await?)
}

/// Finds the person in the directory by email, or adds them with what the form gave.
async fn find_or_add(
    state: &AppState,
    org: &Organisation,
    name: &str,
    email: &WorkEmail,
    phone: &str,
    department: &str,
) -> AppResult<PersonId> {
    if let Some(p) = directory::by_email(&state.db, org.id, email).await? {
        return Ok(p.id);
    }
    let input = PersonInput {
        name: name.to_owned(),
        email: Some(email.to_string()),
        phone: Some(phone.to_owned()),
        department: Some(department.to_owned()),
        ..PersonInput::default()
    };
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let person: Person = input
        .parse(org.id, PersonId::generate())
        .map_err(|e| crate::error::AppError::Invalid(tr.field_error(&e).into()))?;
    match directory::insert(&state.db, &person, state.now()).await {
        Ok(()) => Ok(person.id),
        // The same person was added a moment ago (a double submit): use that entry.
        Err(reachin_store::StoreError::Conflict(_)) => {
            directory::by_email(&state.db, org.id, email).await?.map(|p| p.id).ok_or(crate::error::AppError::Conflict(
                crate::error::Detail::Message("conflict-person-identifier".into()),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /o/{org}/support`
pub async fn submit(
    State(state): State<AppState>,
    mut parts: Parts,
    HtmlForm(form): HtmlForm<SupportForm>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let address = client_address(&state, &parts).map(|a| a.to_string()).unwrap_or_default();
    let key = secrets::hash(&format!("support:{}:{address}", org.id));
    if !rate_limits::hit(&state.db, &key, REQUESTS_PER_HOUR, SignedDuration::from_hours(1), state.now()).await? {
        let errors = vec![tr.t("support-rate-limited")];
        let mut r = render(&page(&state, &org, form, errors, None).await?)?;
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(r);
    }

    let mut errors = Vec::new();
    let colleague = form.for_colleague();
    let (subject_name, subject_email) =
        if colleague { (&form.colleague_name, &form.colleague_email) } else { (&form.name, &form.email) };
    if subject_name.trim().is_empty() {
        errors.push(tr.t("support-bad-name"));
    }
    let subject_email = subject_email.parse::<WorkEmail>().ok();
    if subject_email.is_none() {
        errors.push(tr.t("support-bad-email"));
    }
    let context = intake_context(&form.context).map_err(|_| tr.t("case-context-too-long"));
    if let Err(e) = &context {
        errors.push(e.clone());
    }
    if !DEFAULT_CATEGORIES.contains(&form.category.as_str()) {
        errors.push(tr.t("case-unknown-category"));
    }
    let (Some(subject_email), Ok(context), true) = (subject_email, context, errors.is_empty()) else {
        let mut r = render(&page(&state, &org, form, errors, None).await?)?;
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    };
    let phone = if colleague { "" } else { form.phone.as_str() };
    let subject = find_or_add(&state, &org, subject_name, &subject_email, phone, &form.department).await?;
    // The referrer is linked only if already in the directory: nothing is added about them.
    let referrer = match (colleague, form.email.parse::<WorkEmail>()) {
        (true, Ok(e)) => directory::by_email(&state.db, org.id, &e).await?.map(|p| p.id).filter(|p| *p != subject),
        _ => None,
    };
    let preferences = Preferences {
        supporter_gender: match form.pref_gender.as_str() {
            "woman" => Some(GenderPreference::Woman),
            "man" => Some(GenderPreference::Man),
            _ => None,
        },
        department: match form.pref_department.as_str() {
            "same" => Some(DepartmentPreference::Same),
            "other" => Some(DepartmentPreference::Other),
            _ => None,
        },
        same_profession: false,
    };
    let request = Intake {
        subject,
        source: if colleague { Source::Colleague } else { Source::SelfReferral },
        referrer,
        category: form.category.clone(),
        event_id: None,
        event_date: None,
        urgency: if form.urgent.is_some() { Urgency::Urgent } else { Urgency::Routine },
        preferences,
        intake_context: context,
        entered_by: None,
    };
    intake(&state, &org, request).await?;
    let who = tr.t(if colleague { "support-done-colleague" } else { "support-done-you" });
    let done = tr.t1("support-done-what-next", "who", who);
    render(&page(&state, &org, SupportForm::default(), Vec::new(), Some(done)).await?)
}
