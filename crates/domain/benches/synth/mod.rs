//! Seeded synthetic organisations for the benchmarks and the batch-instance writer: a staff mix
//! like a large hospital trust's (several professions, about fifty departments, a few sites),
//! where most supporters are eligible for a case but the real exclusion rules still bite
//! (inactive, untrained or lapsed, away, at cap, reporting line, same event, do-not-contact).
//!
//! Shared by `#[path]` rather than exported, so the library's public API stays as it is. The
//! generator is deterministic for a seed (a splitmix64 written here, not the `rand` crate), so
//! the Rust benches and the reference solver read the same instances.

// Each including target uses a different part of this file.
#![allow(dead_code)]

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use reachin_domain::PersonId;
use reachin_domain::directory::{Grade, Profession};
use reachin_domain::intake::{DepartmentPreference, GenderPreference, Preferences};
use reachin_domain::matching::{Candidate, CaseContext, Policy, Subject};

/// splitmix64: tiny, fast, and good enough to spread synthetic attributes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        // Multiply-shift: no modulo bias worth speaking of at these sizes.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// Picks from `(weight, value)` pairs.
    pub fn weighted<T: Copy>(&mut self, table: &[(u32, T)]) -> T {
        let total: u32 = table.iter().map(|(w, _)| w).sum();
        let mut r = self.below(total as usize) as u32;
        for (w, v) in table {
            if r < *w {
                return *v;
            }
            r -= w;
        }
        table[table.len() - 1].1
    }

    pub fn person(&mut self) -> PersonId {
        let (hi, lo) = (self.next_u64(), self.next_u64());
        // Shaped like a UUIDv7 (version and variant bits), as the real ids are.
        let hi = (hi & !0xF000) | 0x7000;
        let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
        uuid::Uuid::from_u64_pair(hi, lo).to_string().parse().expect("a well-formed uuid")
    }
}

pub const DEPARTMENTS: &[&str] = &[
    "Emergency Department",
    "Intensive Care",
    "Neonatal Intensive Care",
    "Paediatric Intensive Care",
    "Theatres",
    "Anaesthetics",
    "General Surgery",
    "Trauma and Orthopaedics",
    "Vascular Surgery",
    "Cardiothoracic Surgery",
    "Neurosurgery",
    "Plastic Surgery",
    "Urology",
    "ENT",
    "Ophthalmology",
    "Maxillofacial",
    "Cardiology",
    "Respiratory",
    "Gastroenterology",
    "Hepatology",
    "Renal",
    "Endocrinology",
    "Neurology",
    "Stroke",
    "Acute Medicine",
    "Elderly Care",
    "General Medicine",
    "Infectious Diseases",
    "Haematology",
    "Oncology",
    "Palliative Care",
    "Rheumatology",
    "Dermatology",
    "Obstetrics",
    "Midwifery-led Unit",
    "Gynaecology",
    "Paediatrics",
    "Child and Adolescent Mental Health",
    "Adult Mental Health",
    "Radiology",
    "Nuclear Medicine",
    "Pathology",
    "Pharmacy",
    "Physiotherapy",
    "Occupational Therapy",
    "Speech and Language Therapy",
    "Dietetics",
    "Outpatients",
    "Community Nursing",
    "Ambulance Liaison",
];

pub const SITES: &[&str] = &["City General", "Northfield", "Riverside", "Community Hub"];

/// Other languages staff offer (everyone is assumed to speak the organisation's own).
pub const LANGUAGES: &[&str] =
    &["English", "Polish", "Urdu", "Punjabi", "Hindi", "Tagalog", "Spanish", "Portuguese", "Romanian", "Arabic"];

const PROFESSIONS: &[(u32, Profession)] = &[
    (38, Profession::Nurse),
    (24, Profession::Doctor),
    (12, Profession::AlliedHealth),
    (10, Profession::HealthcareAssistant),
    (6, Profession::Midwife),
    (4, Profession::Pharmacist),
    (6, Profession::Other),
];

const GRADES: &[(u32, Grade)] =
    &[(3, Grade::Student), (22, Grade::EarlyCareer), (40, Grade::Practitioner), (28, Grade::Senior), (7, Grade::Lead)];

/// A fixed "now" so that training expiry and recency come out the same on every run.
pub fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("a valid timestamp")
}

/// An organisation's supporters and the matching policy in force.
#[derive(Debug, Clone)]
pub struct Org {
    pub policy: Policy,
    pub now: Timestamp,
    pub supporters: Vec<Candidate>,
    /// Line managers (some are supporters, some are not), by department.
    pub managers: Vec<Vec<PersonId>>,
}

/// One case: who is to be reached, and what the case tells matching.
#[derive(Debug, Clone)]
pub struct Case {
    pub subject: Subject,
    pub context: CaseContext,
    /// The fixed tie-break key, as the server derives it from the case id.
    pub key: u64,
}

fn department_of(rng: &mut Rng) -> usize {
    // Big departments (ED, wards, theatres) hold more staff than small specialist ones.
    let a = rng.below(DEPARTMENTS.len());
    let b = rng.below(DEPARTMENTS.len());
    a.min(b)
}

fn specialty_of(rng: &mut Rng, profession: Profession, department: usize) -> Option<String> {
    match profession {
        // Doctors usually name their specialty, which follows the department.
        Profession::Doctor if rng.chance(85) => Some(DEPARTMENTS[department].to_owned()),
        Profession::Nurse | Profession::AlliedHealth if rng.chance(30) => Some(DEPARTMENTS[department].to_owned()),
        _ => None,
    }
}

/// `supporters` supporters for a seeded organisation.
pub fn organisation(seed: u64, supporters: usize) -> Org {
    let mut rng = Rng::new(seed);
    let now = now();
    let day = SignedDuration::from_hours(24);
    // About one line manager per eight staff, per department.
    let managers: Vec<Vec<PersonId>> = DEPARTMENTS
        .iter()
        .map(|_| (0..(supporters / (8 * DEPARTMENTS.len())).max(1)).map(|_| rng.person()).collect())
        .collect();
    let mut manager_supports = HashSet::new();
    let mut out = Vec::with_capacity(supporters);
    for _ in 0..supporters {
        let department = department_of(&mut rng);
        let profession = rng.weighted(PROFESSIONS);
        // Some managers are supporters themselves: the reporting-line rule then matters.
        let m = &managers[department];
        let person = match m[rng.below(m.len())] {
            m if rng.chance(5) && manager_supports.insert(m) => m,
            _ => rng.person(),
        };
        let mut languages = Vec::new();
        if rng.chance(25) {
            languages.push(LANGUAGES[0].to_owned());
            languages.push(LANGUAGES[1 + rng.below(LANGUAGES.len() - 1)].to_owned());
        }
        let trained_until = match rng.below(100) {
            0..3 => None,
            3..8 => Some(now - day * (1 + rng.below(300) as i32)),
            _ => Some(now + day * (1 + rng.below(700) as i32)),
        };
        let cap = rng.weighted(&[(15, 2u32), (60, 3), (20, 4), (5, 6)]);
        let open_cases = if rng.chance(8) { cap } else { rng.below(cap as usize) as u32 };
        out.push(Candidate {
            person,
            profession: Some(profession),
            specialty: specialty_of(&mut rng, profession, department),
            department: Some(DEPARTMENTS[department].to_owned()),
            grade: Some(rng.weighted(GRADES)),
            site: (!rng.chance(3)).then(|| SITES[rng.weighted(&[(50, 0usize), (25, 1), (15, 2), (10, 3)])].to_owned()),
            languages,
            gender: rng.weighted(&[(58, Some(GenderPreference::Woman)), (34, Some(GenderPreference::Man)), (8, None)]),
            manager: (!rng.chance(10)).then(|| {
                let m = &managers[department];
                m[rng.below(m.len())]
            }),
            active: rng.chance(92),
            trained_until,
            away: rng.chance(6),
            open_cases,
            cap,
            last_assigned: (!rng.chance(45)).then(|| now - day * rng.below(400) as i32),
        });
    }
    Org { policy: Policy::default(), now, supporters: out, managers }
}

/// `n` seeded cases for `org`: subjects from across the organisation, a few events that involve
/// several people, and the preferences requesters state.
pub fn cases(org: &Org, seed: u64, n: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed ^ 0xCA5E_CA5E_CA5E_CA5E);
    let pool = &org.supporters;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let department = department_of(&mut rng);
        let profession = rng.weighted(PROFESSIONS);
        // One subject in ten is on the roster themself.
        let person = if rng.chance(10) && !pool.is_empty() { pool[rng.below(pool.len())].person } else { rng.person() };
        let m = &org.managers[department];
        let subject = Subject {
            person,
            profession: Some(profession),
            specialty: specialty_of(&mut rng, profession, department),
            department: Some(DEPARTMENTS[department].to_owned()),
            grade: Some(rng.weighted(GRADES)),
            site: (!rng.chance(3)).then(|| SITES[rng.weighted(&[(50, 0usize), (25, 1), (15, 2), (10, 3)])].to_owned()),
            manager: (!rng.chance(10)).then(|| m[rng.below(m.len())]),
            language: rng.chance(8).then(|| LANGUAGES[1 + rng.below(LANGUAGES.len() - 1)].to_owned()),
        };
        // A quarter of cases come from an event that involved a handful of staff.
        let mut involved = HashSet::new();
        if rng.chance(25) && !pool.is_empty() {
            for _ in 0..1 + rng.below(6) {
                involved.insert(pool[rng.below(pool.len())].person);
            }
        }
        let mut do_not_contact = HashSet::new();
        if rng.chance(4) && !pool.is_empty() {
            do_not_contact.insert(pool[rng.below(pool.len())].person);
        }
        let preferences = Preferences {
            supporter_gender: rng.weighted(&[
                (80, None),
                (14, Some(GenderPreference::Woman)),
                (6, Some(GenderPreference::Man)),
            ]),
            department: rng.weighted(&[
                (80, None),
                (15, Some(DepartmentPreference::Other)),
                (5, Some(DepartmentPreference::Same)),
            ]),
            same_profession: rng.chance(30),
        };
        out.push(Case { subject, context: CaseContext { involved, do_not_contact, preferences }, key: rng.next_u64() });
    }
    out
}

/// What one run of the batch pipeline came to.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub chosen: Vec<Option<usize>>,
    pub cost: u64,
    pub assigned: usize,
    /// How many times the batch was solved, and how many options pricing added back.
    pub rounds: usize,
    pub added: usize,
    /// How many (case, supporter) pairs pricing had to score again.
    pub repriced: usize,
    /// Eligibility and costs (the pool, and each case's cheapest options).
    pub scoring: std::time::Duration,
    /// The exact solve with pricing (which scores again only the options it must).
    pub solving: std::time::Duration,
}

/// The whole batch pipeline: every case's eligibility and costs against every supporter (the
/// domain's rules, through its `Pool`), each case's `k` cheapest kept, then the exact solve
/// that prices everything left out, so the result is the optimum of the whole batch.
pub fn pipeline(org: &Org, cases: &[Case], k: usize) -> Pipeline {
    use reachin_domain::batch::{self, PlanCase};
    use reachin_domain::matching::Pool;
    // The library's own plan (`batch::plan`), its two steps timed apart.
    let started = std::time::Instant::now();
    let pool = Pool::new(&org.policy, &org.supporters, org.now);
    let plan_cases: Vec<PlanCase<'_>> =
        cases.iter().map(|c| PlanCase { subject: &c.subject, context: &c.context, key: c.key }).collect();
    let mut shortlist = batch::shortlist(&pool, &org.supporters, &plan_cases, k);
    let scored = std::time::Instant::now();
    let (priced, repriced) = batch::solve_shortlist(&mut shortlist);
    let solved = std::time::Instant::now();
    let cost = batch::total_cost(&shortlist.batch, &priced.chosen);
    Pipeline {
        assigned: priced.chosen.iter().flatten().count(),
        cost,
        rounds: priced.rounds,
        added: priced.added,
        repriced,
        chosen: priced.chosen,
        scoring: scored - started,
        solving: solved - scored,
    }
}

/// The whole batch as explicit lists: every eligible (supporter, cost) of every case.
pub fn full_batch(org: &Org, cases: &[Case]) -> reachin_domain::batch::Batch {
    use reachin_domain::matching::Pool;
    let pool = Pool::new(&org.policy, &org.supporters, org.now);
    let options = cases
        .iter()
        .map(|c| {
            let probe = pool.case(&c.subject, &c.context);
            (0..pool.len()).filter_map(|s| Some((s, probe.cost(s)?))).collect()
        })
        .collect();
    let capacity = org.supporters.iter().map(|c| c.cap.saturating_sub(c.open_cases)).collect();
    reachin_domain::batch::Batch { options, capacity }
}
