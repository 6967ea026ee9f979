//! Ranked candidates for a case, with the reasons in plain words, and the supporters left out
//! with theirs (a coordinator can always see why someone is missing).

use axum::Json;
use axum::extract::{Path, State};
use reachin_domain::CaseId;
use reachin_domain::matching::{self, CaseContext, Exclusion, Policy, Reason, Subject};
use reachin_domain::org::Organisation;
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
#[derive(Debug, Serialize, ToSchema)]
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

/// The candidates for a case (shared by the API and the case page).
pub async fn for_case(state: &AppState, org: &Organisation, case: &CaseRecord) -> AppResult<Candidates> {
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
    let context = CaseContext { involved, do_not_contact: Default::default(), preferences: case.preferences.clone() };
    let now = state.now();
    let pool = roster::candidates(&state.db, org.id, now).await?;
    let policy = Policy::default();
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let mut names = std::collections::HashMap::new();
    for c in &pool {
        if let Some(p) = directory::by_id(&state.db, org.id, c.person).await? {
            names.insert(c.person, p.name);
        }
    }
    let name = |p| names.get(&p).cloned().unwrap_or_default();
    let case_key = u64::from_le_bytes(case.id.as_uuid().as_bytes()[8..16].try_into().unwrap_or([0; 8]));
    let ranked = matching::rank(&policy, &subject, &context, &pool, now, case_key)
        .into_iter()
        .map(|s| CandidateView {
            person_id: s.person.to_string(),
            name: name(s.person),
            cost: s.cost,
            reasons: s.reasons.iter().map(|r| reason_text(&tr, r)).collect(),
        })
        .collect();
    let excluded = pool
        .iter()
        .filter_map(|c| {
            let why = matching::exclusions(&policy, &subject, &context, c, now);
            (!why.is_empty()).then(|| ExcludedView {
                person_id: c.person.to_string(),
                name: name(c.person),
                reasons: why.into_iter().map(|e| exclusion_text(&tr, e)).collect(),
            })
        })
        .collect();
    Ok(Candidates { ranked, excluded })
}
