//! Matching: who should reach in. Hard exclusions first (never proposed, each with its reason so
//! a coordinator can see why someone is missing), then soft preferences as a cost, lower is
//! better, each part explained in plain words. Policies differ between organisations, so the
//! weights and the same-department switch are per organisation.

use std::collections::HashSet;

use jiff::Timestamp;

use crate::directory::{Grade, Profession};
use crate::ids::PersonId;
use crate::intake::{DepartmentPreference, GenderPreference, Preferences};

/// A supporter as matching sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Their directory entry.
    pub person: PersonId,
    /// Profession.
    pub profession: Option<Profession>,
    /// Specialty.
    pub specialty: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Site.
    pub site: Option<String>,
    /// Languages they offer.
    pub languages: Vec<String>,
    /// Gender, if they chose to give it.
    pub gender: Option<GenderPreference>,
    /// Their line manager.
    pub manager: Option<PersonId>,
    /// Active on the roster (not nominated, paused or retired).
    pub active: bool,
    /// Until when their training is valid (none: never trained).
    pub trained_until: Option<Timestamp>,
    /// On leave or holiday now.
    pub away: bool,
    /// Open cases they hold.
    pub open_cases: u32,
    /// The most open cases they may hold.
    pub cap: u32,
    /// When they were last assigned a case.
    pub last_assigned: Option<Timestamp>,
}

/// The person to be reached, as matching sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Their directory entry.
    pub person: PersonId,
    /// Profession.
    pub profession: Option<Profession>,
    /// Specialty.
    pub specialty: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Site.
    pub site: Option<String>,
    /// Their line manager.
    pub manager: Option<PersonId>,
    /// Preferred language, if any.
    pub language: Option<String>,
}

/// An organisation's matching policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Never propose someone from the subject's own department.
    pub exclude_same_department: bool,
    /// The weight of each soft preference (cost added when it is not met).
    pub weights: Weights,
}

/// Costs of unmet preferences; each is added when the preference is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// Different profession.
    pub profession: u32,
    /// Different specialty.
    pub specialty: u32,
    /// Supporter junior to the subject.
    pub grade: u32,
    /// Different site.
    pub site: u32,
    /// The subject's language not offered.
    pub language: u32,
    /// The requested gender not met.
    pub gender: u32,
    /// The requested department preference not met.
    pub department: u32,
    /// Per open case held.
    pub per_open_case: u32,
    /// For having been assigned recently (scaled down over 90 days).
    pub recency: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            exclude_same_department: false,
            weights: Weights {
                profession: 40,
                specialty: 15,
                grade: 20,
                site: 10,
                language: 25,
                gender: 50,
                department: 30,
                per_open_case: 8,
                recency: 12,
            },
        }
    }
}

/// Why someone is never proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exclusion {
    /// The subject themself.
    IsSubject,
    /// Not active on the roster.
    Inactive,
    /// Never trained.
    Untrained,
    /// Training lapsed.
    TrainingLapsed,
    /// On leave or holiday.
    Away,
    /// At their caseload cap.
    AtCap,
    /// Involved in the same event.
    InvolvedInEvent,
    /// In the subject's reporting line (their manager, or managed by them).
    ReportingLine,
    /// The subject asked not to be contacted by them.
    DoNotContact,
    /// Same department, and the policy or the requester says otherwise.
    SameDepartment,
}

/// One part of a candidate's cost, in plain words for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Same profession (doctor to doctor, nurse to nurse).
    SameProfession,
    /// A different profession.
    DifferentProfession,
    /// Same specialty.
    SameSpecialty,
    /// Same or more senior grade.
    SeniorEnough,
    /// Junior to the subject.
    Junior,
    /// Same site (for in-person support).
    SameSite,
    /// Speaks the subject's language.
    SpeaksLanguage,
    /// The requested gender.
    RequestedGender,
    /// Not the requested gender.
    NotRequestedGender,
    /// Same department (as requested).
    SameDepartment,
    /// A different department.
    DifferentDepartment,
    /// This many open cases.
    OpenCases(u32),
    /// Not assigned in the last 90 days (or never).
    NotRecentlyAssigned,
}

/// A candidate with their cost and the reasons for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// Who.
    pub person: PersonId,
    /// Lower is better.
    pub cost: u32,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// What the case tells matching beyond the subject.
#[derive(Debug, Clone, Default)]
pub struct CaseContext {
    /// Everyone involved in the same event.
    pub involved: HashSet<PersonId>,
    /// People the subject asked not to be contacted by.
    pub do_not_contact: HashSet<PersonId>,
    /// The requester's preferences.
    pub preferences: Preferences,
}

fn same(a: &Option<String>, b: &Option<String>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y))
}

/// The reasons a candidate may never be proposed for this subject (empty: eligible).
#[must_use]
pub fn exclusions(
    policy: &Policy,
    subject: &Subject,
    case: &CaseContext,
    c: &Candidate,
    now: Timestamp,
) -> Vec<Exclusion> {
    let mut out = Vec::new();
    if c.person == subject.person {
        out.push(Exclusion::IsSubject);
    }
    if !c.active {
        out.push(Exclusion::Inactive);
    }
    match c.trained_until {
        None => out.push(Exclusion::Untrained),
        Some(t) if t <= now => out.push(Exclusion::TrainingLapsed),
        Some(_) => {}
    }
    if c.away {
        out.push(Exclusion::Away);
    }
    if c.open_cases >= c.cap {
        out.push(Exclusion::AtCap);
    }
    if case.involved.contains(&c.person) {
        out.push(Exclusion::InvolvedInEvent);
    }
    if subject.manager == Some(c.person) || c.manager == Some(subject.person) {
        out.push(Exclusion::ReportingLine);
    }
    if case.do_not_contact.contains(&c.person) {
        out.push(Exclusion::DoNotContact);
    }
    let other_department_wanted =
        policy.exclude_same_department || case.preferences.department == Some(DepartmentPreference::Other);
    if other_department_wanted && same(&subject.department, &c.department) {
        out.push(Exclusion::SameDepartment);
    }
    out
}

/// The cost of an eligible candidate, with its reasons.
#[must_use]
pub fn score(policy: &Policy, subject: &Subject, case: &CaseContext, c: &Candidate, now: Timestamp) -> Scored {
    let w = policy.weights;
    let mut cost = 0u32;
    let mut reasons = Vec::new();
    match (subject.profession, c.profession) {
        (Some(a), Some(b)) if a == b => reasons.push(Reason::SameProfession),
        (Some(_), _) => {
            cost += w.profession;
            reasons.push(Reason::DifferentProfession);
        }
        (None, _) => {}
    }
    if subject.specialty.is_some() {
        if same(&subject.specialty, &c.specialty) {
            reasons.push(Reason::SameSpecialty);
        } else {
            cost += w.specialty;
        }
    }
    if let (Some(s), Some(g)) = (subject.grade, c.grade) {
        if g >= s {
            reasons.push(Reason::SeniorEnough);
        } else {
            cost += w.grade;
            reasons.push(Reason::Junior);
        }
    }
    if subject.site.is_some() {
        if same(&subject.site, &c.site) {
            reasons.push(Reason::SameSite);
        } else {
            cost += w.site;
        }
    }
    if let Some(lang) = &subject.language {
        if c.languages.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            reasons.push(Reason::SpeaksLanguage);
        } else {
            cost += w.language;
        }
    }
    if let Some(g) = case.preferences.supporter_gender {
        if c.gender == Some(g) {
            reasons.push(Reason::RequestedGender);
        } else {
            cost += w.gender;
            reasons.push(Reason::NotRequestedGender);
        }
    }
    let same_department = same(&subject.department, &c.department);
    match case.preferences.department {
        Some(DepartmentPreference::Same) if same_department => reasons.push(Reason::SameDepartment),
        Some(DepartmentPreference::Same) => {
            cost += w.department;
            reasons.push(Reason::DifferentDepartment);
        }
        _ if !same_department && subject.department.is_some() => reasons.push(Reason::DifferentDepartment),
        _ => {}
    }
    cost += w.per_open_case * c.open_cases;
    reasons.push(Reason::OpenCases(c.open_cases));
    // Fairness: a supporter assigned yesterday costs more than one idle for months.
    let days_since = c.last_assigned.map(|t| now.duration_since(t).as_hours() / 24);
    match days_since {
        Some(d) if d < 90 => cost += w.recency * u32::try_from(90 - d.max(0)).unwrap_or(90) / 90,
        _ => reasons.push(Reason::NotRecentlyAssigned),
    }
    Scored { person: c.person, cost, reasons }
}

/// A tie-break that is fixed for a (case, candidate) pair but spreads equal candidates across
/// cases (breaking ties by id would hand the same few supporters every similar case).
#[must_use]
pub fn tie_break(case_key: u64, person: PersonId) -> u64 {
    let mut h = case_key ^ 0x9E37_79B9_7F4A_7C15;
    for b in person.as_uuid().as_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// Eligible candidates, best first, each with reasons.
#[must_use]
pub fn rank(
    policy: &Policy,
    subject: &Subject,
    case: &CaseContext,
    candidates: &[Candidate],
    now: Timestamp,
    case_key: u64,
) -> Vec<Scored> {
    let mut out: Vec<Scored> = candidates
        .iter()
        .filter(|c| exclusions(policy, subject, case, c, now).is_empty())
        .map(|c| score(policy, subject, case, c, now))
        .collect();
    out.sort_by_key(|s| (s.cost, tie_break(case_key, s.person)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    fn supporter(profession: Profession, department: &str) -> Candidate {
        Candidate {
            person: PersonId::generate(),
            profession: Some(profession),
            specialty: None,
            department: Some(department.into()),
            grade: Some(Grade::Senior),
            site: None,
            languages: Vec::new(),
            gender: None,
            manager: None,
            active: true,
            trained_until: Some(now() + jiff::SignedDuration::from_hours(24 * 100)),
            away: false,
            open_cases: 0,
            cap: 3,
            last_assigned: None,
        }
    }

    fn nurse_in_icu() -> Subject {
        Subject {
            person: PersonId::generate(),
            profession: Some(Profession::Nurse),
            specialty: None,
            department: Some("ICU".into()),
            grade: Some(Grade::Practitioner),
            site: None,
            manager: None,
            language: None,
        }
    }

    #[test]
    fn nurse_to_nurse_first_and_the_reasons_say_why() {
        let s = nurse_in_icu();
        let doctor = supporter(Profession::Doctor, "Surgery");
        let nurse = supporter(Profession::Nurse, "Surgery");
        let ranked = rank(&Policy::default(), &s, &CaseContext::default(), &[doctor.clone(), nurse.clone()], now(), 1);
        assert_eq!(ranked[0].person, nurse.person);
        assert!(ranked[0].reasons.contains(&Reason::SameProfession));
        assert!(ranked[1].reasons.contains(&Reason::DifferentProfession));
    }

    #[test]
    fn the_hard_exclusions_each_have_a_reason() {
        let s = Subject { manager: None, ..nurse_in_icu() };
        let mut manager = supporter(Profession::Nurse, "ICU");
        let s = Subject { manager: Some(manager.person), ..s };
        let mut lapsed = supporter(Profession::Nurse, "ICU");
        lapsed.trained_until = Some(now());
        let mut full = supporter(Profession::Nurse, "ICU");
        full.open_cases = 3;
        let mut away = supporter(Profession::Nurse, "ICU");
        away.away = true;
        manager.open_cases = 0;
        let involved = supporter(Profession::Nurse, "ICU");
        let case = CaseContext { involved: [involved.person].into_iter().collect(), ..CaseContext::default() };
        let p = Policy::default();
        assert_eq!(exclusions(&p, &s, &case, &manager, now()), vec![Exclusion::ReportingLine]);
        assert_eq!(exclusions(&p, &s, &case, &lapsed, now()), vec![Exclusion::TrainingLapsed]);
        assert_eq!(exclusions(&p, &s, &case, &full, now()), vec![Exclusion::AtCap]);
        assert_eq!(exclusions(&p, &s, &case, &away, now()), vec![Exclusion::Away]);
        assert_eq!(exclusions(&p, &s, &case, &involved, now()), vec![Exclusion::InvolvedInEvent]);
        let strict = Policy { exclude_same_department: true, ..p };
        assert_eq!(
            exclusions(&strict, &s, &CaseContext::default(), &lapsed, now()),
            vec![Exclusion::TrainingLapsed, Exclusion::SameDepartment]
        );
    }

    proptest! {
        /// Nobody excluded is ever ranked; the ranking is sorted by cost.
        #[test]
        fn no_excluded_candidate_is_ever_proposed(
            flags in proptest::collection::vec((any::<bool>(), any::<bool>(), any::<bool>(), 0u32..5, any::<bool>()), 0..40),
            strict in any::<bool>(),
        ) {
            let s = nurse_in_icu();
            let candidates: Vec<Candidate> = flags
                .iter()
                .map(|(active, away, trained, open, icu)| Candidate {
                    active: *active,
                    away: *away,
                    trained_until: trained.then(|| now() + jiff::SignedDuration::from_hours(24)),
                    open_cases: *open,
                    ..supporter(Profession::Nurse, if *icu { "ICU" } else { "ED" })
                })
                .collect();
            let p = Policy { exclude_same_department: strict, ..Policy::default() };
            let case = CaseContext::default();
            let ranked = rank(&p, &s, &case, &candidates, now(), 7);
            for r in &ranked {
                let c = candidates.iter().find(|c| c.person == r.person).unwrap();
                prop_assert!(exclusions(&p, &s, &case, c, now()).is_empty());
                prop_assert!(c.open_cases < c.cap && c.active && !c.away);
            }
            prop_assert!(ranked.windows(2).all(|w| w[0].cost <= w[1].cost));
            let eligible = candidates.iter().filter(|c| exclusions(&p, &s, &case, c, now()).is_empty()).count();
            prop_assert_eq!(ranked.len(), eligible);
        }
    }
}
