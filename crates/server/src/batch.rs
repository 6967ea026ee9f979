//! Batch assignment for a safety event that touched many clinicians: every new case of the event
//! gets a supporter in one step, by the domain's exact solver (least total cost within caps and
//! exclusions). The coordinator previews the plan, changes any line, and confirms; each line is
//! then assigned through the same path as a single assignment, so every rule (exclusions, caps in
//! the assignment's transaction, stale versions) holds for it too.

use reachin_domain::batch::{self, PlanCase};
use reachin_domain::case::CaseState;
use reachin_domain::org::Organisation;
use reachin_domain::{CaseId, EventId, PersonId};
use reachin_store::cases::{self, CaseFilter, CaseRecord};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::matching::{CandidateView, Pool, candidate_view, case_inputs, case_key, proposed};
use crate::cases::{Acting, Command};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;

/// The most cases one batch handles (an event touching more is split by the coordinator).
pub const MOST_CASES: u32 = 500;

/// One case of the plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedCase {
    /// The case.
    pub case_id: String,
    /// Its version (sent back on confirm, so a case changed meanwhile is refused).
    pub version: i64,
    /// The colleague's name.
    pub name: String,
    /// The colleague's department.
    pub department: Option<String>,
    /// The supporter the plan proposes (none: nobody eligible had room).
    pub proposed: Option<CandidateView>,
    /// Everyone eligible for this case, in the order they are proposed (to adjust the plan).
    pub eligible: Vec<CandidateView>,
}

/// A batch plan for an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    /// Every new case of the event.
    pub cases: Vec<PlannedCase>,
    /// The plan's total cost (lower is better; the least possible within caps and exclusions).
    pub total_cost: u64,
    /// Cases the plan could not place.
    pub unplaced: usize,
}

/// The event's cases still waiting for a supporter.
async fn waiting(
    state: &AppState,
    org: &Organisation,
    event: EventId,
) -> AppResult<Vec<(CaseRecord, String, Option<String>)>> {
    let filter = CaseFilter { state: Some(CaseState::New), event: Some(event), ..CaseFilter::default() };
    Ok(cases::list(&state.db, org.id, &filter, MOST_CASES)
        .await?
        .into_iter()
        .map(|s| (s.case, s.subject_name.unwrap_or_default(), s.subject_department))
        .collect())
}

/// The plan for an event's waiting cases (not found when the event has none in this organisation).
pub async fn plan(state: &AppState, org: &Organisation, tr: &Tr<'_>, event: EventId) -> AppResult<Plan> {
    let cases = waiting(state, org, event).await?;
    if cases.is_empty() {
        return Err(AppError::NotFound);
    }
    let pool = Pool::load(state, org).await?;
    let mut inputs = Vec::with_capacity(cases.len());
    for (case, _, _) in &cases {
        inputs.push(case_inputs(state, org, case).await?);
    }
    // The domain's exact plan (eligibility, costs, shortlists, min-cost flow with pricing).
    let plan_cases: Vec<PlanCase<'_>> = cases
        .iter()
        .zip(&inputs)
        .map(|((case, _, _), (subject, context))| PlanCase { subject, context, key: case_key(case.id) })
        .collect();
    let (priced, solved) = batch::plan(&pool.prepared, &pool.candidates, &plan_cases);
    let total_cost = batch::total_cost(&solved, &priced.chosen);
    let chosen = priced.chosen;
    // Each case's eligible supporters in proposal order, to adjust the plan.
    let eligible: Vec<_> = cases
        .iter()
        .zip(&inputs)
        .map(|((case, _, _), (subject, context))| proposed(&pool, case, subject, context))
        .collect();
    let mut out = Vec::with_capacity(cases.len());
    for (((case, name, department), list), pick) in cases.into_iter().zip(eligible).zip(&chosen) {
        let person = pick.and_then(|i| pool.candidates.get(i)).map(|c| c.person);
        let views: Vec<CandidateView> = list.iter().map(|s| candidate_view(tr, &pool, s)).collect();
        out.push(PlannedCase {
            case_id: case.id.to_string(),
            version: case.version,
            name,
            department,
            proposed: person.and_then(|p| views.iter().find(|v| v.person_id == p.to_string())).cloned(),
            eligible: views,
        });
    }
    let unplaced = out.iter().filter(|c| c.proposed.is_none()).count();
    Ok(Plan { cases: out, total_cost, unplaced })
}

/// One line of a confirmed plan.
#[derive(Debug, Clone)]
pub struct Line {
    /// The case.
    pub case: CaseId,
    /// The version the coordinator saw.
    pub version: i64,
    /// The supporter chosen.
    pub supporter: PersonId,
}

/// What happened to one line.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineResult {
    /// The case.
    pub case_id: String,
    /// Assigned.
    pub assigned: bool,
    /// Why not, in the reader's words.
    pub problem: Option<String>,
}

/// Assigns every line, each through the single-assignment path (so each is checked against the
/// exclusions, the supporter's cap inside its own transaction, and the version the coordinator
/// saw). A line that fails leaves its case waiting and says why; the others still go through.
/// Every line must name a case of this event.
pub async fn confirm(
    state: &AppState,
    org: &Organisation,
    tr: &Tr<'_>,
    acting: Acting,
    event: EventId,
    lines: &[Line],
) -> AppResult<Vec<LineResult>> {
    // Every line first: a plan naming a case outside the event changes nothing at all.
    for line in lines {
        let case = cases::get(&state.db, org.id, line.case).await?.ok_or(AppError::NotFound)?;
        if case.event_id != Some(event) {
            return Err(AppError::NotFound);
        }
    }
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let done =
            crate::cases::act(state, org, acting, line.case, line.version, Command::Assign(line.supporter)).await;
        out.push(LineResult {
            case_id: line.case.to_string(),
            assigned: done.is_ok(),
            problem: done.err().map(|e| crate::error::message(tr, &e)),
        });
    }
    Ok(out)
}
