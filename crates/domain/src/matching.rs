//! Matching: who should reach in. Hard exclusions first (never proposed, each with its reason so
//! a coordinator can see why someone is missing), then soft preferences as a cost, lower is
//! better, each part explained in plain words. Policies differ between organisations, so the
//! weights and the same-department switch are per organisation.

use std::collections::HashSet;
use std::ops::ControlFlow;

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

/// Costs of unmet preferences; each is added when the preference is not met. Stored by name; a
/// weight missing from what was stored takes its default, so adding one keeps old rows readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
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

impl Weights {
    /// Every weight, in declaration order (for checks that apply to them all).
    #[must_use]
    pub fn each(&self) -> [u32; 9] {
        [
            self.profession,
            self.specialty,
            self.grade,
            self.site,
            self.language,
            self.gender,
            self.department,
            self.per_open_case,
            self.recency,
        ]
    }
}

impl Default for Weights {
    fn default() -> Self {
        Policy::default().weights
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// Who.
    pub person: PersonId,
    /// Lower is better.
    pub cost: u32,
    /// Why.
    pub reasons: Reasons,
}

/// The reasons for one candidate's cost, in the order the preferences are weighed. Read it as a
/// list (`reasons.iter()`, `reasons.contains(…)`, `reasons.to_vec()`). It is packed into sixteen
/// bytes rather than held in a `Vec`: ranking builds one for every eligible supporter, and an
/// allocation each was most of the time a ranking of 100k supporters took.
#[derive(Clone, Copy)]
pub struct Reasons {
    /// Four bits per reason (its place in [`Reasons::KINDS`]), in order; the count in the top
    /// four bits.
    codes: u64,
    /// The one reason that carries a number, kept whole so that it can be lent out.
    open_cases: Reason,
}

impl Reasons {
    /// Every kind of reason, in the order of their codes (`OpenCases` stands for any count).
    const KINDS: [Reason; 13] = [
        Reason::SameProfession,
        Reason::DifferentProfession,
        Reason::SameSpecialty,
        Reason::SeniorEnough,
        Reason::Junior,
        Reason::SameSite,
        Reason::SpeaksLanguage,
        Reason::RequestedGender,
        Reason::NotRequestedGender,
        Reason::SameDepartment,
        Reason::DifferentDepartment,
        Reason::OpenCases(0),
        Reason::NotRecentlyAssigned,
    ];

    /// No reasons.
    #[must_use]
    pub const fn new() -> Self {
        Self { codes: 0, open_cases: Reason::OpenCases(0) }
    }

    /// Adds a reason at the end. There is room for fifteen (one candidate has at most nine, one
    /// per preference); any beyond are dropped.
    pub fn push(&mut self, r: Reason) {
        let code: u64 = match r {
            Reason::SameProfession => 0,
            Reason::DifferentProfession => 1,
            Reason::SameSpecialty => 2,
            Reason::SeniorEnough => 3,
            Reason::Junior => 4,
            Reason::SameSite => 5,
            Reason::SpeaksLanguage => 6,
            Reason::RequestedGender => 7,
            Reason::NotRequestedGender => 8,
            Reason::SameDepartment => 9,
            Reason::DifferentDepartment => 10,
            Reason::OpenCases(_) => {
                self.open_cases = r;
                11
            }
            Reason::NotRecentlyAssigned => 12,
        };
        let len = self.len();
        if len < 15 {
            self.codes = (self.codes & !(0xF << 60)) | (code << (4 * len)) | ((len as u64 + 1) << 60);
        }
    }

    /// How many reasons.
    #[must_use]
    pub fn len(&self) -> usize {
        (self.codes >> 60) as usize
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The reasons in order.
    #[must_use]
    pub fn iter(&self) -> ReasonsIter<'_> {
        ReasonsIter { reasons: self, next: 0 }
    }

    /// Whether `r` is among them.
    #[must_use]
    pub fn contains(&self, r: &Reason) -> bool {
        self.iter().any(|x| x == r)
    }

    /// The reasons as a list.
    #[must_use]
    pub fn to_vec(&self) -> Vec<Reason> {
        self.iter().copied().collect()
    }

    fn get(&self, i: usize) -> Option<&Reason> {
        if i >= self.len() {
            return None;
        }
        match Self::KINDS.get(((self.codes >> (4 * i)) & 0xF) as usize)? {
            Reason::OpenCases(_) => Some(&self.open_cases),
            kind => Some(kind),
        }
    }
}

impl Default for Reasons {
    fn default() -> Self {
        Self::new()
    }
}

/// The reasons of one candidate, in order.
#[derive(Debug, Clone)]
pub struct ReasonsIter<'a> {
    reasons: &'a Reasons,
    next: usize,
}

impl<'a> Iterator for ReasonsIter<'a> {
    type Item = &'a Reason;

    fn next(&mut self) -> Option<&'a Reason> {
        let r = self.reasons.get(self.next)?;
        self.next += 1;
        Some(r)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.reasons.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for ReasonsIter<'_> {}

impl<'a> IntoIterator for &'a Reasons {
    type Item = &'a Reason;
    type IntoIter = ReasonsIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<Reason> for Reasons {
    fn from_iter<I: IntoIterator<Item = Reason>>(iter: I) -> Self {
        let mut out = Self::new();
        for r in iter {
            out.push(r);
        }
        out
    }
}

impl PartialEq for Reasons {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Reasons {}

impl std::fmt::Debug for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Reasons> for Vec<Reason> {
    fn from(r: Reasons) -> Self {
        r.to_vec()
    }
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
    // Lengths first (they sit beside the pointer, so most mismatches never read the text), then
    // exact bytes (whole words at a time, the common case when equal), then byte by byte.
    matches!((a, b), (Some(x), Some(y)) if x.len() == y.len() && (x == y || x.eq_ignore_ascii_case(y)))
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
    let _ = each_exclusion(policy, subject, case, c, now, Listed::ANYONE, |e| {
        out.push(e);
        ControlFlow::Continue(())
    });
    out
}

/// Whether a candidate may be proposed (the same rules as [`exclusions`], without building the
/// list: ranking asks this of every supporter).
#[must_use]
pub fn eligible(policy: &Policy, subject: &Subject, case: &CaseContext, c: &Candidate, now: Timestamp) -> bool {
    each_exclusion(policy, subject, case, c, now, Listed::ANYONE, |_| ControlFlow::Break(())).is_continue()
}

/// A quick test that a person is certainly on neither of the case's lists (involved in the
/// event, do not contact), so that ranking need not hash every supporter's id into two sets: one
/// bit per person, taken from the id's last byte (random in a UUIDv7).
#[derive(Debug, Clone, Copy)]
struct Listed(u64);

impl Listed {
    /// No filter: everyone may be listed.
    const ANYONE: Listed = Listed(u64::MAX);

    fn bit(p: &PersonId) -> u64 {
        let last = p.as_uuid().as_bytes()[15];
        1 << (last & 63)
    }

    fn of(case: &CaseContext) -> Self {
        Self(case.involved.iter().chain(&case.do_not_contact).fold(0, |bits, p| bits | Self::bit(p)))
    }

    fn maybe(self, p: &PersonId) -> bool {
        self.0 & Self::bit(p) != 0
    }
}

/// The exclusion rules, once: each reason that applies goes to `out`, in a fixed order, until
/// `out` says to stop (eligibility stops at the first). The cheap checks on the candidate's own
/// fields come first.
fn each_exclusion(
    policy: &Policy,
    subject: &Subject,
    case: &CaseContext,
    c: &Candidate,
    now: Timestamp,
    listed: Listed,
    mut out: impl FnMut(Exclusion) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if c.person == subject.person {
        out(Exclusion::IsSubject)?;
    }
    own_exclusions(c, now, &mut out)?;
    let maybe_listed = listed.maybe(&c.person);
    if maybe_listed && case.involved.contains(&c.person) {
        out(Exclusion::InvolvedInEvent)?;
    }
    if subject.manager == Some(c.person) || c.manager == Some(subject.person) {
        out(Exclusion::ReportingLine)?;
    }
    if maybe_listed && case.do_not_contact.contains(&c.person) {
        out(Exclusion::DoNotContact)?;
    }
    let other_department_wanted =
        policy.exclude_same_department || case.preferences.department == Some(DepartmentPreference::Other);
    if other_department_wanted && same(&subject.department, &c.department) {
        out(Exclusion::SameDepartment)?;
    }
    ControlFlow::Continue(())
}

/// The exclusions that depend on the candidate alone (and the time), not on the case.
fn own_exclusions(
    c: &Candidate,
    now: Timestamp,
    out: &mut impl FnMut(Exclusion) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if !c.active {
        out(Exclusion::Inactive)?;
    }
    match c.trained_until {
        None => out(Exclusion::Untrained)?,
        Some(t) if t <= now => out(Exclusion::TrainingLapsed)?,
        Some(_) => {}
    }
    if c.away {
        out(Exclusion::Away)?;
    }
    if c.open_cases >= c.cap {
        out(Exclusion::AtCap)?;
    }
    ControlFlow::Continue(())
}

/// The cost of an eligible candidate, with its reasons.
#[must_use]
pub fn score(policy: &Policy, subject: &Subject, case: &CaseContext, c: &Candidate, now: Timestamp) -> Scored {
    let mut reasons = Reasons::new();
    let cost = cost_with(policy, subject, case, c, now, |r| reasons.push(r));
    Scored { person: c.person, cost, reasons }
}

/// The cost of an eligible candidate alone (what [`score`] gives, without the reasons).
#[must_use]
pub fn cost(policy: &Policy, subject: &Subject, case: &CaseContext, c: &Candidate, now: Timestamp) -> u32 {
    cost_with(policy, subject, case, c, now, |_| {})
}

/// The soft preferences, once: the cost, with each reason handed to `reason` as it is found.
fn cost_with(
    policy: &Policy,
    subject: &Subject,
    case: &CaseContext,
    c: &Candidate,
    now: Timestamp,
    mut reason: impl FnMut(Reason),
) -> u32 {
    let w = policy.weights;
    let mut cost = 0u32;
    match (subject.profession, c.profession) {
        (Some(a), Some(b)) if a == b => reason(Reason::SameProfession),
        (Some(_), _) => {
            cost += w.profession;
            reason(Reason::DifferentProfession);
        }
        (None, _) => {}
    }
    if subject.specialty.is_some() {
        if same(&subject.specialty, &c.specialty) {
            reason(Reason::SameSpecialty);
        } else {
            cost += w.specialty;
        }
    }
    if let (Some(s), Some(g)) = (subject.grade, c.grade) {
        if g >= s {
            reason(Reason::SeniorEnough);
        } else {
            cost += w.grade;
            reason(Reason::Junior);
        }
    }
    if subject.site.is_some() {
        if same(&subject.site, &c.site) {
            reason(Reason::SameSite);
        } else {
            cost += w.site;
        }
    }
    if let Some(lang) = &subject.language {
        if c.languages.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            reason(Reason::SpeaksLanguage);
        } else {
            cost += w.language;
        }
    }
    if let Some(g) = case.preferences.supporter_gender {
        if c.gender == Some(g) {
            reason(Reason::RequestedGender);
        } else {
            cost += w.gender;
            reason(Reason::NotRequestedGender);
        }
    }
    let same_department = same(&subject.department, &c.department);
    match case.preferences.department {
        Some(DepartmentPreference::Same) if same_department => reason(Reason::SameDepartment),
        Some(DepartmentPreference::Same) => {
            cost += w.department;
            reason(Reason::DifferentDepartment);
        }
        _ if !same_department && subject.department.is_some() => reason(Reason::DifferentDepartment),
        _ => {}
    }
    cost += w.per_open_case * c.open_cases;
    reason(Reason::OpenCases(c.open_cases));
    match recency_cost(&w, c, now) {
        Some(r) => cost += r,
        None => reason(Reason::NotRecentlyAssigned),
    }
    cost
}

/// Fairness: a supporter assigned yesterday costs more than one idle for months (none: not
/// assigned in the last 90 days).
fn recency_cost(w: &Weights, c: &Candidate, now: Timestamp) -> Option<u32> {
    let days_since = c.last_assigned.map(|t| now.duration_since(t).as_hours() / 24);
    match days_since {
        Some(d) if d < 90 => Some(w.recency * u32::try_from(90 - d.max(0)).unwrap_or(90) / 90),
        _ => None,
    }
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
    // Every step below walks memory in order: at 100k supporters the candidates do not fit in
    // the cache, and jumping about (sorting the scored values, or gathering them after sorting
    // keys) cost more than the rules themselves. First one pass over the candidates, touching
    // each one's fields and strings once and keeping what the output needs in a small record.
    let listed = Listed::of(case);
    let mut found: Vec<Found> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let stop_at_first = |_| ControlFlow::Break(());
        if each_exclusion(policy, subject, case, c, now, listed, stop_at_first).is_continue() {
            let mut reasons = Reasons::new();
            let cost = cost_with(policy, subject, case, c, now, |r| reasons.push(r));
            let at = u32::try_from(found.len()).unwrap_or(u32::MAX);
            found.push(Found { cost, at, hash: 0, person: c.person, reasons });
        }
    }
    // The tie-break hashes in a loop of their own: each is a chain of dependent multiplications,
    // and a short loop lets the processor run several chains at once.
    for f in &mut found {
        f.hash = tie_break(case_key, f.person);
    }
    sort_found(&mut found);
    // Same size and alignment or smaller: the output reuses the records' memory.
    found.into_iter().map(|f| Scored { person: f.person, cost: f.cost, reasons: f.reasons }).collect()
}

/// An eligible candidate while ranking sorts.
#[derive(Debug, Clone, Copy)]
struct Found {
    cost: u32,
    /// Position in the candidates' order: equal cost and hash keep it, as the stable sort did.
    at: u32,
    hash: u64,
    person: PersonId,
    reasons: Reasons,
}

/// Sorts by (cost, tie-break hash, position), in place. Costs take few distinct values, so
/// when their range is small the records are first moved into runs of equal cost (one counting
/// pass, then swaps into each run's slots), and each run, small enough to stay in cache, is
/// sorted by hash. No second copy of the records: at 100k supporters, fresh memory (and the
/// page faults that come with it) cost as much as the sorting.
fn sort_found(found: &mut [Found]) {
    let key = |f: &Found| (f.cost, f.hash, f.at);
    let (Some(lo), Some(hi)) = (found.iter().map(|f| f.cost).min(), found.iter().map(|f| f.cost).max()) else {
        return;
    };
    let span = (hi - lo) as usize + 1;
    if span > 4096 || span > found.len() {
        found.sort_unstable_by_key(key);
        return;
    }
    let bucket = |f: &Found| (f.cost - lo) as usize;
    let mut starts = vec![0usize; span + 1];
    for f in found.iter() {
        starts[bucket(f) + 1] += 1;
    }
    for i in 1..=span {
        starts[i] += starts[i - 1];
    }
    // American flag sort: fill each run's slots by swapping in the record that belongs there.
    let mut next = starts.clone();
    for b in 0..span {
        while next[b] < starts[b + 1] {
            let d = bucket(&found[next[b]]);
            if d == b {
                next[b] += 1;
            } else {
                found.swap(next[b], next[d]);
                next[d] += 1;
            }
        }
    }
    // Each run by (hash, position): sort small keys, then move the records once.
    let mut keys: Vec<(u64, u32, u32)> = Vec::new();
    let mut moved: Vec<Found> = Vec::new();
    for run in starts.windows(2) {
        let Some(run) = found.get_mut(run[0]..run[1]) else { continue };
        keys.clear();
        keys.extend(run.iter().zip(0u32..).map(|(f, i)| (f.hash, f.at, i)));
        keys.sort_unstable();
        moved.clear();
        moved.extend(keys.iter().filter_map(|k| run.get(k.2 as usize)));
        for (slot, f) in run.iter_mut().zip(&moved) {
            *slot = *f;
        }
    }
}

/// Supporters prepared for scoring many cases (batch assignment): the same rules as
/// [`eligible`] and [`cost`], on compact columns (strings replaced by numbers, what does not
/// depend on the case worked out once), so that scoring a case against every supporter is a
/// tight loop the compiler can vectorise rather than a walk through strings. A property test
/// holds it to [`exclusions`] and [`score`].
#[derive(Debug, Clone)]
pub struct Pool {
    policy: Policy,
    /// Per supporter, in the candidates' order: free (active, trained, not away, below their
    /// cap) in bit 0, profession in bits 1–4, grade in bits 5–8, gender in bits 9–10.
    traits: Vec<u32>,
    department: Vec<u32>,
    specialty: Vec<u32>,
    site: Vec<u32>,
    /// The first 32 languages, one bit each.
    languages: Vec<u32>,
    /// Open cases and recency: the cost that does not depend on the case.
    base: Vec<u32>,
    /// A number per person for the tie-break among equal costs (see [`PoolCase::cheapest`]).
    person_key: Vec<u64>,
    /// Whether every cost fits below `u32::MAX` (then that value can mark the excluded in a
    /// `u32` column, which halves the memory a case's scoring walks).
    narrow: bool,
    /// Everyone's index by person, sorted (for the case's lists, the subject and their manager).
    by_person: Vec<(PersonId, u32)>,
    /// Supporters' indexes by their manager, sorted (the subject's reports).
    by_manager: Vec<(PersonId, u32)>,
    /// Words (departments, sites, specialties) by their lower-case form, numbered from 1.
    words: std::collections::HashMap<String, u32>,
    /// Languages by their lower-case form, numbered from 0.
    language_numbers: std::collections::HashMap<String, u32>,
    /// Each supporter's languages numbered 32 and up (rare).
    more_languages: Vec<(u32, u32)>,
}

/// A word no supporter has: it never matches.
const UNKNOWN: u32 = u32::MAX;

fn gender_code(g: Option<GenderPreference>) -> u32 {
    match g {
        None => 0,
        Some(GenderPreference::Woman) => 1,
        Some(GenderPreference::Man) => 2,
    }
}

/// Bits of [`Pool::traits`].
const FREE: u32 = 1;
const PROFESSION_SHIFT: u32 = 1;
const GRADE_SHIFT: u32 = 5;
const GENDER_SHIFT: u32 = 9;
const NIBBLE: u32 = 0xF;

impl Pool {
    /// Prepares `candidates` (in this order: indexes below are positions in it) under `policy`.
    #[must_use]
    pub fn new(policy: &Policy, candidates: &[Candidate], now: Timestamp) -> Self {
        let mut words = std::collections::HashMap::new();
        let mut language_numbers: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut word = |w: &Option<String>| -> u32 {
            let Some(w) = w else { return 0 };
            let next = u32::try_from(words.len() + 1).unwrap_or(UNKNOWN);
            *words.entry(w.to_ascii_lowercase()).or_insert(next)
        };
        let n = candidates.len();
        let mut pool = Self {
            policy: *policy,
            traits: Vec::with_capacity(n),
            department: Vec::with_capacity(n),
            specialty: Vec::with_capacity(n),
            site: Vec::with_capacity(n),
            languages: Vec::with_capacity(n),
            base: Vec::with_capacity(n),
            person_key: Vec::with_capacity(n),
            narrow: false,
            by_person: Vec::with_capacity(n),
            by_manager: Vec::new(),
            words: std::collections::HashMap::new(),
            language_numbers: std::collections::HashMap::new(),
            more_languages: Vec::new(),
        };
        let w = policy.weights;
        for (i, c) in candidates.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let mut bits = 0u32;
            for l in &c.languages {
                let next = u32::try_from(language_numbers.len()).unwrap_or(UNKNOWN);
                let number = *language_numbers.entry(l.to_ascii_lowercase()).or_insert(next);
                if number < 32 {
                    bits |= 1 << number;
                } else {
                    pool.more_languages.push((index, number));
                }
            }
            let free = own_exclusions(c, now, &mut |_| ControlFlow::Break(())).is_continue();
            pool.traits.push(
                u32::from(free)
                    | c.profession.map_or(0, |p| p as u32 + 1) << PROFESSION_SHIFT
                    | c.grade.map_or(0, |g| g as u32 + 1) << GRADE_SHIFT
                    | gender_code(c.gender) << GENDER_SHIFT,
            );
            pool.department.push(word(&c.department));
            pool.specialty.push(word(&c.specialty));
            pool.site.push(word(&c.site));
            pool.languages.push(bits);
            pool.base
                .push(w.per_open_case.wrapping_mul(c.open_cases).wrapping_add(recency_cost(&w, c, now).unwrap_or(0)));
            let id = c.person.as_uuid().as_u64_pair();
            pool.person_key.push(id.0 ^ id.1.rotate_left(32));
            pool.by_person.push((c.person, index));
            if let Some(m) = c.manager {
                pool.by_manager.push((m, index));
            }
        }
        pool.by_person.sort_unstable();
        pool.by_manager.sort_unstable();
        let preferences = [w.profession, w.specialty, w.grade, w.site, w.language, w.gender, w.department];
        let highest = u64::from(pool.base.iter().copied().max().unwrap_or(0))
            + preferences.iter().map(|x| u64::from(*x)).sum::<u64>();
        pool.narrow = highest < u64::from(u32::MAX);
        pool.words = words;
        pool.language_numbers = language_numbers;
        pool
    }

    /// How many supporters.
    #[must_use]
    pub fn len(&self) -> usize {
        self.base.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.base.is_empty()
    }

    fn word(&self, w: &Option<String>) -> u32 {
        match w {
            None => 0,
            Some(w) => self.words.get(&w.to_ascii_lowercase()).copied().unwrap_or(UNKNOWN),
        }
    }

    fn people(list: &[(PersonId, u32)], p: PersonId) -> impl Iterator<Item = u32> + '_ {
        let from = list.partition_point(|(x, _)| *x < p);
        list.get(from..).unwrap_or_default().iter().take_while(move |(x, _)| *x == p).map(|(_, i)| *i)
    }

    /// One case against this pool.
    #[must_use]
    pub fn case<'a>(&'a self, subject: &Subject, case: &CaseContext) -> PoolCase<'a> {
        let w = self.policy.weights;
        let mut blocked: Vec<u32> = Self::people(&self.by_person, subject.person)
            .chain(subject.manager.iter().flat_map(|m| Self::people(&self.by_person, *m)))
            .chain(Self::people(&self.by_manager, subject.person))
            .chain(case.involved.iter().chain(&case.do_not_contact).flat_map(|p| Self::people(&self.by_person, *p)))
            .collect();
        blocked.sort_unstable();
        blocked.dedup();
        let language = subject
            .language
            .as_ref()
            .map(|l| self.language_numbers.get(&l.to_ascii_lowercase()).copied().unwrap_or(UNKNOWN));
        let weight_if = |yes: bool, weight: u32| if yes { weight } else { 0 };
        PoolCase {
            pool: self,
            blocked,
            profession: subject.profession.map_or(0, |p| p as u32 + 1),
            profession_weight: weight_if(subject.profession.is_some(), w.profession),
            grade: subject.grade.map_or(0, |g| g as u32 + 1),
            grade_weight: w.grade,
            specialty: if subject.specialty.is_some() { self.word(&subject.specialty) } else { 0 },
            specialty_weight: weight_if(subject.specialty.is_some(), w.specialty),
            site: if subject.site.is_some() { self.word(&subject.site) } else { 0 },
            site_weight: weight_if(subject.site.is_some(), w.site),
            more_language: language.filter(|l| *l >= 32 && *l != UNKNOWN),
            language_bit: match language {
                Some(l) if l < 32 => 1 << l,
                _ => 0,
            },
            language_weight: weight_if(language.is_some(), w.language),
            gender: gender_code(case.preferences.supporter_gender),
            gender_weight: weight_if(case.preferences.supporter_gender.is_some(), w.gender),
            department: if subject.department.is_some() { self.word(&subject.department) } else { UNKNOWN },
            other_department: self.policy.exclude_same_department
                || case.preferences.department == Some(DepartmentPreference::Other),
            same_department_weight: weight_if(
                case.preferences.department == Some(DepartmentPreference::Same),
                w.department,
            ),
        }
    }
}

/// One case scored against a [`Pool`].
#[derive(Debug, Clone)]
pub struct PoolCase<'a> {
    pool: &'a Pool,
    /// Supporters this case excludes by person (the subject, their manager and reports, the
    /// people involved, do-not-contact), sorted.
    blocked: Vec<u32>,
    profession: u32,
    profession_weight: u32,
    grade: u32,
    grade_weight: u32,
    specialty: u32,
    specialty_weight: u32,
    site: u32,
    site_weight: u32,
    /// The subject's language when it is numbered 32 and up (checked apart, rarely).
    more_language: Option<u32>,
    /// The subject's language's bit (0: none of the first 32), and the weight if not offered.
    language_bit: u32,
    language_weight: u32,
    gender: u32,
    gender_weight: u32,
    department: u32,
    other_department: bool,
    same_department_weight: u32,
}

/// Working memory for [`PoolCase::cheapest`], reused from case to case (a case's scoring
/// would otherwise allocate and fault in fresh pages each time).
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    costs: Vec<u32>,
    near: Vec<u64>,
}

/// Not eligible, in the per-supporter costs (above any `u32` cost).
const EXCLUDED: u64 = u64::MAX;

impl PoolCase<'_> {
    /// Supporter `s`'s cost for this case, if eligible: what [`cost`] gives, when [`eligible`].
    #[must_use]
    pub fn cost(&self, s: usize) -> Option<u32> {
        let p = self.pool;
        let (Some(t), Some(d), Some(sp), Some(si), Some(l), Some(b)) = (
            p.traits.get(s),
            p.department.get(s),
            p.specialty.get(s),
            p.site.get(s),
            p.languages.get(s),
            p.base.get(s),
        ) else {
            return None;
        };
        let cost = self.one(*t, *d, *sp, *si, *l, *b);
        if cost == EXCLUDED || self.blocked.binary_search(&u32::try_from(s).ok()?).is_ok() {
            return None;
        }
        let cost = u32::try_from(cost).ok()?;
        Some(if self.speaks_more(s) { cost.wrapping_sub(self.language_weight) } else { cost })
    }

    /// Whether supporter `s` offers the subject's language when it is one numbered 32 and up
    /// (which [`Self::one`] counts as not offered).
    fn speaks_more(&self, s: usize) -> bool {
        let Some(l) = self.more_language else { return false };
        let Ok(s) = u32::try_from(s) else { return false };
        let from = self.pool.more_languages.partition_point(|(x, _)| *x < s);
        self.pool
            .more_languages
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|(x, _)| *x == s)
            .any(|(_, n)| *n == l)
    }

    /// One supporter's cost, or [`EXCLUDED`], before the exclusions by person and languages
    /// numbered 32 and up.
    fn one(&self, traits: u32, department: u32, specialty: u32, site: u32, languages: u32, base: u32) -> u64 {
        let (excluded, cost) = self.parts(traits, department, specialty, site, languages, base);
        if excluded { EXCLUDED } else { u64::from(cost) }
    }

    /// [`Self::one`] in 32 bits (u32::MAX: excluded), for pools whose costs all fit below it:
    /// twice as many lanes per vector instruction as a 64-bit result.
    #[inline]
    fn one32(&self, traits: u32, department: u32, specialty: u32, site: u32, languages: u32, base: u32) -> u32 {
        let (excluded, cost) = self.parts(traits, department, specialty, site, languages, base);
        u32::from(excluded).wrapping_neg() | cost
    }

    /// Whether excluded, and the cost: branch-free arithmetic on the columns, so that a case
    /// against every supporter is one loop the compiler can vectorise.
    #[inline]
    fn parts(&self, traits: u32, department: u32, specialty: u32, site: u32, languages: u32, base: u32) -> (bool, u32) {
        let profession = (traits >> PROFESSION_SHIFT) & NIBBLE;
        let grade = (traits >> GRADE_SHIFT) & NIBBLE;
        let gender = traits >> GENDER_SHIFT;
        let same_department = department == self.department;
        let pay = |unmet: bool, weight: u32| u32::from(unmet).wrapping_neg() & weight;
        let cost = base
            .wrapping_add(pay(profession != self.profession, self.profession_weight))
            .wrapping_add(pay(specialty != self.specialty, self.specialty_weight))
            .wrapping_add(pay((grade != 0) & (grade < self.grade), self.grade_weight))
            .wrapping_add(pay(site != self.site, self.site_weight))
            .wrapping_add(pay(languages & self.language_bit == 0, self.language_weight))
            .wrapping_add(pay(gender != self.gender, self.gender_weight))
            .wrapping_add(pay(!same_department, self.same_department_weight));
        ((traits & FREE == 0) | (self.other_department & same_department), cost)
    }

    /// The `k` cheapest eligible supporters as (index, cost), and a cost that none of those
    /// left out is below (none: nobody eligible was left out), as [`crate::batch::assign_priced`]
    /// takes it. Equal costs at the cut are ordered by a
    /// fixed hash of the case key and the person, not by index (which would hand similar cases
    /// the same few supporters). `scratch` is working memory, reused from case to case.
    pub fn cheapest(&self, k: usize, case_key: u64, out: &mut Vec<(usize, u32)>, scratch: &mut Scratch) -> Option<u32> {
        out.clear();
        let k = k.max(1);
        let p = self.pool;
        if !p.narrow {
            // Weights so large that a cost may reach u32::MAX: the plain way, one by one.
            let all: Vec<(u32, u64, usize)> =
                (0..p.len()).filter_map(|s| Some((self.cost(s)?, self.tie(case_key, s), s))).collect();
            return Self::cut(all, k, out);
        }
        self.all_costs(&mut scratch.costs);
        let Scratch { costs, near } = scratch;
        // A first bound: the k-th least of the first thousand or so eligible costs. Everything
        // the cut needs is at or below it.
        let mut least: Vec<u32> = Vec::with_capacity(k + 1);
        let mut looked = 0;
        for &c in costs.iter() {
            if c == u32::MAX {
                continue;
            }
            looked += 1;
            if looked > 1024 && least.len() == k {
                break;
            }
            if least.len() < k || least.last().is_some_and(|top| c < *top) {
                let at = least.partition_point(|x| *x <= c);
                least.insert(at, c);
                least.truncate(k);
            }
        }
        let bound = if least.len() == k { least.last().copied().unwrap_or(u32::MAX) } else { u32::MAX - 1 };
        // Those at or below the bound, as (cost, index) in one number. The bound is tight, so
        // few are, and the branch nearly always goes the same way.
        near.clear();
        for (s, &c) in costs.iter().enumerate() {
            if c <= bound {
                near.push(u64::from(c) << 32 | s as u64);
            }
        }
        let eligible = costs.iter().filter(|c| **c != u32::MAX).count();
        let limit = if near.len() > k { (*near.select_nth_unstable(k - 1).1 >> 32) as u32 } else { bound };
        // Below the k-th least cost all are kept; only those equal to it need the hash that
        // picks among them.
        let kept: Vec<(u32, u64, usize)> = near
            .iter()
            .filter(|x| (**x >> 32) as u32 <= limit)
            .map(|x| {
                let (c, s) = ((*x >> 32) as u32, (*x & u64::from(u32::MAX)) as usize);
                (c, if c == limit { self.tie(case_key, s) } else { 0 }, s)
            })
            .collect();
        let floor = Self::cut(kept, k, out);
        // Costs beyond the bound were left out too: the bound is below them all.
        if eligible > out.len() && floor.is_none() {
            Some(out.iter().map(|x| x.1).max().unwrap_or(bound))
        } else {
            floor
        }
    }

    fn tie(&self, case_key: u64, s: usize) -> u64 {
        // splitmix64's finaliser over the case key and the person.
        let mut z = (case_key ^ self.pool.person_key.get(s).copied().unwrap_or(0)).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Every supporter's cost for this case into `costs`, `u32::MAX` for the excluded: one
    /// vectorisable pass over the columns (for pools whose costs fit in 32 bits).
    fn all_costs(&self, costs: &mut Vec<u32>) {
        let p = self.pool;
        let n = p.base.len();
        let (traits, department, specialty) = (&p.traits[..n], &p.department[..n], &p.specialty[..n]);
        let (site, languages, base) = (&p.site[..n], &p.languages[..n], &p.base[..n]);
        costs.clear();
        costs
            .extend((0..n).map(|s| self.one32(traits[s], department[s], specialty[s], site[s], languages[s], base[s])));
        for &b in &self.blocked {
            if let Some(c) = costs.get_mut(b as usize) {
                *c = u32::MAX;
            }
        }
        if self.more_language.is_some() {
            for (s, c) in costs.iter_mut().enumerate() {
                if *c != u32::MAX && self.speaks_more(s) {
                    *c = c.wrapping_sub(self.language_weight);
                }
            }
        }
    }

    /// Every eligible supporter as (index, cost), best first: by cost, equal costs by the pool's
    /// fixed hash of case and person. The same people and costs as [`rank`] (which orders equal
    /// costs by [`tie_break`] instead), for a roster already prepared as a [`Pool`]: no strings
    /// are read, so one case against 100,000 supporters is a few milliseconds. The reasons of
    /// the few shown are [`score`]'s, asked for only for them.
    #[must_use]
    pub fn ranked(&self, case_key: u64, scratch: &mut Scratch) -> Vec<(usize, u32)> {
        // (cost, tie, index) packed into one number, so the sort compares plain integers.
        let key = |s: usize, cost: u32| {
            u128::from(cost) << 96 | u128::from(self.tie(case_key, s)) << 32 | (s as u128 & 0xFFFF_FFFF)
        };
        let mut keyed: Vec<u128> = if self.pool.narrow {
            self.all_costs(&mut scratch.costs);
            scratch.costs.iter().enumerate().filter(|(_, c)| **c != u32::MAX).map(|(s, c)| key(s, *c)).collect()
        } else {
            (0..self.pool.len()).filter_map(|s| Some(key(s, self.cost(s)?))).collect()
        };
        keyed.sort_unstable();
        keyed.into_iter().map(|k| ((k & 0xFFFF_FFFF) as usize, (k >> 96) as u32)).collect()
    }

    /// Keeps the k least of (cost, tie, index) in `out`; the floor of those left out.
    fn cut(mut all: Vec<(u32, u64, usize)>, k: usize, out: &mut Vec<(usize, u32)>) -> Option<u32> {
        if all.len() <= k {
            out.extend(all.iter().map(|x| (x.2, x.0)));
            return None;
        }
        all.select_nth_unstable(k - 1);
        all.truncate(k);
        out.extend(all.iter().map(|x| (x.2, x.0)));
        all.iter().map(|x| x.0).max()
    }
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

    fn any_word() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![
            Just("ICU".to_owned()),
            Just("icu".to_owned()),
            Just("ED".to_owned()),
            Just("Ward".to_owned())
        ])
    }

    fn any_candidate() -> impl Strategy<Value = Candidate> {
        (
            (proptest::option::of(0usize..3), any_word(), any_word(), proptest::option::of(0usize..5), any_word()),
            (proptest::collection::vec(prop_oneof![Just("Polish"), Just("polish"), Just("Urdu")], 0..3), 0u8..3),
            (any::<bool>(), 0u8..3, any::<bool>(), 0u32..4, 1u32..4, proptest::option::of(0i32..200)),
        )
            .prop_map(
                |(
                    (profession, specialty, department, grade, site),
                    (languages, gender),
                    (active, trained, away, open_cases, cap, last),
                )| Candidate {
                    person: PersonId::generate(),
                    profession: profession.map(|i| Profession::ALL[i]),
                    specialty,
                    department,
                    grade: grade.map(|i| Grade::ALL[i]),
                    site,
                    languages: languages.into_iter().map(str::to_owned).collect(),
                    gender: [None, Some(GenderPreference::Woman), Some(GenderPreference::Man)][usize::from(gender)],
                    manager: None,
                    active,
                    trained_until: [None, Some(now()), Some(now() + jiff::SignedDuration::from_hours(24))]
                        [usize::from(trained)],
                    away,
                    open_cases,
                    cap,
                    last_assigned: last.map(|d| now() - jiff::SignedDuration::from_hours(24 * i64::from(d))),
                },
            )
    }

    fn any_subject() -> impl Strategy<Value = Subject> {
        (
            proptest::option::of(0usize..3),
            any_word(),
            any_word(),
            proptest::option::of(0usize..5),
            any_word(),
            proptest::option::of(prop_oneof![Just("Urdu"), Just("POLISH"), Just("Welsh")]),
        )
            .prop_map(|(profession, specialty, department, grade, site, language)| Subject {
                person: PersonId::generate(),
                profession: profession.map(|i| Profession::ALL[i]),
                specialty,
                department,
                grade: grade.map(|i| Grade::ALL[i]),
                site,
                manager: None,
                language: language.map(str::to_owned),
            })
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

        /// Ranking gives exactly what its plain definition gives (every eligible candidate,
        /// scored, stably sorted by cost then tie-break), and the pool used for batches gives
        /// the same eligibility and costs, and keeps the first k of that order.
        #[test]
        fn fast_paths_match_the_plain_rules(
            people in proptest::collection::vec(any_candidate(), 0..40),
            subject in any_subject(),
            manager_of_subject in proptest::option::of(0usize..40),
            reports in proptest::collection::vec(0usize..40, 0..3),
            involved in proptest::collection::vec(0usize..40, 0..4),
            dnc in proptest::collection::vec(0usize..40, 0..2),
            gender in proptest::option::of(prop_oneof![Just(GenderPreference::Woman), Just(GenderPreference::Man)]),
            department in proptest::option::of(prop_oneof![Just(DepartmentPreference::Same), Just(DepartmentPreference::Other)]),
            strict in any::<bool>(),
            key in any::<u64>(),
            k in 1usize..6,
            huge in any::<bool>(),
        ) {
            let mut people = people;
            let mut subject = subject;
            if huge {
                // A weight too large for the pool's narrow columns (never added here, so the
                // plain rules do not overflow): the pool must take its careful way.
                subject.language = None;
            }
            // Some of the lists and relations point at people in the pool, as they do for real.
            let at = |i: usize, people: &[Candidate]| people.get(i % people.len().max(1)).map(|c| c.person);
            subject.manager = manager_of_subject.and_then(|i| at(i, &people));
            for r in reports {
                let n = people.len().max(1);
                if let Some(c) = people.get_mut(r % n) {
                    c.manager = Some(subject.person);
                }
            }
            let case = CaseContext {
                involved: involved.iter().filter_map(|i| at(*i, &people)).collect(),
                do_not_contact: dnc.iter().filter_map(|i| at(*i, &people)).collect(),
                preferences: Preferences { supporter_gender: gender, department, same_profession: false },
            };
            let mut p = Policy { exclude_same_department: strict, ..Policy::default() };
            if huge {
                p.weights.language = u32::MAX - 100;
            }
            let mut plain: Vec<Scored> = people
                .iter()
                .filter(|c| exclusions(&p, &subject, &case, c, now()).is_empty())
                .map(|c| score(&p, &subject, &case, c, now()))
                .collect();
            plain.sort_by_key(|s| (s.cost, tie_break(key, s.person)));
            prop_assert_eq!(&rank(&p, &subject, &case, &people, now(), key), &plain);

            let pool = Pool::new(&p, &people, now());
            let one = pool.case(&subject, &case);
            for (i, c) in people.iter().enumerate() {
                let expected = exclusions(&p, &subject, &case, c, now()).is_empty().then(|| cost(&p, &subject, &case, c, now()));
                prop_assert_eq!(one.cost(i), expected);
            }
            let mut kept = Vec::new();
            let floor = one.cheapest(k, key, &mut kept, &mut Scratch::default());
            let mut kept_costs: Vec<u32> = kept.iter().map(|(i, c)| {
                assert_eq!(one.cost(*i), Some(*c));
                *c
            }).collect();
            kept_costs.sort_unstable();
            let first: Vec<u32> = plain.iter().take(k).map(|s| s.cost).collect();
            prop_assert_eq!(kept_costs, first);
            prop_assert_eq!(floor, plain.get(k).map(|_| plain[k - 1].cost));

            // The prepared pool's full ranking: the same people at the same costs, in cost order.
            let ranked = one.ranked(key, &mut Scratch::default());
            prop_assert!(ranked.windows(2).all(|w| w[0].1 <= w[1].1));
            let mut got: Vec<(PersonId, u32)> = ranked.iter().map(|(i, c)| (people[*i].person, *c)).collect();
            let mut want: Vec<(PersonId, u32)> = plain.iter().map(|s| (s.person, s.cost)).collect();
            got.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }
}
