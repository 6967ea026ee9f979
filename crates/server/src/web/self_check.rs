//! The private self-check: anyone can answer the single-item burnout measure or Mini-Z for
//! themselves and see what their answers suggest, with the organisation's resources and crisis
//! lines. Nothing is stored: no answer, no result, no count, no audit entry; the page is not
//! cached.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use reachin_domain::survey::{Form, Question, self_check_reading};
use serde::Deserialize;

use crate::auth::extract::path_org;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::resources::ResourceView;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "self_check.html")]
struct SelfCheckPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    org_name: String,
    instrument: &'static str,
    questions: Vec<Question>,
    action: String,
    base: String,
    support_url: String,
    readings: Vec<String>,
    seek_help: bool,
    score: Option<String>,
    resources: Vec<ResourceView>,
    errors: Vec<String>,
    licence: &'static str,
    given: Vec<(String, String)>,
}

impl SelfCheckPage<'_> {
    /// Whether an answer was chosen (a form shown again keeps its choices).
    fn is_checked(&self, code: &str, value: &u8) -> bool {
        self.given.iter().any(|(k, v)| k == code && v.parse::<u8>().ok() == Some(*value))
    }
}

/// Which instrument.
#[derive(Debug, Deserialize)]
pub struct Which {
    instrument: Option<String>,
}

fn form_for(instrument: &str) -> (&'static str, Option<Form>) {
    match instrument {
        "mini_z" => ("mini_z", Form::new(false, true, Vec::new()).ok()),
        _ => ("burnout", Form::new(true, false, Vec::new()).ok()),
    }
}

fn private(mut r: Response) -> Response {
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn page<'a>(
    state: &'a AppState,
    org: &reachin_domain::org::Organisation,
    instrument: &str,
) -> AppResult<(SelfCheckPage<'a>, Option<Form>)> {
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let (instrument, form) = form_for(instrument);
    let resources = reachin_store::resources::list(&state.db, org.id).await?;
    Ok((
        SelfCheckPage {
            org_name: org.name.clone(),
            instrument,
            questions: form.as_ref().map(Form::questions).unwrap_or_default(),
            action: format!("/o/{}/self-check?instrument={instrument}", org.slug),
            base: format!("/o/{}/self-check", org.slug),
            support_url: format!("/o/{}/support", org.slug),
            readings: Vec::new(),
            seek_help: false,
            score: None,
            resources: resources.iter().map(|r| ResourceView::new(&tr, r)).collect(),
            errors: Vec::new(),
            given: Vec::new(),
            licence: reachin_domain::survey::MINI_Z_LICENCE,
            shell: Shell::anonymous(),
            tr,
        },
        form,
    ))
}

/// `GET /o/{org}/self-check`: the questions.
pub async fn form(State(state): State<AppState>, mut parts: Parts, Query(which): Query<Which>) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let (p, _) = page(&state, &org, which.instrument.as_deref().unwrap_or_default()).await?;
    Ok(private(render(&p)?))
}

/// `POST /o/{org}/self-check`: the reading, shown once and kept nowhere.
pub async fn result(
    State(state): State<AppState>,
    mut parts: Parts,
    Query(which): Query<Which>,
    HtmlForm(fields): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let org = path_org(&mut parts, &state).await?;
    let (mut p, form) = page(&state, &org, which.instrument.as_deref().unwrap_or_default()).await?;
    let Some(form) = form else { return Ok(private(render(&p)?)) };
    match form.parse_answers(&fields) {
        Ok(answers) => {
            let reading = self_check_reading(&form, &answers);
            p.readings = reading
                .messages()
                .iter()
                .map(|m| p.tr.t(&format!("self-check-{}", m.code().replace('_', "-"))))
                .collect();
            p.seek_help = reading.seek_help;
            p.score = reading.mini_z.map(|m| {
                p.tr.args(
                    "self-check-mini-z-score",
                    &fluent_args(&[
                        ("total", i64::from(m.total)),
                        ("swe", i64::from(m.supportive_work_environment)),
                        ("pace", i64::from(m.work_pace_and_emr_stress)),
                    ]),
                )
            });
            p.questions.clear();
            Ok(private(render(&p)?))
        }
        Err(_) => {
            p.errors = vec![p.tr.t("self-check-answer-all")];
            p.given = fields;
            let mut r = render(&p)?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(private(r))
        }
    }
}

fn fluent_args<'a>(pairs: &[(&'a str, i64)]) -> fluent_bundle::FluentArgs<'a> {
    let mut args = fluent_bundle::FluentArgs::new();
    for (k, v) in pairs {
        args.set(*k, *v);
    }
    args
}
