//! The home page of each role, and the way there after signing in.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::Role;
use reachin_domain::org::Organisation;
use reachin_store::{directory, orgs, users};

use crate::auth::extract::{self, Caller, Member, NetworkOperator, OrgCaller, Requirement};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::render;
use crate::web::shell::{NavLink, Shell, role_home, role_label_id};

/// A labelled figure.
#[derive(Debug)]
pub struct Fact {
    /// What it is.
    pub label: String,
    /// Its value.
    pub value: String,
}

/// A simple table with a caption and a header row.
#[derive(Debug, Default)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// Column headings.
    pub headers: Vec<String>,
    /// Cells.
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    title: String,
    heading: String,
    intro: String,
    facts: Vec<Fact>,
    links: Vec<NavLink>,
    table: Option<Table>,
}

fn org_tr<'a>(state: &'a AppState, org: &Organisation) -> Tr<'a> {
    state.catalogue.tr(org.locale, org.time_zone.zone())
}

/// `GET /home`: the one place to go after signing in.
pub async fn home(State(state): State<AppState>, caller: Caller) -> AppResult<Response> {
    let memberships = users::memberships(&state.db, caller.user.id).await?;
    let first = memberships.iter().find_map(|(org, roles)| roles.iter().find_map(|r| role_home(org, r)));
    match (memberships.len(), first) {
        (1, Some(target)) => return Ok(Redirect::to(&target).into_response()),
        (0, _) if caller.user.network_operator => {
            return Ok(Redirect::to("/network").into_response());
        }
        _ => {}
    }
    let tr = state.catalogue.tr(Default::default(), jiff::tz::TimeZone::UTC);
    let links = memberships
        .iter()
        .flat_map(|(org, roles)| {
            let tr = &tr;
            roles.iter().filter_map(move |r| {
                Some(NavLink {
                    href: role_home(org, r)?,
                    label: format!("{} — {}", org.name, tr.t(role_label_id(r))),
                    current: false,
                })
            })
        })
        .collect();
    let shell = Shell::for_caller(&tr, &caller, None, "/home");
    render(&HomePage {
        title: tr.t("choose-title"),
        heading: tr.t("choose-title"),
        intro: tr.t("choose-intro"),
        facts: Vec::new(),
        links,
        table: None,
        shell,
        tr,
    })
}

/// `GET /o/{org}`: the home of the first role held there.
pub async fn org_home(me: OrgCaller<Member>) -> Response {
    match me.roles.iter().find_map(|r| role_home(&me.org, r)) {
        Some(home) => Redirect::to(&home).into_response(),
        None => Redirect::to("/home").into_response(),
    }
}

async fn role_page<R: Requirement>(
    state: &AppState,
    me: &OrgCaller<R>,
    role: Role,
    facts: Vec<Fact>,
    links: Vec<NavLink>,
) -> AppResult<Response> {
    let tr = org_tr(state, &me.org);
    let path = role_home(&me.org, role).unwrap_or_default();
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    let key = match role {
        Role::Coordinator => "home-coordinator",
        Role::Supporter => "home-supporter",
        Role::Leader => "home-leader",
        Role::OrgAdmin | Role::Integration => "home-org-admin",
    };
    render(&HomePage {
        title: tr.t(&format!("{key}-title")),
        heading: tr.t(&format!("{key}-title")),
        intro: tr.t1(&format!("{key}-intro"), "org", me.org.name.clone()),
        facts,
        links,
        table: None,
        shell,
        tr,
    })
}

/// "Mon–Fri, 09:00–17:00", in the organisation's words.
fn working_hours(tr: &Tr<'_>, org: &Organisation) -> String {
    let h = &org.working_hours;
    let day = |d: u8| tr.t(&format!("weekday-{d}"));
    let days = match (h.days.first(), h.days.last()) {
        (Some(first), Some(last))
            if h.days.len() > 1 && usize::from(last.saturating_sub(*first)) + 1 == h.days.len() =>
        {
            format!("{}–{}", day(*first), day(*last))
        }
        _ => h.days.iter().map(|d| day(*d)).collect::<Vec<_>>().join(", "),
    };
    format!("{days}, {}–{}", h.start, h.end)
}

async fn supporters_count(state: &AppState, org: &Organisation) -> AppResult<i64> {
    Ok(users::count_with_role(&state.db, org.id, Role::Supporter).await?)
}

/// `GET /o/{org}/coordinator`
pub async fn coordinator(State(state): State<AppState>, me: OrgCaller<extract::Coordinator>) -> AppResult<Response> {
    let tr = org_tr(&state, &me.org);
    let facts = vec![
        Fact { label: tr.t("fact-supporters"), value: supporters_count(&state, &me.org).await?.to_string() },
        Fact { label: tr.t("fact-people"), value: directory::count(&state.db, me.org.id).await?.to_string() },
        Fact { label: tr.t("fact-working-hours"), value: working_hours(&tr, &me.org) },
        Fact { label: tr.t("fact-today"), value: tr.date(state.now()) },
    ];
    let mut facts = facts;
    let now = state.now();
    let zone = me.org.time_zone.zone();
    let month_start = now
        .to_zoned_datetime(zone.clone())
        .date()
        .first_of_month()
        .to_zoned_datetime(zone)
        .map(|z| z.timestamp())
        .unwrap_or(now);
    let year_ago = now - jiff::SignedDuration::from_hours(24 * 365);
    let g = reachin_store::cases::glance(&state.db, me.org.id, now, month_start, year_ago).await?;
    facts.push(Fact { label: tr.t("fact-overdue"), value: g.overdue.to_string() });
    facts.push(Fact { label: tr.t("fact-referrals-this-month"), value: g.received_since.to_string() });
    let median = g.median_to_first_contact.map(|d| {
        let hours = d.as_secs() / 3600;
        tr.t1("hours", "n", hours)
    });
    facts.push(Fact { label: tr.t("fact-median-first-contact"), value: median.unwrap_or_else(|| "—".to_owned()) });
    for (s, n) in reachin_store::cases::count_by_state(&state.db, me.org.id).await? {
        if s.is_open() {
            facts.push(Fact { label: crate::web::cases::label(&tr, "state", s.code()), value: n.to_string() });
        }
    }
    let links = vec![NavLink {
        href: format!("/o/{}/coordinator/cases", me.org.slug),
        label: tr.t("nav-queue"),
        current: false,
    }];
    role_page(&state, &me, Role::Coordinator, facts, links).await
}

/// `GET /o/{org}/supporter`
/// A supporter's home is their list of cases: phone first, only what outreach needs.
pub async fn supporter(State(state): State<AppState>, me: OrgCaller<extract::Supporter>) -> AppResult<Response> {
    let path = role_home(&me.org, Role::Supporter).unwrap_or_default();
    crate::web::cases::my_cases(&state, &me, &path).await
}

/// `GET /o/{org}/leader`
pub async fn leader(State(state): State<AppState>, me: OrgCaller<extract::Leader>) -> AppResult<Response> {
    let tr = org_tr(&state, &me.org);
    let year = crate::reports::this_year(&me.org, state.now());
    let report = crate::reports::programme(&state, &me.org, year).await?;
    let hidden = || tr.t("report-hidden");
    let facts = vec![
        Fact {
            label: tr.t1("fact-referrals-this-year", "year", year),
            value: report.referrals.map(|n| n.to_string()).unwrap_or_else(hidden),
        },
        Fact {
            label: tr.t("report-within-target"),
            value: report.within_target.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(hidden),
        },
        Fact {
            label: tr.t("fact-suppression-floor"),
            value: crate::surveys::floor(&state, me.org.id).await?.to_string(),
        },
    ];
    let links = vec![
        NavLink { href: format!("/o/{}/reports/programme", me.org.slug), label: tr.t("nav-reports"), current: false },
        NavLink {
            href: format!("/o/{}/reports/surveys", me.org.slug),
            label: tr.t("nav-survey-report"),
            current: false,
        },
        NavLink { href: format!("/o/{}/surveys", me.org.slug), label: tr.t("nav-surveys"), current: false },
    ];
    role_page(&state, &me, Role::Leader, facts, links).await
}

/// `GET /o/{org}/admin`
pub async fn org_admin(State(state): State<AppState>, me: OrgCaller<extract::OrgAdmin>) -> AppResult<Response> {
    let tr = org_tr(&state, &me.org);
    let facts = vec![
        Fact { label: tr.t("fact-people"), value: directory::count(&state.db, me.org.id).await?.to_string() },
        Fact { label: tr.t("fact-time-zone"), value: me.org.time_zone.as_str().to_owned() },
        Fact { label: tr.t("fact-locale"), value: me.org.locale.tag().to_owned() },
    ];
    let settings = reachin_store::privacy::settings(&state.db, me.org.id).await?;
    let mut facts = facts;
    facts.push(Fact {
        label: tr.t("fact-retention"),
        value: tr.t1("retention-days", "days", settings.retention.days()),
    });
    let links = vec![
        NavLink { href: format!("/o/{}/admin/people", me.org.slug), label: tr.t("nav-directory"), current: false },
        NavLink {
            href: format!("/o/{}/admin/privacy", me.org.slug),
            label: tr.t("nav-privacy-settings"),
            current: false,
        },
        NavLink {
            href: format!("/o/{}/admin/break-glass", me.org.slug),
            label: tr.t("nav-break-glass"),
            current: false,
        },
        NavLink { href: format!("/o/{}/privacy", me.org.slug), label: tr.t("nav-privacy"), current: false },
    ];
    role_page(&state, &me, Role::OrgAdmin, facts, links).await
}

/// `GET /network`: the organisations on this installation.
pub async fn network(State(state): State<AppState>, me: NetworkOperator) -> AppResult<Response> {
    let tr = state.catalogue.tr(Default::default(), jiff::tz::TimeZone::UTC);
    let all = orgs::list(&state.db).await?;
    let table = Table {
        caption: tr.t("network-orgs-caption"),
        headers: vec![tr.t("column-name"), tr.t("column-slug"), tr.t("fact-locale"), tr.t("fact-time-zone")],
        rows: all
            .iter()
            .map(|o| {
                vec![o.name.clone(), o.slug.to_string(), o.locale.tag().to_owned(), o.time_zone.as_str().to_owned()]
            })
            .collect(),
    };
    let shell = Shell::for_caller(&tr, &me.caller, None, "/network");
    render(&HomePage {
        title: tr.t("home-network-title"),
        heading: tr.t("home-network-title"),
        intro: tr.t("home-network-intro"),
        facts: vec![Fact { label: tr.t("fact-organisations"), value: all.len().to_string() }],
        links: Vec::new(),
        table: Some(table),
        shell,
        tr,
    })
}
