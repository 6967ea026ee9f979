//! Case pages: the coordinator's triage queue, a case page for its coordinator and its supporter,
//! and the supporter's own list. The rules are the domain's: a button shows only when the state
//! machine would allow its action.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use reachin_domain::CaseId;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::case::{self, Action, Actor, CaseState, Channel, OutcomeKind, Source, Urgency};
use reachin_domain::intake::{DEFAULT_CATEGORIES, DepartmentPreference, GenderPreference, Preferences};
use reachin_store::audit::Entry;
use reachin_store::cases::{self as store, CaseFilter, CaseRecord};
use reachin_store::{directory, users};
use serde::Deserialize;

use crate::api::cases::{ActionRequest, QueueQuery, acting, command_from, filter_from};
use crate::auth::extract::{CaseWorker, Coordinator, OrgCaller, Requirement};
use crate::cases::{Acting, act, visible_case};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::HtmlForm;
use crate::web::render;
use crate::web::shell::Shell;

/// The catalogue label of a code: `prefix-code`, underscores as hyphens.
pub fn label(tr: &Tr<'_>, prefix: &str, code: &str) -> String {
    tr.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

fn options(
    tr: &Tr<'_>,
    prefix: &str,
    codes: impl IntoIterator<Item = &'static str>,
    selected: Option<&str>,
) -> Vec<Choice> {
    codes
        .into_iter()
        .map(|c| Choice { value: c.to_owned(), label: label(tr, prefix, c), selected: selected == Some(c) })
        .collect()
}

/// One option of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What it says.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

struct QueueRow {
    href: String,
    person: String,
    category: String,
    state: String,
    urgent: bool,
    urgency: String,
    due: String,
    overdue: bool,
    supporter: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    rows: Vec<QueueRow>,
    states: Vec<Choice>,
    sources: Vec<Choice>,
    urgencies: Vec<Choice>,
    categories: Vec<Choice>,
    batch_url: Option<String>,
}

fn org_tr<'a>(state: &'a AppState, org: &reachin_domain::org::Organisation) -> Tr<'a> {
    state.catalogue.tr(org.locale, org.time_zone.zone())
}

/// `GET /o/{org}/coordinator/cases`: the triage queue.
pub async fn queue(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    let Query(q) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let filter = filter_from(&q)?;
    let list = store::list(&state.db, me.org.id, &filter, 500).await?;
    state.audit_listed(me.org.id, me.caller.user.id, list.iter().map(|s| s.case.id)).await?;
    let tr = org_tr(&state, &me.org);
    let now = state.now();
    let rows = list
        .iter()
        .map(|s| {
            let c = &s.case;
            QueueRow {
                href: format!("/o/{}/cases/{}", me.org.slug, c.id),
                person: s.subject_name.clone().unwrap_or_default(),
                category: label(&tr, "category", &c.category),
                state: label(&tr, "state", c.state.code()),
                urgent: c.urgency == Urgency::Urgent,
                urgency: label(&tr, "urgency", c.urgency.code()),
                due: tr.datetime(c.first_contact_due_at),
                overdue: c.state.is_open() && c.first_contact_at.is_none() && c.first_contact_due_at < now,
                supporter: s.supporter_name.clone().unwrap_or_default(),
            }
        })
        .collect();
    let path = format!("/o/{}/coordinator/cases", me.org.slug);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    render(&QueuePage {
        states: options(&tr, "state", CaseState::ALL.iter().map(|s| s.code()), q_str(&q, "state")),
        sources: options(&tr, "source", Source::ALL.iter().map(|s| s.code()), q_str(&q, "source")),
        urgencies: options(&tr, "urgency", Urgency::ALL.iter().map(|s| s.code()), q_str(&q, "urgency")),
        categories: options(&tr, "category", DEFAULT_CATEGORIES.iter().copied(), q_str(&q, "category")),
        // An event's cases waiting for a supporter can be assigned in one step.
        batch_url: filter
            .event
            .filter(|_| list.iter().any(|s| s.case.state == CaseState::New))
            .map(|e| format!("/o/{}/coordinator/events/{e}/batch", me.org.slug)),
        rows,
        shell,
        tr,
    })
}

fn q_str<'q>(q: &'q QueueQuery, which: &str) -> Option<&'q str> {
    match which {
        "state" => q.state.as_deref(),
        "source" => q.source.as_deref(),
        "urgency" => q.urgency.as_deref(),
        _ => q.category.as_deref(),
    }
}

struct Fact {
    label: String,
    value: String,
}

struct HistoryRow {
    when: String,
    who: String,
    what: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    /// Who has seen this case's identity (coordinators only): when, who, how.
    views: Vec<HistoryRow>,
    /// Break-glass access to this case (coordinators only): who, why, when.
    grants: Vec<HistoryRow>,
    person: String,
    facts: Vec<Fact>,
    context: Option<String>,
    action_url: String,
    version: i64,
    coordinator: bool,
    can_accept: bool,
    can_log: bool,
    can_close: bool,
    can_escalate: bool,
    can_resolve: bool,
    can_assign: bool,
    can_withdraw: bool,
    escalated: bool,
    supporters: Vec<Choice>,
    channels: Vec<Choice>,
    outcomes: Vec<Choice>,
    touching_base: Option<String>,
    mailto: Option<String>,
    history: Vec<HistoryRow>,
    resources: Vec<crate::web::resources::ResourceView>,
    crisis: Vec<crate::web::resources::ResourceView>,
    offered: Vec<(String, bool)>,
    resource_kinds: Vec<Choice>,
    resources_url: String,
    open: bool,
    follow_ups: Vec<(String, String)>,
    event_url: Option<String>,
    batch_url: Option<String>,
    suggestions: Vec<crate::api::matching::CandidateView>,
    holder_open: bool,
    follow_up_url: String,
    suggested_date: String,
}

fn preferences_text(tr: &Tr<'_>, p: &Preferences) -> String {
    let mut out = Vec::new();
    match p.supporter_gender {
        Some(GenderPreference::Woman) => out.push(tr.t("pref-gender-woman")),
        Some(GenderPreference::Man) => out.push(tr.t("pref-gender-man")),
        None => {}
    }
    match p.department {
        Some(DepartmentPreference::Same) => out.push(tr.t("pref-department-same")),
        Some(DepartmentPreference::Other) => out.push(tr.t("pref-department-other")),
        None => {}
    }
    if p.same_profession {
        out.push(tr.t("pref-same-profession"));
    }
    if out.is_empty() { tr.t("pref-none") } else { out.join("; ") }
}

fn allowed(case: &CaseRecord, acting: &Acting, action: &Action) -> bool {
    let actor = acting.actor_for(case, action);
    case.status().is_some_and(|s| case::apply(&s, action, actor).is_ok())
}

/// `GET /o/{org}/cases/{id}`: the case, for its coordinator or its own supporter.
pub async fn page(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let acting = acting(&state, &me).await?;
    let id: CaseId = id.parse().map_err(|_| AppError::NotFound)?;
    let case = visible_case(&state, &me.org, acting, id).await?;
    let tr = org_tr(&state, &me.org);
    let subject = match case.subject_id {
        Some(p) => directory::by_id(&state.db, me.org.id, p).await?,
        None => None,
    };
    state
        .audit(
            Entry::new(AuditAction::CaseViewed).org(me.org.id).by(me.caller.user.id).record(RecordKind::Case, case.id),
        )
        .await?;
    let supporter_name = match case.supporter_id {
        Some(p) => directory::by_id(&state.db, me.org.id, p).await?.map(|p| p.name),
        None => None,
    };
    let mut facts = Vec::new();
    let mut fact = |label: &str, value: String| {
        if !value.is_empty() {
            facts.push(Fact { label: tr.t(label), value });
        }
    };
    if let Some(p) = &subject {
        let contact: Vec<String> =
            [p.phone.clone(), p.email.as_ref().map(ToString::to_string)].into_iter().flatten().collect();
        fact("case-contact", contact.join(" · "));
        fact("case-department", p.department.clone().unwrap_or_default());
    }
    fact("case-category", label(&tr, "category", &case.category));
    fact("case-state", label(&tr, "state", case.state.code()));
    fact("case-urgency", label(&tr, "urgency", case.urgency.code()));
    fact("case-due", tr.datetime(case.first_contact_due_at));
    if let Some(t) = case.accept_due_at.filter(|_| case.state == CaseState::Assigned) {
        fact("case-accept-due", tr.datetime(t));
    }
    fact("case-supporter", supporter_name.unwrap_or_else(|| tr.t("case-no-supporter")));
    fact("case-preferences", preferences_text(&tr, &case.preferences));
    if let Some(d) = &case.event_date {
        fact("case-event-date", d.clone());
    }
    // Supporters see what outreach needs; how the case came in is the coordinator's business.
    let coordinator = acting.actor == Actor::Coordinator;
    if coordinator {
        fact("case-source", label(&tr, "source", case.source.code()));
        fact("case-received", tr.datetime(case.received_at));
    } else if case.source == Source::SelfReferral {
        // A supporter learns who referred someone only when they asked for themself.
        fact("case-source", label(&tr, "source", case.source.code()));
    }
    if let Some(t) = case.first_contact_at {
        fact("case-first-contact", tr.datetime(t));
    }
    if let Some(o) = case.outcome {
        fact("case-outcome", label(&tr, "outcome", o.code()));
    }
    // Only eligible supporters are offered, in the order they are proposed (on call first for an
    // urgent case); whoever is left out is listed by the candidates API with the reason.
    let candidates = if coordinator && case.state.is_open() {
        crate::api::matching::for_case(&state, &me.org, &case).await?.ranked
    } else {
        Vec::new()
    };
    let supporters = candidates
        .iter()
        .filter(|c| Some(c.person_id.as_str()) != case.supporter_id.map(|p| p.to_string()).as_deref())
        .map(|c| Choice { value: c.person_id.clone(), label: c.name.clone(), selected: false })
        .collect::<Vec<_>>();
    let can_assign = coordinator
        && !supporters.is_empty()
        && supporters
            .first()
            .and_then(|c| c.value.parse().ok())
            .is_some_and(|p| allowed(&case, &acting, &Action::Assign(p)));
    let history = store::history(&state.db, me.org.id, case.id)
        .await?
        .into_iter()
        .map(|t| HistoryRow {
            when: tr.datetime(t.at),
            who: label(&tr, "history-by", &t.actor_kind),
            what: label(&tr, "action", &t.action),
        })
        .collect();
    let person_name = subject.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let holder =
        matches!(acting.actor_for(&case, &Action::LogContact), Actor::Supporter(p) if case.supporter_id == Some(p));
    let touching_base = (holder && case.state.is_open()).then(|| {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("name", person_name.split(' ').next().unwrap_or_default().to_owned());
        args.set("org", me.org.name.clone());
        tr.args("case-touching-base-text", &args)
    });
    let mailto = match (&touching_base, subject.as_ref().and_then(|p| p.email.as_ref())) {
        (Some(text), Some(email)) => Some(format!(
            "mailto:{email}?body={}",
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>().replace('+', "%20")
        )),
        _ => None,
    };
    let path = format!("/o/{}/cases/{}", me.org.slug, case.id);
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), &path);
    let resources: Vec<_> = reachin_store::resources::list(&state.db, me.org.id)
        .await?
        .iter()
        .map(|r| crate::web::resources::ResourceView::new(&tr, r))
        .collect();
    let crisis = resources.iter().filter(|r| r.crisis).cloned().collect();
    let offered = reachin_store::resources::offered(&state.db, me.org.id, case.id)
        .await?
        .into_iter()
        .map(|(k, accepted)| (label(&tr, "resource", k.code()), accepted))
        .collect();
    let resource_kinds =
        options(&tr, "resource", reachin_domain::case::ResourceKind::ALL.iter().map(|k| k.code()), None);
    // The best few candidates, with reasons, one click from assignment.
    let suggestions = if can_assign {
        let mut c = candidates;
        c.retain(|s| Some(s.person_id.as_str()) != case.supporter_id.map(|p| p.to_string()).as_deref());
        c.truncate(5);
        c
    } else {
        Vec::new()
    };
    let (views, grants) = if coordinator {
        let unknown = tr.t("case-viewer-removed");
        let views = reachin_store::audit::case_views(&state.db, me.org.id, case.id, 50)
            .await?
            .into_iter()
            .map(|v| HistoryRow {
                when: tr.datetime(v.at),
                who: v.who.unwrap_or_else(|| unknown.clone()),
                what: label(&tr, "audit", v.action.code()),
            })
            .collect();
        let grants = reachin_store::privacy::break_glass_of(&state.db, me.org.id, case.id)
            .await?
            .into_iter()
            .map(|(who, why, at, _)| HistoryRow { when: tr.datetime(at), who, what: why })
            .collect();
        (views, grants)
    } else {
        (Vec::new(), Vec::new())
    };
    render(&CasePage {
        views,
        grants,
        suggestions,
        resources,
        crisis,
        offered,
        resource_kinds,
        follow_ups: reachin_store::follow_ups::list(&state.db, me.org.id, case.id)
            .await?
            .into_iter()
            .map(|f| (tr.datetime(f.due_at), format!("{path}/follow-ups/{}/calendar.ics", f.id)))
            .collect(),
        follow_up_url: format!("{path}/follow-ups"),
        // About two weeks after first contact (product default), or from today.
        suggested_date: (case.first_contact_at.unwrap_or(state.now())
            + jiff::SignedDuration::from_hours(24 * reachin_domain::calendar::Targets::default().follow_up_days))
        .to_zoned_datetime(me.org.time_zone.zone())
        .date()
        .to_string(),
        resources_url: format!("{path}/resources"),
        event_url: case
            .event_id
            .filter(|_| coordinator)
            .map(|e| format!("/o/{}/coordinator/cases?event={e}", me.org.slug)),
        batch_url: case
            .event_id
            .filter(|_| coordinator && case.state == CaseState::New)
            .map(|e| format!("/o/{}/coordinator/events/{e}/batch", me.org.slug)),
        open: case.state.is_open(),
        holder_open: holder && case.state.is_open(),
        person: person_name,
        facts,
        context: case.intake_context.clone(),
        action_url: format!("{path}/actions"),
        version: case.version,
        coordinator,
        can_accept: allowed(&case, &acting, &Action::Accept),
        can_log: allowed(&case, &acting, &Action::LogContact),
        can_close: allowed(&case, &acting, &Action::Close(OutcomeKind::SelfResolved)),
        can_escalate: allowed(&case, &acting, &Action::Escalate),
        can_resolve: allowed(&case, &acting, &Action::ResolveEscalation),
        can_assign,
        can_withdraw: allowed(&case, &acting, &Action::Withdraw),
        escalated: case.state == CaseState::Escalated,
        supporters,
        channels: options(&tr, "channel", Channel::ALL.iter().map(|c| c.code()), Some("phone")),
        outcomes: options(&tr, "outcome", OutcomeKind::ALL.iter().map(|o| o.code()), None),
        touching_base,
        mailto,
        history,
        shell,
        tr,
    })
}

/// The fields of the action forms on the case page.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    action: String,
    version: i64,
    supporter_id: Option<String>,
    channel: Option<String>,
    reached: Option<String>,
    outcome: Option<String>,
    interactions: Option<String>,
    /// When the attempt was made, local time (`YYYY-MM-DDTHH:MM`), if not just now.
    at: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

/// `POST /o/{org}/cases/{id}/actions`: one of the case page's forms.
pub async fn action(
    State(state): State<AppState>,
    me: OrgCaller<CaseWorker>,
    Path((_, id)): Path<(String, String)>,
    HtmlForm(form): HtmlForm<ActionForm>,
) -> AppResult<Response> {
    let acting: Acting = acting(&state, &me).await?;
    let case_id: CaseId = id.parse().map_err(|_| AppError::NotFound)?;
    visible_case(&state, &me.org, acting, case_id).await?;
    let interactions = match non_empty(form.interactions) {
        None => None,
        Some(n) => Some(
            n.trim()
                .parse::<i64>()
                .map_err(|_| AppError::Invalid(crate::error::Detail::Message("case-interactions".into())))?,
        ),
    };
    let at = match non_empty(form.at) {
        None => None,
        Some(local) => {
            let bad = || AppError::Invalid(crate::error::Detail::Message("case-bad-contact-time".into()));
            let dt: jiff::civil::DateTime = local.trim().parse().map_err(|_| bad())?;
            Some(dt.to_zoned_datetime(me.org.time_zone.zone()).map_err(|_| bad())?.timestamp().to_string())
        }
    };
    let request = ActionRequest {
        at,
        action: form.action,
        version: form.version,
        supporter_id: non_empty(form.supporter_id),
        channel: non_empty(form.channel),
        reached: Some(form.reached.is_some()),
        outcome: non_empty(form.outcome),
        interactions,
    };
    let command = command_from(&request)?;
    let after = act(&state, &me.org, acting, case_id, request.version, command).await?;
    // A supporter who declined no longer holds the case: back to their list.
    let target = if after.supporter_id.is_none() && acting.actor != Actor::Coordinator {
        format!("/o/{}/supporter", me.org.slug)
    } else {
        format!("/o/{}/cases/{}", me.org.slug, case_id)
    };
    Ok(Redirect::to(&target).into_response())
}

struct MyCase {
    href: String,
    person: String,
    category: String,
    state: String,
    due: String,
    overdue: bool,
    urgent: bool,
}

#[derive(Template)]
#[template(path = "my_cases.html")]
struct MyCasesPage<'a> {
    tr: Tr<'a>,
    shell: Shell,
    cases: Vec<MyCase>,
}

/// The supporter's home: their open cases, soonest due first.
pub async fn my_cases<R: Requirement>(state: &AppState, me: &OrgCaller<R>, path: &str) -> AppResult<Response> {
    let tr = org_tr(state, &me.org);
    let person = users::person_in(&state.db, me.org.id, me.caller.user.id).await?.ok_or(AppError::Forbidden)?;
    let filter = CaseFilter { open_only: true, supporter: Some(person), ..CaseFilter::default() };
    let now = state.now();
    let list = store::list(&state.db, me.org.id, &filter, 200).await?;
    state.audit_listed(me.org.id, me.caller.user.id, list.iter().map(|s| s.case.id)).await?;
    let cases = list
        .iter()
        .map(|s| MyCase {
            href: format!("/o/{}/cases/{}", me.org.slug, s.case.id),
            person: s.subject_name.clone().unwrap_or_default(),
            category: label(&tr, "category", &s.case.category),
            state: label(&tr, "state", s.case.state.code()),
            due: tr.t1("due-by", "when", tr.datetime(s.case.first_contact_due_at)),
            overdue: s.case.first_contact_at.is_none() && s.case.first_contact_due_at < now,
            urgent: s.case.urgency == Urgency::Urgent,
        })
        .collect();
    let shell = Shell::for_caller(&tr, &me.caller, Some((&me.org, me.roles)), path);
    render(&MyCasesPage { tr, shell, cases })
}
