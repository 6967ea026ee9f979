//! The staff directory as the organisation admin sees it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use reachin_domain::directory::{Grade, Profession};
use reachin_store::directory;
use serde::Deserialize;

use crate::auth::extract::{OrgAdmin, OrgCaller};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::home::Table;
use crate::web::render;
use crate::web::shell::Shell;

const PAGE_SIZE: u32 = 50;

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    table: Table,
    total: i64,
    previous: Option<String>,
    next: Option<String>,
}

/// The page query.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

/// The catalogue label of a profession.
pub fn profession_label(tr: &Tr<'_>, p: Profession) -> String {
    tr.t(&format!("profession-{}", p.code().replace('_', "-")))
}

/// The catalogue label of a grade, which depends on the profession (and the country).
pub fn grade_label(tr: &Tr<'_>, p: Option<Profession>, g: Grade) -> String {
    let family = match p {
        Some(Profession::Doctor) => "doctor",
        Some(Profession::Nurse | Profession::Midwife) => "nurse",
        _ => "staff",
    };
    tr.t(&format!("grade-{family}-{}", g.code().replace('_', "-")))
}

/// `GET /o/{org}/admin/people`
pub async fn list(
    State(state): State<AppState>,
    me: OrgCaller<OrgAdmin>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let page = q.page.unwrap_or(1).max(1);
    let people = directory::page(&state.db, me.org.id, PAGE_SIZE, (page - 1).saturating_mul(PAGE_SIZE)).await?;
    let total = directory::count(&state.db, me.org.id).await?;
    let path = format!("/o/{}/admin/people", me.org.slug);
    let has_next = i64::from(page) * i64::from(PAGE_SIZE) < total;
    let table = Table {
        caption: tr.t("directory-caption"),
        headers: vec![
            tr.t("column-name"),
            tr.t("column-department"),
            tr.t("column-profession"),
            tr.t("column-grade"),
            tr.t("column-site"),
        ],
        rows: people
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.department.clone().unwrap_or_default(),
                    p.profession.map(|x| profession_label(&tr, x)).unwrap_or_default(),
                    p.grade.map(|g| grade_label(&tr, p.profession, g)).unwrap_or_default(),
                    p.site.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&DirectoryPage {
        previous: (page > 1).then(|| format!("{path}?page={}", page - 1)),
        next: has_next.then(|| format!("{path}?page={}", page + 1)),
        tr,
        shell,
        table,
        total,
    })
}
