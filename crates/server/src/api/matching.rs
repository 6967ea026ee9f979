//! Ranked candidates for a case, with the reasons in plain words, and the supporters left out
//! with theirs (a coordinator can always see why someone is missing).

use axum::Json;
use axum::extract::{Path, State};
use std::collections::{HashMap, HashSet};

use reachin_domain::case::Urgency;
use reachin_domain::matching::{self, CaseContext, Exclusion, Policy, Reason, Subject};
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, PersonId};
use reachin_store::cases::CaseRecord;
use reachin_store::{cases, directory, roster};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::extract::{Coordinator, OrgCaller};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::Problem;
use crate::state::AppState;

/// A supporter proposed for a case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateView {
    /// Their directory id.
    pub person_id: String,
    /// Their name.
    pub name: String,
    /// Lower is better.
    pub cost: u32,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

/// A supporter left out, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExcludedView {
    /// Their directory id.
    pub person_id: String,
    /// Their name.
    pub name: String,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

/// Candidates for a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct Candidates {
    /// Eligible supporters, best first.
    pub ranked: Vec<CandidateView>,
    /// Supporters who may not be proposed.
    pub excluded: Vec<ExcludedView>,
}

/// A reason in the reader's words.
pub fn reason_text(tr: &Tr<'_>, r: &Reason) -> String {
    match r {
        Reason::SameProfession => tr.t("reason-same-profession"),
        Reason::DifferentProfession => tr.t("reason-different-profession"),
        Reason::SameSpecialty => tr.t("reason-same-specialty"),
        Reason::SeniorEnough => tr.t("reason-senior-enough"),
        Reason::Junior => tr.t("reason-junior"),
        Reason::SameSite => tr.t("reason-same-site"),
        Reason::SpeaksLanguage => tr.t("reason-speaks-language"),
        Reason::RequestedGender => tr.t("reason-requested-gender"),
        Reason::NotRequestedGender => tr.t("reason-not-requested-gender"),
        Reason::SameDepartment => tr.t("reason-same-department"),
        Reason::DifferentDepartment => tr.t("reason-different-department"),
        Reason::OpenCases(n) => tr.t1("reason-open-cases", "n", *n),
        Reason::NotRecentlyAssigned => tr.t("reason-not-recently-assigned"),
    }
}

/// An exclusion in the reader's words.
pub fn exclusion_text(tr: &Tr<'_>, e: Exclusion) -> String {
    tr.t(match e {
        Exclusion::IsSubject => "exclusion-is-subject",
        Exclusion::Inactive => "exclusion-inactive",
        Exclusion::Untrained => "exclusion-untrained",
        Exclusion::TrainingLapsed => "exclusion-training-lapsed",
        Exclusion::Away => "exclusion-away",
        Exclusion::AtCap => "exclusion-at-cap",
        Exclusion::InvolvedInEvent => "exclusion-involved",
        Exclusion::ReportingLine => "exclusion-reporting-line",
        Exclusion::DoNotContact => "exclusion-do-not-contact",
        Exclusion::SameDepartment => "exclusion-same-department",
    })
}

/// Ranked candidates for a case, with reasons; and those excluded, with reasons (coordinator).
#[utoipa::path(get, path = "/api/v1/orgs/{org}/cases/{id}/candidates", tag = "cases",
    params(("org" = String, Path, description = "The organisation's slug"), ("id" = String, Path, description = "The case id")),
    responses((status = 200, body = Candidates), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn candidates(
    State(state): State<AppState>,
    me: OrgCaller<Coordinator>,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Json<Candidates>> {
    let id: CaseId = id.parse().map_err(|_| AppError::NotFound)?;
    let case = cases::get(&state.db, me.org.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(for_case(&state, &me.org, &case).await?))
}

/// Why `person` may not be assigned `case` (none: they may), in the reader's words.
pub async fn why_not(
    state: &AppState,
    org: &Organisation,
    case: &CaseRecord,
    person: reachin_domain::PersonId,
) -> AppResult<Option<String>> {
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let all = for_case(state, org, case).await?;
    if all.ranked.iter().any(|c| c.person_id == person.to_string()) {
        return Ok(None);
    }
    let reasons = all
        .excluded
        .into_iter()
        .find(|e| e.person_id == person.to_string())
        .map(|e| e.reasons.join(", "))
        .unwrap_or_else(|| tr.t("case-not-a-supporter"));
    Ok(Some(tr.t1("case-not-eligible", "reasons", reasons)))
}

/// What matching needs about the organisation, read once: its policy, its supporters now, their
/// names, and who is on call. A batch reads it once for all of an event's cases.
#[derive(Debug)]
pub struct Pool {
    /// The organisation's matching policy.
    pub policy: Policy,
    /// Every supporter as matching sees them.
    pub candidates: Vec<matching::Candidate>,
    /// Their names.
    pub names: HashMap<PersonId, String>,
    /// Who is on call now.
    pub on_call: HashSet<PersonId>,
    /// The moment it was read.
    pub now: jiff::Timestamp,
    /// The supporters prepared for ranking (the domain's compact columns).
    pub prepared: matching::Pool,
}

impl Pool {
    /// Reads the pool of `org` now.
    pub async fn load(state: &AppState, org: &Organisation) -> AppResult<Self> {
        let now = state.now();
        let policy = roster::policy(&state.db, org.id).await?;
        let candidates = roster::candidates(&state.db, org.id, now).await?;
        Ok(Self {
            prepared: matching::Pool::new(&policy, &candidates, now),
            policy,
            candidates,
            names: reachin_store::users::supporters(&state.db, org.id).await?.into_iter().collect(),
            on_call: roster::on_call_now(&state.db, org.id, now).await?,
            now,
        })
    }

    fn name(&self, p: PersonId) -> String {
        self.names.get(&p).cloned().unwrap_or_default()
    }
}

/// A case as matching sees it: its subject and its context.
pub async fn case_inputs(state: &AppState, org: &Organisation, case: &CaseRecord) -> AppResult<(Subject, CaseContext)> {
    let subject_id = case.subject_id.ok_or(AppError::NotFound)?;
    let person = directory::by_id(&state.db, org.id, subject_id).await?.ok_or(AppError::NotFound)?;
    let subject = Subject {
        person: person.id,
        profession: person.profession,
        specialty: person.specialty.clone(),
        department: person.department.clone(),
        grade: person.grade,
        site: person.site.clone(),
        manager: person.manager_id,
        language: None,
    };
    let involved = match case.event_id {
        Some(e) => cases::event_subjects(&state.db, org.id, e).await?.into_iter().collect(),
        None => Default::default(),
    };
    Ok((subject, CaseContext { involved, do_not_contact: Default::default(), preferences: case.preferences.clone() }))
}

/// A fixed key per case for the ranking's tie-break.
pub fn case_key(case: CaseId) -> u64 {
    u64::from_le_bytes(case.as_uuid().as_bytes()[8..16].try_into().unwrap_or([0; 8]))
}

/// The eligible supporters for a case, in the order they are proposed: the ranking, with the
/// on-call supporters first when the case is urgent.
pub fn proposed(pool: &Pool, case: &CaseRecord, subject: &Subject, context: &CaseContext) -> Vec<matching::Scored> {
    // The prepared pool ranks (the benchmarked path); the reasons are `score`'s, which gives the
    // same cost (a property test holds the two together).
    let ranked = pool
        .prepared
        .case(subject, context)
        .ranked(case_key(case.id), &mut matching::Scratch::default())
        .into_iter()
        .filter_map(|(i, _)| pool.candidates.get(i))
        .map(|c| matching::score(&pool.policy, subject, context, c, pool.now))
        .collect();
    reachin_domain::roster::propose(ranked, &pool.on_call, case.urgency == Urgency::Urgent)
}

/// A proposal in the reader's words.
pub fn candidate_view(tr: &Tr<'_>, pool: &Pool, s: &matching::Scored) -> CandidateView {
    let mut reasons: Vec<String> = Vec::with_capacity(s.reasons.len() + 1);
    if pool.on_call.contains(&s.person) {
        reasons.push(tr.t("reason-on-call"));
    }
    reasons.extend(s.reasons.iter().map(|r| reason_text(tr, r)));
    CandidateView { person_id: s.person.to_string(), name: pool.name(s.person), cost: s.cost, reasons }
}

/// The candidates for a case (shared by the API and the case page).
pub async fn for_case(state: &AppState, org: &Organisation, case: &CaseRecord) -> AppResult<Candidates> {
    let pool = Pool::load(state, org).await?;
    let (subject, context) = case_inputs(state, org, case).await?;
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let ranked = proposed(&pool, case, &subject, &context).iter().map(|s| candidate_view(&tr, &pool, s)).collect();
    let excluded = pool
        .candidates
        .iter()
        .filter_map(|c| {
            let why = matching::exclusions(&pool.policy, &subject, &context, c, pool.now);
            (!why.is_empty()).then(|| ExcludedView {
                person_id: c.person.to_string(),
                name: pool.name(c.person),
                reasons: why.into_iter().map(|e| exclusion_text(&tr, e)).collect(),
            })
        })
        .collect();
    Ok(Candidates { ranked, excluded })
}
