//! Report pages: the programme report (a year: charts with tables, CSV, the printable annual
//! report), the survey report (a wave by department, profession or grade, and the trend across
//! waves; CSV), and the network operator's comparison of organisations. Every figure comes from
//! `crate::reports`, already suppressed; a figure held back reads the same as an empty one.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use reachin_domain::WaveId;
use reachin_domain::case::Source;
use reachin_domain::org::Organisation;
use reachin_domain::report::{Breakdown, GroupFigures, ProgrammeReport, SurveyReport};
use reachin_store::surveys::{self, Wave};
use serde::Deserialize;

use crate::auth::extract::{NetworkOperator, OrgCaller, ReportReader};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::reports;
use crate::state::AppState;
use crate::web::cases::label;
use crate::web::charts::{Chart, ChartKind, Series};
use crate::web::directory::grade_label;
use crate::web::home::Fact;
use crate::web::render;
use crate::web::shell::{NavLink, Shell};

/// The year asked for.
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// The year a report is asked for (this year in the organisation's zone by default).
pub fn year_for(q: &YearQuery, org: &Organisation, state: &AppState) -> AppResult<i16> {
    year_or(q, reports::this_year(org, state.now()))
}

/// The year asked for, checked, or `default` when none is given.
fn year_or(q: &YearQuery, default: i16) -> AppResult<i16> {
    match q.year.as_deref() {
        None | Some("") => Ok(default),
        Some(y) => y
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| AppError::BadRequest("year".into())),
    }
}

/// Reads a count or the mark for "not shown".
fn count(tr: &Tr<'_>, v: Option<u64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| hidden(tr))
}

fn hidden(tr: &Tr<'_>) -> String {
    tr.t("report-hidden")
}

fn percent(tr: &Tr<'_>, v: Option<f64>) -> String {
    v.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| hidden(tr))
}

fn number(tr: &Tr<'_>, v: Option<f64>) -> String {
    v.map(|n| if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n:.1}") }).unwrap_or_else(|| hidden(tr))
}

fn counts(v: &[Option<u64>]) -> Vec<Option<f64>> {
    v.iter().map(|c| c.map(|n| n as f64)).collect()
}

fn chart(tr: &Tr<'_>, id: &str, title: String, unit: String, kind: ChartKind, categories: Vec<String>) -> Chart {
    Chart {
        id: id.to_owned(),
        description: tr.t1("report-chart-description", "title", title.clone()),
        title,
        unit,
        kind,
        categories,
        series: Vec::new(),
        hidden_label: hidden(tr),
        hidden_note: tr.t("report-hidden-note"),
        category_label: String::new(),
        table_label: tr.t("report-show-table"),
        empty_label: tr.t("report-chart-empty"),
    }
}

fn month_names(tr: &Tr<'_>) -> Vec<String> {
    (1..=12).map(|m| tr.t(&format!("month-{m}"))).collect()
}

fn department_label(tr: &Tr<'_>, d: &str) -> String {
    if d.is_empty() { tr.t("report-not-recorded") } else { d.to_owned() }
}

fn profession_label(tr: &Tr<'_>, p: &str) -> String {
    if p.is_empty() { tr.t("report-not-recorded") } else { label(tr, "profession", p) }
}

fn group_label(tr: &Tr<'_>, b: Breakdown, g: &str) -> String {
    match b {
        Breakdown::Department => department_label(tr, g),
        Breakdown::Profession => profession_label(tr, g),
        Breakdown::Grade => match g.parse() {
            Ok(grade) => grade_label(tr, None, grade),
            Err(_) => tr.t("report-not-recorded"),
        },
    }
}

/// The programme report's charts, each with its table.
fn programme_charts(tr: &Tr<'_>, r: &ProgrammeReport) -> Vec<Chart> {
    let mut by_month = chart(
        tr,
        "referrals-by-month",
        tr.t("report-referrals-by-month"),
        tr.t("report-unit-cases"),
        ChartKind::StackedBars,
        month_names(tr),
    );
    by_month.category_label = tr.t("report-month");
    by_month.series = Source::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| Series {
            label: label(tr, "source", s.code()),
            values: r.months.iter().map(|m| m.by_source.get(i).copied().flatten().map(|n| n as f64)).collect(),
        })
        .collect();
    let mut categories = chart(
        tr,
        "referrals-by-category",
        tr.t("report-by-category"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        r.categories.iter().map(|(c, _)| label(tr, "category", c)).collect(),
    );
    categories.category_label = tr.t("report-category");
    categories.series = vec![Series {
        label: tr.t("report-referrals"),
        values: counts(&r.categories.iter().map(|(_, n)| *n).collect::<Vec<_>>()),
    }];
    let mut departments = chart(
        tr,
        "reach-by-department",
        tr.t("report-reach-department"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        r.departments.iter().map(|(d, _)| department_label(tr, d)).collect(),
    );
    departments.category_label = tr.t("column-department");
    departments.series = vec![Series {
        label: tr.t("report-referrals"),
        values: counts(&r.departments.iter().map(|(_, n)| *n).collect::<Vec<_>>()),
    }];
    let mut professions = chart(
        tr,
        "reach-by-profession",
        tr.t("report-reach-profession"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        r.professions.iter().map(|(p, _)| profession_label(tr, p)).collect(),
    );
    professions.category_label = tr.t("column-profession");
    professions.series = vec![Series {
        label: tr.t("report-referrals"),
        values: counts(&r.professions.iter().map(|(_, n)| *n).collect::<Vec<_>>()),
    }];
    let mut statuses = chart(
        tr,
        "outcomes",
        tr.t("report-outcomes"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        r.statuses.iter().map(|(s, _)| tr.t(&format!("report-status-{}", s.replace('_', "-")))).collect(),
    );
    statuses.category_label = tr.t("report-status");
    statuses.series = vec![Series {
        label: tr.t("report-referrals"),
        values: counts(&r.statuses.iter().map(|(_, n)| *n).collect::<Vec<_>>()),
    }];
    let mut within = chart(
        tr,
        "within-target",
        tr.t("report-within-target-by-month"),
        "%".to_owned(),
        ChartKind::Line,
        month_names(tr),
    );
    within.category_label = tr.t("report-month");
    within.series = vec![Series {
        label: tr.t("report-within-target"),
        values: r.months.iter().map(|m| m.within_target.map(|s| (s * 1000.0).round() / 10.0)).collect(),
    }];
    let mut onward = chart(
        tr,
        "onward",
        tr.t("report-onward-by-kind"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        r.onward.iter().map(|(k, _, _)| label(tr, "resource", k.code())).collect(),
    );
    onward.category_label = tr.t("report-resource");
    onward.series = vec![Series {
        label: tr.t("report-referrals"),
        values: counts(&r.onward.iter().map(|(_, n, _)| *n).collect::<Vec<_>>()),
    }];
    vec![by_month, categories, departments, professions, statuses, within, onward]
}

/// The headline figures of a programme report.
fn programme_facts(tr: &Tr<'_>, r: &ProgrammeReport) -> Vec<Fact> {
    let f = |id: &str, value: String| Fact { label: tr.t(id), value };
    vec![
        f("report-referrals", count(tr, r.referrals)),
        f("report-closed", count(tr, r.closed)),
        f("report-contacted", count(tr, r.contacted)),
        f("report-median-hours", number(tr, r.median_hours_to_first_contact)),
        f("report-within-target", percent(tr, r.within_target)),
        f("report-acceptance", percent(tr, r.acceptance_rate)),
        f("report-decline", percent(tr, r.decline_rate)),
        f("report-escalation", percent(tr, r.escalation_rate)),
        f("report-onward", percent(tr, r.onward_rate)),
        f("report-median-interactions", number(tr, r.median_interactions)),
        f("report-mean-interactions", number(tr, r.mean_interactions)),
        f("report-feedback-answers", count(tr, r.feedback_answers)),
        f("report-helpful", percent(tr, r.helpful)),
        f("report-supporters-active", count(tr, r.supporters_active)),
        f("report-utilisation", percent(tr, r.utilisation)),
        f("report-training-current", percent(tr, r.training_current)),
    ]
}

#[derive(Template)]
#[template(path = "report_programme.html")]
struct ProgrammePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    org_name: String,
    year: i16,
    years: Vec<NavLink>,
    facts: Vec<Fact>,
    charts: Vec<Chart>,
    csv: String,
    annual: String,
    floor: u32,
    print: bool,
    waves: Vec<GroupRow>,
}

async fn programme_page(
    state: &AppState,
    me: &OrgCaller<ReportReader>,
    q: &YearQuery,
    print: bool,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let year = year_for(q, &me.org, state)?;
    let r = reports::programme(state, &me.org, year).await?;
    let base = format!("/o/{}/reports/programme", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &base);
    let years = reports::years(state, &me.org)
        .await?
        .into_iter()
        .map(|y| NavLink { href: format!("{base}?year={y}"), label: y.to_string(), current: y == year })
        .collect();
    // The annual report adds the year's survey waves, each as its whole-wave figures.
    let mut waves = Vec::new();
    if print {
        for w in surveys::waves(&state.db, me.org.id).await?.iter().rev() {
            if reachin_domain::counting::year_month(w.opened_at, &me.org.time_zone.zone()).0 == year {
                let r = reports::survey(state, &me.org, w).await?;
                waves.push(group_row(&tr, w.title.clone(), &r.whole));
            }
        }
    }
    render(&ProgrammePage {
        waves,
        org_name: me.org.name.clone(),
        year,
        years,
        facts: programme_facts(&tr, &r),
        charts: programme_charts(&tr, &r),
        csv: format!("/o/{}/reports/programme.csv?year={year}", me.org.slug),
        annual: format!("/o/{}/reports/annual?year={year}", me.org.slug),
        floor: crate::surveys::floor(state, me.org.id).await?,
        print,
        shell,
        tr,
    })
}

/// `GET /o/{org}/reports/programme?year=`: the programme report.
pub async fn programme(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    programme_page(&state, &me, &q, false).await
}

/// `GET /o/{org}/reports/annual?year=`: the printable annual report.
pub async fn annual(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    programme_page(&state, &me, &q, true).await
}

/// A CSV file (RFC 4180: CRLF line ends, quoted where needed).
fn csv_response(name: &str, header: &[&str], rows: &[Vec<String>]) -> AppResult<Response> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(header).map_err(|e| AppError::Internal(e.into()))?;
    for r in rows {
        w.write_record(r).map_err(|e| AppError::Internal(e.into()))?;
    }
    let body = w.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8; header=present"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// A figure in a CSV: held back (or empty) is an empty field, the same for both.
fn csv_count(v: Option<u64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn csv_share(v: Option<f64>) -> String {
    v.map(|s| format!("{:.3}", s)).unwrap_or_default()
}

fn csv_number(v: Option<f64>) -> String {
    v.map(|n| format!("{n:.1}")).unwrap_or_default()
}

/// Every figure of a programme report as (figure, group, value) rows.
pub fn programme_rows(r: &ProgrammeReport) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = |figure: &str, group: String, value: String| rows.push(vec![figure.to_owned(), group, value]);
    row("referrals", String::new(), csv_count(r.referrals));
    for m in &r.months {
        row("referrals_by_month", format!("{}-{:02}", r.year, m.month), csv_count(m.referrals));
        for (s, n) in Source::ALL.iter().zip(&m.by_source) {
            row("referrals_by_month_and_source", format!("{}-{:02}|{}", r.year, m.month, s.code()), csv_count(*n));
        }
        row("within_target_share_by_month", format!("{}-{:02}", r.year, m.month), csv_share(m.within_target));
    }
    for (s, n) in &r.sources {
        row("referrals_by_source", s.code().to_owned(), csv_count(*n));
    }
    for (c, n) in &r.categories {
        row("referrals_by_category", c.clone(), csv_count(*n));
    }
    for (d, n) in &r.departments {
        row("reach_by_department", d.clone(), csv_count(*n));
    }
    for (p, n) in &r.professions {
        row("reach_by_profession", p.clone(), csv_count(*n));
    }
    for (s, n) in &r.statuses {
        row("cases_by_status", (*s).to_owned(), csv_count(*n));
    }
    for (k, n, share) in &r.onward {
        row("onward_referrals", k.code().to_owned(), csv_count(*n));
        row("onward_referral_share", k.code().to_owned(), csv_share(*share));
    }
    row("closed", String::new(), csv_count(r.closed));
    row("acceptance_rate", String::new(), csv_share(r.acceptance_rate));
    row("decline_rate", String::new(), csv_share(r.decline_rate));
    row("escalation_rate", String::new(), csv_share(r.escalation_rate));
    row("onward_referral_rate", String::new(), csv_share(r.onward_rate));
    row("contacted", String::new(), csv_count(r.contacted));
    row("median_hours_to_first_contact", String::new(), csv_number(r.median_hours_to_first_contact));
    row("within_target_share", String::new(), csv_share(r.within_target));
    row("median_interactions", String::new(), csv_number(r.median_interactions));
    row("mean_interactions", String::new(), csv_number(r.mean_interactions));
    row("feedback_answers", String::new(), csv_count(r.feedback_answers));
    row("helpful_share", String::new(), csv_share(r.helpful));
    row("supporters_active", String::new(), csv_count(r.supporters_active));
    row("supporter_utilisation", String::new(), csv_share(r.utilisation));
    row("training_current_share", String::new(), csv_share(r.training_current));
    rows
}

/// `GET /o/{org}/reports/programme.csv?year=`
pub async fn programme_csv(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = year_for(&q, &me.org, &state)?;
    let r = reports::programme(&state, &me.org, year).await?;
    csv_response(&format!("programme-{year}.csv"), &["figure", "group", "value"], &programme_rows(&r))
}

/// The wave and breakdown asked for.
#[derive(Debug, Deserialize)]
pub struct SurveyQuery {
    wave: Option<String>,
    by: Option<String>,
}

/// A row of the survey report's tables.
#[derive(Debug)]
pub struct GroupRow {
    group: String,
    respondents: String,
    burnout: String,
    mini_z: String,
    supportive: String,
    pace: String,
}

fn group_row(tr: &Tr<'_>, label: String, g: &GroupFigures) -> GroupRow {
    GroupRow {
        group: label,
        respondents: count(tr, g.respondents),
        burnout: percent(tr, g.burnout),
        mini_z: number(tr, g.mini_z),
        supportive: number(tr, g.supportive_environment),
        pace: number(tr, g.work_pace),
    }
}

#[derive(Template)]
#[template(path = "report_survey.html")]
struct SurveyPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    waves: Vec<NavLink>,
    breakdowns: Vec<NavLink>,
    wave_title: Option<String>,
    open_until: Option<String>,
    whole: Option<GroupRow>,
    rows: Vec<GroupRow>,
    breakdown_label: String,
    breakdown_words: String,
    questions: Vec<(String, String)>,
    charts: Vec<Chart>,
    trend: Vec<GroupRow>,
    csv: String,
    floor: u32,
    burnout: bool,
    mini_z: bool,
    licence: &'static str,
}

async fn chosen_wave(state: &AppState, org: &Organisation, q: &SurveyQuery) -> AppResult<(Vec<Wave>, Option<Wave>)> {
    let waves = surveys::waves(&state.db, org.id).await?;
    let chosen = match q.wave.as_deref() {
        None | Some("") => waves.first().cloned(),
        Some(id) => {
            let id: WaveId = id.parse().map_err(|_| AppError::NotFound)?;
            Some(waves.iter().find(|w| w.id == id).cloned().ok_or(AppError::NotFound)?)
        }
    };
    Ok((waves, chosen))
}

fn breakdown_of(q: &SurveyQuery) -> AppResult<Breakdown> {
    match q.by.as_deref() {
        None | Some("") => Ok(Breakdown::Department),
        Some(b) => Breakdown::parse(b).ok_or_else(|| AppError::BadRequest("by".into())),
    }
}

/// `GET /o/{org}/reports/surveys?wave=&by=`: a wave's report and the trend across waves.
pub async fn survey(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<SurveyQuery>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(me.org.locale, me.org.time_zone.zone());
    let by = breakdown_of(&q)?;
    let (waves, wave) = chosen_wave(&state, &me.org, &q).await?;
    let base = format!("/o/{}/reports/surveys", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &base);
    let wave_id = wave.as_ref().map(|w| w.id.to_string()).unwrap_or_default();
    let mut page = SurveyPage {
        waves: waves
            .iter()
            .map(|w| NavLink {
                href: format!("{base}?wave={}&by={}", w.id, by.code()),
                label: format!("{} ({})", w.title, tr.date(w.opened_at)),
                current: Some(w.id) == wave.as_ref().map(|c| c.id),
            })
            .collect(),
        breakdowns: Breakdown::ALL
            .iter()
            .map(|b| NavLink {
                href: format!("{base}?wave={wave_id}&by={}", b.code()),
                label: tr.t(&format!("report-by-{}", b.code())),
                current: *b == by,
            })
            .collect(),
        wave_title: wave.as_ref().map(|w| w.title.clone()),
        open_until: wave.as_ref().filter(|w| w.is_open(state.now())).map(|w| tr.date(w.closes_at)),
        whole: None,
        rows: Vec::new(),
        breakdown_label: tr.t(&format!("column-{}", by.code())),
        breakdown_words: tr.t(&format!("report-by-{}", by.code())).to_lowercase(),
        questions: Vec::new(),
        charts: Vec::new(),
        trend: Vec::new(),
        csv: format!("/o/{}/reports/surveys.csv?wave={wave_id}&by={}", me.org.slug, by.code()),
        floor: crate::surveys::floor(&state, me.org.id).await?,
        burnout: false,
        mini_z: false,
        licence: reachin_domain::survey::MINI_Z_LICENCE,
        shell,
        tr,
    };
    if let Some(w) = &wave {
        let tr = &page.tr;
        let r = reports::survey(&state, &me.org, w).await?;
        let form = crate::surveys::form_of(w)?;
        page.burnout = form.burnout();
        page.mini_z = form.mini_z();
        page.whole = Some(group_row(tr, tr.t("report-whole-wave"), &r.whole));
        let groups = r.by(by);
        page.rows = groups.iter().map(|g| group_row(tr, group_label(tr, by, &g.group), g)).collect();
        // A single choice has no mean: its answer is the share choosing each option.
        let choices: Vec<String> = form
            .own()
            .iter()
            .filter(|o| matches!(o.kind(), reachin_domain::survey::OwnKind::SingleChoice { .. }))
            .map(|o| reachin_domain::survey::QuestionCode::own(o.code()).as_str().to_owned())
            .collect();
        page.questions = form
            .questions()
            .iter()
            .zip(&r.whole.questions)
            .map(|(q, f)| {
                let summary = if choices.iter().any(|c| c == q.code.as_str()) {
                    q.options
                        .iter()
                        .zip(&f.shares)
                        .map(|((_, label), share)| {
                            format!("{}: {}", label.clone().unwrap_or_default(), percent(tr, *share))
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    number(tr, f.mean)
                };
                (q.text.clone(), summary)
            })
            .collect();
        page.charts = survey_charts(tr, &r, by, form.burnout(), form.mini_z());
        let trend = reports::trend(&state, &me.org).await?;
        let mut t = chart(
            tr,
            "trend",
            tr.t("report-trend"),
            "%".to_owned(),
            ChartKind::Line,
            trend.iter().map(|(w, _)| w.title.clone()).collect(),
        );
        t.category_label = tr.t("surveys-wave");
        t.series = vec![Series {
            label: tr.t("report-burnout-share"),
            values: trend.iter().map(|(_, whole)| whole.burnout.map(|s| (s * 1000.0).round() / 10.0)).collect(),
        }];
        page.trend = trend.iter().map(|(w, whole)| group_row(tr, w.title.clone(), whole)).collect();
        page.charts.push(t);
    }
    render(&page)
}

fn survey_charts(tr: &Tr<'_>, r: &SurveyReport, by: Breakdown, burnout: bool, mini_z: bool) -> Vec<Chart> {
    let groups = r.by(by);
    let names: Vec<String> = groups.iter().map(|g| group_label(tr, by, &g.group)).collect();
    let mut out = Vec::new();
    if burnout {
        let mut c = chart(
            tr,
            "burnout-by-group",
            tr.t1("report-burnout-by", "by", tr.t(&format!("report-by-{}", by.code())).to_lowercase()),
            "%".to_owned(),
            ChartKind::Bars,
            names.clone(),
        );
        c.category_label = tr.t(&format!("column-{}", by.code()));
        c.series = vec![Series {
            label: tr.t("report-burnout-share"),
            values: groups.iter().map(|g| g.burnout.map(|s| (s * 1000.0).round() / 10.0)).collect(),
        }];
        out.push(c);
    }
    if mini_z {
        let mut c = chart(
            tr,
            "mini-z-by-group",
            tr.t1("report-mini-z-by", "by", tr.t(&format!("report-by-{}", by.code())).to_lowercase()),
            String::new(),
            ChartKind::Bars,
            names,
        );
        c.category_label = tr.t(&format!("column-{}", by.code()));
        c.series = vec![
            Series {
                label: tr.t("report-supportive"),
                values: groups.iter().map(|g| g.supportive_environment).collect(),
            },
            Series { label: tr.t("report-pace"), values: groups.iter().map(|g| g.work_pace).collect() },
        ];
        out.push(c);
    }
    out
}

/// Every figure of a wave's report for one breakdown, as CSV rows.
pub fn survey_rows(r: &SurveyReport, by: Breakdown) -> Vec<Vec<String>> {
    let row = |dim: &str, g: &GroupFigures| {
        let mut v = vec![
            dim.to_owned(),
            g.group.clone(),
            csv_count(g.respondents),
            csv_share(g.burnout),
            csv_number(g.mini_z),
            csv_number(g.supportive_environment),
            csv_number(g.work_pace),
            csv_share(g.mini_z_burnout),
        ];
        v.extend(g.questions.iter().map(|q| csv_number(q.mean)));
        v
    };
    let mut rows = vec![row("all", &r.whole)];
    rows.extend(r.by(by).iter().map(|g| row(by.code(), g)));
    rows
}

/// `GET /o/{org}/reports/surveys.csv?wave=&by=`
pub async fn survey_csv(
    State(state): State<AppState>,
    me: OrgCaller<ReportReader>,
    Query(q): Query<SurveyQuery>,
) -> AppResult<Response> {
    let by = breakdown_of(&q)?;
    let (_, wave) = chosen_wave(&state, &me.org, &q).await?;
    let wave = wave.ok_or(AppError::NotFound)?;
    let r = reports::survey(&state, &me.org, &wave).await?;
    let form = crate::surveys::form_of(&wave)?;
    let mut header = vec![
        "breakdown".to_owned(),
        "group".to_owned(),
        "respondents".to_owned(),
        "burnout_share".to_owned(),
        "mini_z_mean".to_owned(),
        "supportive_work_environment_mean".to_owned(),
        "work_pace_and_emr_stress_mean".to_owned(),
        "mini_z_burnout_share".to_owned(),
    ];
    header.extend(form.questions().iter().map(|q| format!("mean_{}", q.code.as_str())));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_response(&format!("survey-{}-{}.csv", wave.id, by.code()), &header, &survey_rows(&r, by))
}

/// One organisation's row in the network comparison.
#[derive(Debug)]
pub struct NetworkRow {
    name: String,
    referrals: String,
    median_hours: String,
    within_target: String,
    decline: String,
    escalation: String,
    helpful: String,
    wave: String,
    respondents: String,
    burnout: String,
}

#[derive(Template)]
#[template(path = "report_network.html")]
struct NetworkPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    year: i16,
    years: Vec<NavLink>,
    rows: Vec<NetworkRow>,
    charts: Vec<Chart>,
}

/// The network's comparison: each organisation's figures from its own report (suppressed with
/// its own floor). No network total is shown: it would let a held-back organisation be worked
/// out by subtraction.
pub async fn network_figures(
    state: &AppState,
    year: i16,
) -> AppResult<Vec<(Organisation, ProgrammeReport, Option<(Wave, SurveyReport)>)>> {
    let mut out = Vec::new();
    for org in reachin_store::orgs::list(&state.db).await? {
        let p = reports::programme(state, &org, year).await?;
        let latest = surveys::waves(&state.db, org.id)
            .await?
            .into_iter()
            .find(|w| reachin_domain::counting::year_month(w.opened_at, &org.time_zone.zone()).0 == year);
        let s = match latest {
            Some(w) => {
                let r = reports::survey(state, &org, &w).await?;
                Some((w, r))
            }
            None => None,
        };
        out.push((org, p, s));
    }
    Ok(out)
}

/// The year of the network comparison (this year in UTC by default).
pub fn network_year(q: &YearQuery, state: &AppState) -> AppResult<i16> {
    year_or(q, reachin_domain::counting::year_month(state.now(), &jiff::tz::TimeZone::UTC).0)
}

/// `GET /network/reports?year=`: organisations side by side.
pub async fn network(
    State(state): State<AppState>,
    me: NetworkOperator,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let tr = state.catalogue.tr(Default::default(), jiff::tz::TimeZone::UTC);
    let now_year = reachin_domain::counting::year_month(state.now(), &jiff::tz::TimeZone::UTC).0;
    let year = network_year(&q, &state)?;
    let figures = network_figures(&state, year).await?;
    let rows: Vec<NetworkRow> = figures
        .iter()
        .map(|(o, p, s)| NetworkRow {
            name: o.name.clone(),
            referrals: count(&tr, p.referrals),
            median_hours: number(&tr, p.median_hours_to_first_contact),
            within_target: percent(&tr, p.within_target),
            decline: percent(&tr, p.decline_rate),
            escalation: percent(&tr, p.escalation_rate),
            helpful: percent(&tr, p.helpful),
            wave: s.as_ref().map(|(w, _)| w.title.clone()).unwrap_or_default(),
            respondents: count(&tr, s.as_ref().and_then(|(_, r)| r.whole.respondents)),
            burnout: percent(&tr, s.as_ref().and_then(|(_, r)| r.whole.burnout)),
        })
        .collect();
    let mut c = chart(
        &tr,
        "network-referrals",
        tr.t("report-network-referrals"),
        tr.t("report-unit-cases"),
        ChartKind::Bars,
        figures.iter().map(|(o, _, _)| o.name.clone()).collect(),
    );
    c.category_label = tr.t("column-name");
    c.series = vec![Series {
        label: tr.t("report-referrals"),
        values: figures.iter().map(|(_, p, _)| p.referrals.map(|n| n as f64)).collect(),
    }];
    let years = (now_year - 4..=now_year)
        .rev()
        .map(|y| NavLink { href: format!("/network/reports?year={y}"), label: y.to_string(), current: y == year })
        .collect();
    let shell = Shell::for_caller(&tr, &me.caller, None, "/network/reports");
    render(&NetworkPage { year, years, rows, charts: vec![c], shell, tr })
}
