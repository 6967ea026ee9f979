//! The reports benchmark: `reachin generate` fills an organisation with a realistic, seeded
//! history (a staff directory, a supporter roster, cases over several years, helpfulness
//! feedback and survey waves with their answers) through the store's bulk loaders, then recounts
//! the tallies; `reachin report-timing` times, in this process, every report aggregate the
//! pages serve. `bench/reports_compare.sh` runs both beside the DuckDB reference
//! (`bench/reports_duckdb.py`); figures are in `docs/benchmarks.md`.

// The CLI's job is to print to standard output.
#![allow(clippy::print_stdout)]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use reachin_domain::calendar::{Targets, WorkingCalendar};
use reachin_domain::case::{CaseState, OutcomeKind, ResourceKind, Source, Urgency};
use reachin_domain::counting::{Figure, month_key};
use reachin_domain::directory::{Grade, Person, Profession, WorkEmail};
use reachin_domain::org::{Locale, OrgSlug, Organisation, WorkingHours};
use reachin_domain::report::{self, ProgrammeInput, SupporterCounts, SurveyInput};
use reachin_domain::roster::SupporterStatus;
use reachin_domain::survey::{Form, Histogram, OwnItem, OwnItemInput, OwnKindInput};
use reachin_domain::{CaseId, OrgId, PersonId, WaveId};
use reachin_store::bulk::{self, BulkCase};
use reachin_store::jobs::NewJob;
use reachin_store::surveys::{self, NewWave, Response};
use reachin_store::{Db, audit, directory, orgs, roster, tallies};
use serde_json::{Value, json};

use crate::config::Config;
use crate::state::{AppState, SystemClock};

/// What `reachin generate` makes.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The organisation's slug (created if missing).
    pub org: String,
    /// How many cases.
    pub cases: u64,
    /// How many survey answers, over all waves.
    pub answers: u64,
    /// The seed: the same seed in the same clock hour makes the same data (random answer ids and
    /// sealed fields aside).
    pub seed: u64,
    /// How many years back the cases and waves go.
    pub years: u16,
    /// Load survey answers through `surveys::load` (one upsert per tally and breakdown: slow at
    /// this size) instead of the bulk loader; the tallies come out the same.
    pub via_surveys_load: bool,
}

/// How many people the directory holds.
const PEOPLE: usize = 5_000;
/// Cases per bulk transaction.
const CASE_BATCH: usize = 25_000;
/// How many survey waves.
const WAVES: usize = 8;
/// Closed cases keep their identity this long (the default retention), then are de-identified.
const RETENTION: SignedDuration = SignedDuration::from_hours(24 * 30);

// ---------------------------------------------------------------------------------------------
// The random source
// ---------------------------------------------------------------------------------------------

/// splitmix64: small, fast and deterministic for a seed.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> Option<T> {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total as usize) as u32;
        for (item, w) in items {
            if roll < *w {
                return Some(*item);
            }
            roll -= w;
        }
        items.last().map(|(i, _)| *i)
    }

    /// A duration uniform between `lo` and `hi`, leaning towards `lo` when `skew` > 1.
    fn between(&mut self, lo: SignedDuration, hi: SignedDuration, skew: f64) -> SignedDuration {
        let span = (hi - lo).as_secs_f64().max(0.0);
        lo + SignedDuration::from_secs_f64(span * self.unit().powf(skew))
    }

    /// A time-ordered (v7) UUID at `at`, its other bits from this source.
    fn uuid_at(&mut self, at: Timestamp) -> uuid::Uuid {
        let millis = u64::try_from(at.as_millisecond()).unwrap_or(0);
        let mut bytes = [0_u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }
}

fn hours(h: i64) -> SignedDuration {
    SignedDuration::from_hours(h)
}

fn minutes(m: i64) -> SignedDuration {
    SignedDuration::from_mins(m)
}

fn days(d: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * d)
}

// ---------------------------------------------------------------------------------------------
// The organisation and its staff
// ---------------------------------------------------------------------------------------------

/// Departments of a large acute trust: (name, specialty, relative size).
const DEPARTMENTS: &[(&str, &str, u32)] = &[
    ("Emergency Department", "emergency medicine", 9),
    ("Acute Medicine", "acute medicine", 7),
    ("Intensive Care", "critical care", 5),
    ("Anaesthetics", "anaesthetics", 4),
    ("Theatres", "perioperative care", 6),
    ("General Surgery", "general surgery", 5),
    ("Trauma and Orthopaedics", "orthopaedics", 4),
    ("Cardiology", "cardiology", 4),
    ("Respiratory Medicine", "respiratory medicine", 3),
    ("Gastroenterology", "gastroenterology", 2),
    ("Renal Unit", "nephrology", 2),
    ("Oncology", "oncology", 3),
    ("Haematology", "haematology", 2),
    ("Paediatrics", "paediatrics", 4),
    ("Neonatal Unit", "neonatology", 3),
    ("Maternity", "obstetrics", 6),
    ("Gynaecology", "gynaecology", 2),
    ("Elderly Care", "geriatric medicine", 5),
    ("Stroke Unit", "stroke medicine", 2),
    ("Neurology", "neurology", 2),
    ("Radiology", "radiology", 3),
    ("Pathology", "pathology", 2),
    ("Pharmacy", "pharmacy", 2),
    ("Mental Health Liaison", "liaison psychiatry", 1),
    ("Palliative Care", "palliative medicine", 1),
    ("Outpatients", "ambulatory care", 3),
    ("Urology", "urology", 2),
    ("Ear, Nose and Throat", "otolaryngology", 1),
    ("Ophthalmology", "ophthalmology", 1),
    ("Community Nursing", "community nursing", 4),
];

// The demo's names, so generated people look like the demo's.
use crate::demo::{FIRST, LAST};
const SITES: &[&str] = &["City Hospital", "Northfield Community Hospital", "Riverside Treatment Centre"];

fn profession_mix(specialty: &str) -> Vec<(Profession, u32)> {
    let (midwives, pharmacists, allied) = match specialty {
        "obstetrics" => (30, 2, 4),
        "pharmacy" => (0, 60, 4),
        "radiology" | "pathology" => (0, 2, 45),
        _ => (0, 3, 8),
    };
    vec![
        (Profession::Nurse, 38),
        (Profession::Doctor, 24),
        (Profession::HealthcareAssistant, 12),
        (Profession::AlliedHealth, allied),
        (Profession::Midwife, midwives),
        (Profession::Pharmacist, pharmacists),
        (Profession::Other, 4),
    ]
}

const GRADES: &[(Grade, u32)] =
    &[(Grade::Student, 6), (Grade::EarlyCareer, 24), (Grade::Practitioner, 40), (Grade::Senior, 22), (Grade::Lead, 8)];

fn email_part(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

/// The staff directory: each department's lead first (they manage the rest of it).
fn staff(org: OrgId, slug: &str, rng: &mut Rng, ids: &mut Rng, now: Timestamp) -> anyhow::Result<Vec<Person>> {
    let weights: Vec<(usize, u32)> = DEPARTMENTS.iter().enumerate().map(|(i, d)| (i, d.2)).collect();
    let mut out: Vec<Person> = Vec::with_capacity(PEOPLE);
    let mut leads: Vec<Option<PersonId>> = vec![None; DEPARTMENTS.len()];
    for i in 0..PEOPLE {
        let d = if i < DEPARTMENTS.len() { i } else { rng.weighted(&weights).unwrap_or(0) };
        let (dept, specialty, _) = DEPARTMENTS[d];
        let first = rng.pick(FIRST).copied().unwrap_or("Sam");
        let last = rng.pick(LAST).copied().unwrap_or("Lee");
        let profession = rng.weighted(&profession_mix(specialty)).unwrap_or(Profession::Other);
        let lead = leads[d].is_none();
        let grade = if lead { Grade::Lead } else { rng.weighted(GRADES).unwrap_or(Grade::Practitioner) };
        let id: PersonId = ids.uuid_at(now).to_string().parse()?;
        let email: WorkEmail =
            format!("{}.{}.{}@{slug}.example", email_part(first), email_part(last), i + 1).parse()?;
        out.push(Person {
            id,
            org_id: org,
            employee_id: Some(format!("E{:06}", 100_000 + i)),
            name: format!("{first} {last}"),
            email: Some(email),
            phone: Some(format!("+44 20 7946 {:04}", i % 10_000)),
            department: Some(dept.to_owned()),
            profession: Some(profession),
            specialty: matches!(profession, Profession::Doctor | Profession::Nurse).then(|| specialty.to_owned()),
            grade: Some(grade),
            site: rng.pick(SITES).map(|s| (*s).to_owned()),
            manager_id: leads[d],
        });
        if lead {
            leads[d] = Some(id);
        }
    }
    Ok(out)
}

/// The roster: one in twenty of the staff, most active and trained; some paused, some not yet
/// taking cases, some retired; training two years long, so some are due and some lapsed.
async fn supporters(
    db: &Db,
    org: OrgId,
    people: &[Person],
    rng: &mut Rng,
    now: Timestamp,
) -> anyhow::Result<Vec<PersonId>> {
    let statuses = [
        (SupporterStatus::Active, 85),
        (SupporterStatus::Paused, 6),
        (SupporterStatus::Trained, 5),
        (SupporterStatus::Retired, 4),
    ];
    let mut active = Vec::new();
    for p in people.iter().skip(DEPARTMENTS.len()).step_by(20) {
        let status = rng.weighted(&statuses).unwrap_or(SupporterStatus::Active);
        let joined = now - rng.between(days(60), days(365 * 3), 1.0);
        roster::set_status(db, org, p.id, status, None, joined).await?;
        let completed = joined + rng.between(days(7), days(40), 1.0);
        let completed = if rng.chance(0.3) { now - rng.between(days(10), days(700), 1.0) } else { completed };
        roster::add_training(db, org, p.id, "Peer support core training", completed, completed + days(730)).await?;
        if status == SupporterStatus::Active {
            active.push(p.id);
        }
    }
    Ok(active)
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

const SOURCES: &[(Source, u32)] = &[
    (Source::SelfReferral, 30),
    (Source::Colleague, 24),
    (Source::Leader, 10),
    (Source::SafetyEvent, 31),
    (Source::Coordinator, 5),
];

const CATEGORIES: &[(&str, u32)] = &[
    ("adverse_event", 22),
    ("unexpected_death", 10),
    ("child_death", 3),
    ("first_death", 4),
    ("litigation", 4),
    ("complaint", 10),
    ("workplace_violence", 8),
    ("safety_review", 6),
    ("moral_distress", 9),
    ("colleague_loss", 3),
    ("personal_loss", 6),
    ("burnout", 10),
    ("other", 5),
];

const RESOURCES: &[(ResourceKind, u32)] = &[
    (ResourceKind::Eap, 34),
    (ResourceKind::MentalHealth, 18),
    (ResourceKind::OccupationalHealth, 15),
    (ResourceKind::PractitionerHealth, 10),
    (ResourceKind::Chaplaincy, 8),
    (ResourceKind::CrisisLine, 6),
    (ResourceKind::Legal, 5),
    (ResourceKind::Other, 4),
];

const INTERACTIONS: &[(i64, u32)] = &[(1, 30), (2, 27), (3, 18), (4, 12), (5, 8), (6, 5)];
const HELPFUL: &[(i64, u32)] = &[(1, 3), (2, 5), (3, 12), (4, 35), (5, 45)];

/// How a case's story goes, before it is cut at now.
struct Story {
    assigned: Timestamp,
    accepted: Timestamp,
    contact: Option<Timestamp>,
    escalated: Option<Timestamp>,
    /// Closed (or withdrawn) at.
    end: Timestamp,
    /// None: withdrawn.
    outcome: Option<OutcomeKind>,
}

impl Story {
    /// The same story, every step `k` times as far from `received` (so it ends earlier).
    fn compressed(&self, received: Timestamp, k: f64) -> Story {
        let at = |t: Timestamp| received + SignedDuration::from_secs_f64((t - received).as_secs_f64() * k);
        Story {
            assigned: at(self.assigned),
            accepted: at(self.accepted),
            contact: self.contact.map(at),
            escalated: self.escalated.map(at),
            end: at(self.end),
            outcome: self.outcome,
        }
    }
}

/// What the generator counted while making cases.
#[derive(Debug, Default)]
struct CaseCounts {
    cases: u64,
    open: u64,
    deidentified: u64,
    escalated: u64,
    withdrawn: u64,
    contacted: u64,
    within_target: u64,
    resources_taken: u64,
}

struct CaseMaker<'a> {
    rng: Rng,
    /// Ids come from their own stream, seeded with the organisation too (ids are unique across
    /// organisations; the figures do not depend on them).
    ids: Rng,
    now: Timestamp,
    start: Timestamp,
    span: SignedDuration,
    calendar: WorkingCalendar,
    targets: Targets,
    zone: TimeZone,
    subjects: Vec<&'a Person>,
    supporters: &'a [PersonId],
    open_subjects: HashSet<PersonId>,
    open_cap: usize,
    counts: CaseCounts,
    feedback: Vec<(String, i64)>,
}

impl CaseMaker<'_> {
    fn story(&mut self, received: Timestamp, due: Timestamp) -> Story {
        let rng = &mut self.rng;
        // The programme got better at reaching people who said yes: a quarter declined in the
        // first year, a tenth in the last.
        let age = (self.now - received).as_secs_f64() / self.span.as_secs_f64().max(1.0);
        let declined = (100.0 * (0.10 + 0.17 * age.clamp(0.0, 1.0))) as u32;
        let withdrawn = rng.chance(0.025);
        let self_resolved = !withdrawn && rng.chance(0.05);
        let contacted = if withdrawn { rng.chance(0.3) } else { !self_resolved };
        let to_due = due - received;
        let contact_after = if rng.chance(0.86) {
            rng.between(minutes(4), to_due, 2.2)
        } else {
            to_due + rng.between(minutes(10), days(4), 2.0)
        };
        let contact = contacted.then(|| received + contact_after);
        let assigned = match contact {
            Some(c) => {
                received + SignedDuration::from_secs_f64((c - received).as_secs_f64() * (0.05 + 0.3 * rng.unit()))
            }
            None => received + rng.between(minutes(10), hours(3), 1.5),
        };
        let accepted = match contact {
            Some(c) => assigned + SignedDuration::from_secs_f64((c - assigned).as_secs_f64() * rng.unit()),
            None => assigned + rng.between(minutes(5), hours(1), 1.5),
        };
        let escalated = match contact {
            Some(c) if !withdrawn && rng.chance(0.12) => Some(c + rng.between(minutes(10), hours(48), 1.5)),
            _ => None,
        };
        let outcome = if withdrawn {
            None
        } else if self_resolved {
            Some(OutcomeKind::SelfResolved)
        } else if escalated.is_some() {
            rng.weighted(&[(OutcomeKind::ReferredOn, 45), (OutcomeKind::Supported, 45), (OutcomeKind::Declined, 10)])
        } else {
            rng.weighted(&[
                (OutcomeKind::Supported, 100 - declined.min(60) - 18),
                (OutcomeKind::Declined, declined),
                (OutcomeKind::NoResponse, 9),
                (OutcomeKind::ReferredOn, 9),
            ])
        };
        let from = contact.unwrap_or(received);
        let mut end = from
            + match outcome {
                Some(OutcomeKind::Supported) => rng.between(days(1), days(21), 1.8),
                Some(OutcomeKind::Declined) => rng.between(hours(1), days(3), 1.5),
                Some(OutcomeKind::NoResponse) => rng.between(days(5), days(14), 1.0),
                Some(OutcomeKind::ReferredOn) => rng.between(days(2), days(21), 1.5),
                Some(OutcomeKind::SelfResolved) => rng.between(hours(4), days(5), 1.5),
                None => rng.between(hours(1), days(7), 1.5),
            };
        if let Some(e) = escalated
            && end < e + hours(1)
        {
            end = e + rng.between(hours(1), days(3), 1.5);
        }
        Story { assigned, accepted, contact, escalated, end, outcome }
    }

    fn resources(&mut self, outcome: Option<OutcomeKind>) -> Vec<(ResourceKind, bool)> {
        let rng = &mut self.rng;
        let (offer, take) = match outcome {
            Some(OutcomeKind::ReferredOn) => (1.0, 1.0),
            Some(OutcomeKind::Supported) => (0.25, 0.5),
            Some(OutcomeKind::Declined) => (0.6, 0.15),
            _ => (0.0, 0.0),
        };
        if !rng.chance(offer) {
            return Vec::new();
        }
        let n = if rng.chance(0.3) { 2 } else { 1 };
        let mut out: Vec<(ResourceKind, bool)> = Vec::with_capacity(n);
        for i in 0..n {
            let Some(kind) = rng.weighted(RESOURCES) else { continue };
            if out.iter().any(|(k, _)| *k == kind) {
                continue;
            }
            // Referred on: the first kind offered was taken up.
            let taken = if i == 0 && outcome == Some(OutcomeKind::ReferredOn) { true } else { rng.chance(take) };
            out.push((kind, taken));
        }
        out
    }

    fn case(&mut self, received: Timestamp) -> anyhow::Result<BulkCase> {
        let urgency = if self.rng.chance(0.1) { Urgency::Urgent } else { Urgency::Routine };
        let due = self.calendar.first_contact_due(&self.targets, urgency, received)?;
        let mut subject = *self.rng.pick(&self.subjects).context("an empty directory")?;
        let supporter = self.rng.pick(self.supporters).copied();
        let mut story = self.story(received, due);
        let live_until = self.now - minutes(1);
        let mut open = false;
        if story.end > live_until {
            // Still going on now, if its clinician has no other open case (one at a time);
            // otherwise the story is told faster, so that it ended a moment ago.
            for _ in 0..4 {
                if !self.open_subjects.contains(&subject.id) {
                    break;
                }
                subject = *self.rng.pick(&self.subjects).context("an empty directory")?;
            }
            if self.open_subjects.len() < self.open_cap && !self.open_subjects.contains(&subject.id) {
                open = true;
                self.open_subjects.insert(subject.id);
            } else {
                let k = (live_until - received).as_secs_f64().max(0.0) / (story.end - received).as_secs_f64().max(1.0);
                story = story.compressed(received, k);
            }
        }
        let now = self.now;
        let seen = |t: Timestamp| (t <= now).then_some(t);
        let (state, outcome, closed_at, updated) = if open {
            let state = if story.assigned > now {
                CaseState::New
            } else if story.accepted > now {
                CaseState::Assigned
            } else if story.contact.is_none_or(|c| c > now) {
                CaseState::Accepted
            } else if story.escalated.is_some_and(|e| e <= now) {
                CaseState::Escalated
            } else {
                CaseState::Contacted
            };
            let last = [Some(story.assigned), Some(story.accepted), story.contact, story.escalated]
                .into_iter()
                .flatten()
                .filter(|t| *t <= now)
                .max()
                .unwrap_or(received);
            (state, None, None, last)
        } else {
            match story.outcome {
                Some(o) => (CaseState::Closed, Some(o), Some(story.end), story.end),
                None => (CaseState::Withdrawn, None, None, story.end),
            }
        };
        let contact = if open { story.contact.and_then(seen) } else { story.contact };
        let escalated = if open { story.escalated.and_then(seen) } else { story.escalated };
        // Withdrawn before anyone was assigned: never assigned.
        let assigned = (state != CaseState::New && story.assigned <= story.end).then_some(story.assigned);
        let deidentified = (!open && story.end + RETENTION <= now)
            .then(|| story.end + RETENTION + self.rng.between(SignedDuration::ZERO, minutes(10), 1.0))
            .map(|t| t.min(now));
        let interactions =
            (outcome == Some(OutcomeKind::Supported)).then(|| self.rng.weighted(INTERACTIONS).unwrap_or(1));
        let resources = if open { Vec::new() } else { self.resources(outcome) };
        if outcome == Some(OutcomeKind::Supported)
            && let Some(closed) = closed_at
            && self.rng.chance(0.2)
        {
            let answered = closed + self.rng.between(hours(2), days(14), 1.5);
            if answered <= now {
                let d = self.zone.to_datetime(answered).date();
                let month = format!("{:04}-{:02}", d.year(), d.month());
                self.feedback.push((month, self.rng.weighted(HELPFUL).unwrap_or(4)));
            }
        }
        let c = &mut self.counts;
        c.cases += 1;
        c.open += u64::from(open);
        c.deidentified += u64::from(deidentified.is_some());
        c.escalated += u64::from(escalated.is_some());
        c.withdrawn += u64::from(state == CaseState::Withdrawn);
        if let Some(t) = contact {
            c.contacted += 1;
            c.within_target += u64::from(t <= due);
        }
        c.resources_taken += u64::from(resources.iter().any(|(_, t)| *t));
        // Assign, accept, first contact, escalate and resolve, close or withdraw.
        let version = 2 * i64::from(assigned.is_some())
            + i64::from(contact.is_some())
            + 2 * i64::from(escalated.is_some())
            + i64::from(!open);
        let keep = deidentified.is_none();
        Ok(BulkCase {
            id: self.ids.uuid_at(received).to_string().parse::<CaseId>()?,
            subject: keep.then_some(subject.id),
            supporter: if keep && assigned.is_some() { supporter } else { None },
            source: self.rng.weighted(SOURCES).unwrap_or(Source::SelfReferral),
            category: self.rng.weighted(CATEGORIES).unwrap_or("other"),
            urgency,
            received_at: received,
            first_contact_due_at: due,
            state,
            assigned_at: assigned,
            accept_due_at: assigned.map(|a| {
                a + if urgency == Urgency::Urgent { self.targets.urgent_accept } else { self.targets.routine_accept }
            }),
            first_contact_at: contact,
            closed_at,
            outcome,
            interactions,
            department: subject.department.clone(),
            profession: subject.profession,
            grade: subject.grade,
            escalated_at: escalated,
            resources,
            version,
            updated_at: deidentified.unwrap_or(updated).max(received),
            deidentified_at: deidentified,
        })
    }
}

/// When each case arrives: the programme grew (half the cases evenly over the years, half
/// leaning to the recent), most in working hours. Oldest first.
fn arrivals(rng: &mut Rng, n: u64, start: Timestamp, now: Timestamp) -> Vec<Timestamp> {
    let span_days = ((now - start).as_secs_f64() / 86_400.0).floor().max(1.0);
    let mut day: Vec<u32> = (0..n)
        .map(|_| {
            let f = if rng.chance(0.5) { rng.unit() } else { rng.unit().sqrt() };
            (f * span_days).floor() as u32
        })
        .collect();
    day.sort_unstable();
    day.into_iter()
        .map(|d| {
            let hour = if rng.chance(0.78) { 8 + rng.below(10) } else { rng.below(24) };
            let at =
                start + days(i64::from(d)) + hours(hour as i64) + SignedDuration::from_secs(rng.below(3600) as i64);
            if at > now { now - SignedDuration::from_secs(rng.below(3600) as i64 + 60) } else { at }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Surveys
// ---------------------------------------------------------------------------------------------

/// The own item two of the waves add.
fn own_item() -> anyhow::Result<OwnItem> {
    Ok(OwnItem::parse(OwnItemInput {
        code: Some("know_how_to_ask".into()),
        text: "I know how to ask for peer support if I need it".into(),
        kind: OwnKindInput::Likert { points: 5, low: "Strongly disagree".into(), high: "Strongly agree".into() },
    })?)
}

/// A latent wellbeing score for one respondent: department, profession, grade and the wave's
/// trend, plus noise (about normal, sd 0.6).
fn wellbeing(rng: &mut Rng, dept_effect: f64, p: &Person, wave_effect: f64) -> f64 {
    let profession = match p.profession {
        Some(Profession::Nurse) => -0.15,
        Some(Profession::Doctor) => -0.1,
        Some(Profession::Midwife) => -0.2,
        Some(Profession::HealthcareAssistant) => 0.0,
        _ => 0.05,
    };
    let grade = match p.grade {
        Some(Grade::Student) => 0.1,
        Some(Grade::EarlyCareer) => -0.15,
        Some(Grade::Practitioner) => -0.05,
        Some(Grade::Lead) => 0.1,
        _ => 0.0,
    };
    let noise = (rng.unit() + rng.unit() + rng.unit() - 1.5) * 1.2;
    dept_effect + profession + grade + wave_effect + noise
}

fn scale(x: f64, top: u8) -> u8 {
    x.round().clamp(1.0, f64::from(top)) as u8
}

/// One response's values, in the form's question order.
fn respond(rng: &mut Rng, form: &Form, z: f64) -> Vec<u8> {
    // Mini-Z items: how each sits relative to the others (pace and EMR items lower).
    const BIAS: [f64; 10] = [0.3, 0.0, 0.0, 0.1, -0.4, -0.5, -0.6, -0.2, -0.5, -0.3];
    let level = scale(2.4 - 1.1 * z + (rng.unit() - 0.5), 5);
    let mut v = Vec::with_capacity(12);
    if form.burnout() {
        v.push(level);
    }
    if form.mini_z() {
        for (i, bias) in BIAS.iter().enumerate() {
            let x = if i == 1 {
                // The burnout item, reversed: close to the single item's level.
                f64::from(6 - level) + if rng.chance(0.25) { rng.unit().round() * 2.0 - 1.0 } else { 0.0 }
            } else {
                3.2 + bias + z + (rng.unit() - 0.5) * 1.4
            };
            v.push(scale(x, 5));
        }
    }
    for _ in form.own() {
        v.push(scale(3.6 + 0.4 * z + (rng.unit() - 0.5) * 2.0, 5));
    }
    v
}

// ---------------------------------------------------------------------------------------------
// generate
// ---------------------------------------------------------------------------------------------

fn step(label: &str, since: Instant) -> f64 {
    let s = since.elapsed().as_secs_f64();
    eprintln!("{label}: {s:.1} s");
    s
}

/// `reachin generate`: see the module's documentation.
pub async fn generate(db: &Db, plan: &Plan) -> anyhow::Result<()> {
    let started = Instant::now();
    // Everything is dated back from the start of this hour, so the same seed in the same hour
    // makes the same data.
    let now = Timestamp::now();
    let now = Timestamp::from_second(now.as_second() - now.as_second().rem_euclid(3600))?;
    let mut rng = Rng(plan.seed);
    let slug: OrgSlug = plan.org.parse().context("--org")?;
    if plan.years == 0 {
        bail!("--years must be at least 1");
    }
    let org = match orgs::by_slug(db, &slug).await? {
        Some(org) => org,
        None => {
            let org = Organisation {
                id: OrgId::generate(),
                slug: slug.clone(),
                name: format!("Benchmark Trust ({slug})"),
                time_zone: "Europe/London".parse()?,
                locale: Locale::EnGb,
                working_hours: WorkingHours::default(),
            };
            orgs::create(db, &org, now).await?;
            audit::append(
                db,
                &audit::Entry::new(reachin_domain::audit::AuditAction::OrgCreated)
                    .org(org.id)
                    .record(reachin_domain::audit::RecordKind::Org, org.id),
                now,
            )
            .await?;
            org
        }
    };
    let existing: i64 = reachin_store::cases::count_by_state(db, org.id).await?.iter().map(|(_, n)| n).sum();
    if existing > 0 {
        bail!("{slug} already has {existing} cases: generate into a new organisation");
    }
    if directory::count(db, org.id).await? > 0 {
        bail!("{slug} already has a staff directory: generate into a new organisation");
    }
    let mut seconds = serde_json::Map::new();

    // The staff directory and the roster.
    let t = Instant::now();
    let org_bits = org.id.as_uuid().as_u64_pair();
    let mut ids = Rng(plan.seed ^ org_bits.0 ^ org_bits.1);
    let people = staff(org.id, slug.as_str(), &mut rng, &mut ids, now)?;
    bulk::people(db, org.id, &people, now).await?;
    let active = supporters(db, org.id, &people, &mut rng, now).await?;
    seconds.insert("directory".into(), json!(step("directory and roster", t)));

    // Cases, oldest first, in batches of one transaction each.
    let t = Instant::now();
    let span = days(365 * i64::from(plan.years));
    let start = now - span;
    let calendar = WorkingCalendar::new(org.time_zone.zone(), &org.working_hours, Vec::<jiff::civil::Date>::new())?;
    let on_roster: HashSet<PersonId> = people.iter().skip(DEPARTMENTS.len()).step_by(20).map(|p| p.id).collect();
    let mut maker = CaseMaker {
        rng: Rng(plan.seed ^ 0xCA5E),
        ids,
        now,
        start,
        span,
        calendar,
        targets: Targets::default(),
        zone: org.time_zone.zone(),
        subjects: people.iter().filter(|p| !on_roster.contains(&p.id)).collect(),
        supporters: &active,
        open_subjects: HashSet::new(),
        open_cap: 3_000,
        counts: CaseCounts::default(),
        feedback: Vec::new(),
    };
    let times = arrivals(&mut maker.rng, plan.cases, maker.start, now);
    let mut batch = Vec::with_capacity(CASE_BATCH);
    for (i, received) in times.into_iter().enumerate() {
        batch.push(maker.case(received)?);
        if batch.len() == CASE_BATCH {
            bulk::cases(db, org.id, &batch).await?;
            batch.clear();
            if (i + 1) % (CASE_BATCH * 8) == 0 {
                eprintln!("  {} cases", i + 1);
            }
        }
    }
    bulk::cases(db, org.id, &batch).await?;
    bulk::feedback(db, org.id, &maker.feedback).await?;
    seconds.insert("cases".into(), json!(step("cases and feedback", t)));

    // Survey waves, spread over the years, each closed after three weeks.
    let t = Instant::now();
    let surveyed = survey_waves(db, &org, &people, plan, &mut rng, now).await?;
    seconds.insert("surveys".into(), json!(step("survey waves and answers", t)));

    // The tallies, counted once from everything written.
    let t = Instant::now();
    let counted = tallies::rebuild(db, org.id).await?;
    seconds.insert("tallies".into(), json!(step("tallies", t)));
    seconds.insert("total".into(), json!(started.elapsed().as_secs_f64()));

    let c = &maker.counts;
    let contacted = c.contacted.max(1) as f64;
    let summary = json!({
        "org": slug.as_str(),
        "seed": plan.seed,
        "years": plan.years,
        "people": people.len(),
        "supporters_active": active.len(),
        "cases": c.cases,
        "cases_counted": counted,
        "open": c.open,
        "withdrawn": c.withdrawn,
        "deidentified": c.deidentified,
        "escalated": c.escalated,
        "contacted": c.contacted,
        "within_target_share": (c.within_target as f64 / contacted * 1000.0).round() / 1000.0,
        "cases_taking_up_further_help": c.resources_taken,
        "feedback_answers": maker.feedback.len(),
        "waves": surveyed.0,
        "survey_answers": surveyed.1,
        "seconds": seconds,
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

/// Opens, fills (each answer scored by the domain, then loaded with its tallies) and closes the
/// waves.
/// Returns (waves, answers).
async fn survey_waves(
    db: &Db,
    org: &Organisation,
    people: &[Person],
    plan: &Plan,
    rng: &mut Rng,
    now: Timestamp,
) -> anyhow::Result<(usize, u64)> {
    if plan.answers == 0 {
        return Ok((0, 0));
    }
    let zone = org.time_zone.zone();
    let span = days(365 * i64::from(plan.years));
    let dept_effect: Vec<(String, f64)> =
        DEPARTMENTS.iter().map(|(d, _, _)| ((*d).to_owned(), (rng.unit() - 0.5) * 0.8)).collect();
    // Later waves reach more people.
    let weights: Vec<f64> = (0..WAVES).map(|k| 0.7 + 0.6 * k as f64 / (WAVES - 1) as f64).collect();
    let total_weight: f64 = weights.iter().sum();
    let mut left = plan.answers;
    let (mut scoring, mut loading) = (Duration::ZERO, Duration::ZERO);
    let population = json!({"departments": [], "professions": [], "grades": []}).to_string();
    for (k, w) in weights.iter().enumerate() {
        let n = if k + 1 == WAVES { left } else { ((plan.answers as f64) * w / total_weight).round() as u64 };
        let n = n.min(left);
        left -= n;
        let opened = now - span + SignedDuration::from_secs_f64(span.as_secs_f64() * (k as f64 + 0.5) / WAVES as f64);
        let closes = opened + days(21);
        let own = if k == 3 || k == 6 { vec![own_item()?] } else { Vec::new() };
        let form = Form::new(true, true, own)?;
        let d = zone.to_datetime(opened).date();
        let id = WaveId::generate();
        let wave = NewWave {
            id,
            org: org.id,
            title: format!("Staff wellbeing pulse {:04}-{:02}", d.year(), d.month()),
            form: serde_json::to_string(&form)?,
            population: population.clone(),
            opened_at: opened,
            closes_at: closes,
            created_by: None,
            form_key: None,
        };
        surveys::open(db, &wave, &[], |_| NewJob {
            kind: crate::surveys::SURVEY_INVITE,
            payload: String::new(),
            run_at: opened,
        })
        .await?;
        let codes: Vec<String> = form.questions().iter().map(|q| q.code.to_string()).collect();
        let wave_effect = -0.15 + 0.3 * k as f64 / (WAVES - 1) as f64;
        let t = Instant::now();
        let mut answers: Vec<([String; 3], String, Response)> = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let Some(p) = rng.pick(people) else { break };
            let dept = p.department.clone().unwrap_or_default();
            let effect = dept_effect.iter().find(|(d, _)| *d == dept).map_or(0.0, |(_, e)| *e);
            let z = wellbeing(rng, effect, p, wave_effect);
            let values = respond(rng, &form, z);
            let given: Vec<(String, String)> = codes.iter().cloned().zip(values.iter().map(u8::to_string)).collect();
            let parsed = form.parse_answers(&given)?;
            let measures = parsed.measures(&form).into_iter().map(|(m, v)| (m.code(), v)).collect();
            let values = parsed.values().iter().map(u8::to_string).collect::<Vec<_>>().join(",");
            let day = zone.to_datetime(opened + rng.between(SignedDuration::ZERO, days(21), 2.0)).date().to_string();
            let group = [
                dept,
                p.profession.map(|x| x.code().to_owned()).unwrap_or_default(),
                p.grade.map(|x| x.code().to_owned()).unwrap_or_default(),
            ];
            answers.push((group, day, Response { values, measures }));
        }
        scoring += t.elapsed();
        let t = Instant::now();
        if plan.via_surveys_load {
            surveys::load(db, org.id, id, &answers).await?;
        } else {
            bulk::survey_answers(db, org.id, id, &answers).await?;
        }
        surveys::close(db, org.id, id, closes).await?;
        loading += t.elapsed();
        eprintln!("  wave {} of {WAVES}: {} answers", k + 1, answers.len());
    }
    eprintln!(
        "  made and scored by the domain in {:.1} s, loaded with {} in {:.1} s",
        scoring.as_secs_f64(),
        if plan.via_surveys_load { "surveys::load" } else { "bulk::survey_answers" },
        loading.as_secs_f64()
    );
    Ok((WAVES, plan.answers - left))
}

// ---------------------------------------------------------------------------------------------
// report-timing
// ---------------------------------------------------------------------------------------------

/// The median and 95th percentile (nearest rank) of some timings, in milliseconds.
fn summary(mut times: Vec<Duration>) -> Value {
    times.sort_unstable();
    let at = |q: f64| {
        let rank = ((q * times.len() as f64).ceil() as usize).clamp(1, times.len().max(1));
        times.get(rank - 1).map_or(0.0, |d| (d.as_secs_f64() * 1e5).round() / 100.0)
    };
    let median = if times.is_empty() {
        0.0
    } else {
        let n = times.len();
        let mid = (times[(n - 1) / 2] + times[n / 2]).as_secs_f64() / 2.0;
        (mid * 1e5).round() / 100.0
    };
    json!({ "median_ms": median, "p95_ms": at(0.95), "runs": times.len() })
}

/// A year's programme tallies: (figure, key, count).
type YearTallies = Vec<(Figure, String, u64)>;
/// A wave's survey tallies: (dimension, group, measure, value, count).
type WaveTallies = Vec<(String, String, String, i64, u64)>;

/// The figures both sides compute, from the tallies without suppression, to check that ReachIn
/// and the reference agree.
fn checks(years: &[(i16, YearTallies)], waves: &[(String, WaveTallies)]) -> Value {
    let mut by_year = serde_json::Map::new();
    for (year, t) in years {
        let sum = |f: Figure, key: Option<&str>| -> u64 {
            t.iter().filter(|(g, k, _)| *g == f && key.is_none_or(|x| x == k.as_str())).map(|(_, _, n)| n).sum()
        };
        let hist = |f: Figure| {
            Histogram::from_pairs(
                t.iter().filter(|(g, _, _)| *g == f).filter_map(|(_, k, n)| Some((k.parse().ok()?, *n))),
            )
        };
        let within: u64 = t
            .iter()
            .filter(|(g, k, _)| *g == Figure::WithinTarget && month_key(k).is_some_and(|(_, w)| w == "1"))
            .map(|(_, _, n)| n)
            .sum();
        let interactions = hist(Figure::Interactions);
        by_year.insert(
            year.to_string(),
            json!({
                "referrals": sum(Figure::Received, None),
                "open": sum(Figure::Status, Some("open")),
                "supported": sum(Figure::Status, Some("supported")),
                "declined": sum(Figure::Status, Some("declined")),
                "escalated": sum(Figure::Escalated, Some("1")),
                "contacted": sum(Figure::FirstContact, None),
                "within_target": within,
                "median_minutes": hist(Figure::FirstContact).median(),
                "median_interactions": interactions.median(),
                "mean_interactions": interactions.mean().map(|m| (m * 1e6).round() / 1e6),
                "onward": sum(Figure::Onward, None),
                "helpful_answers": sum(Figure::Helpful, None),
            }),
        );
    }
    let mut by_wave = serde_json::Map::new();
    for (title, t) in waves {
        let all = |m: &str| {
            Histogram::from_pairs(
                t.iter().filter(|(d, _, x, _, _)| d == "all" && x == m).map(|(_, _, _, v, n)| (*v, *n)),
            )
        };
        let burnout = all("burnout");
        let departments: HashSet<&str> = t
            .iter()
            .filter(|(d, _, x, _, _)| d == "department" && x == "respondents")
            .map(|(_, g, _, _, _)| g.as_str())
            .collect();
        by_wave.insert(
            title.clone(),
            json!({
                "respondents": all("respondents").n(),
                "burnout_3_or_more": burnout.counts().filter(|(v, _)| *v >= 3).map(|(_, n)| n).sum::<u64>(),
                "median_mini_z_total": all("mini_z.total").median(),
                "departments": departments.len(),
                "cells": t.len(),
            }),
        );
    }
    json!({ "years": by_year, "waves": by_wave })
}

/// `reachin report-timing`: times, in this process, every report aggregate of an organisation
/// (for each year with cases, its tallies read and the programme report built; for each wave,
/// its tallies read and the survey report built), `runs` times after one warm-up, and prints
/// the median and 95th percentile as JSON. Also times the server's own report functions (which
/// add the roster's figures, the directory's departments and the floor), the roster read on its
/// own, and prints the unsuppressed figures the reference script checks against.
pub async fn report_timing(db: &Db, config: Config, org: &str, runs: usize) -> anyhow::Result<()> {
    let slug: OrgSlug = org.parse().context("--org")?;
    let org = orgs::by_slug(db, &slug).await?.with_context(|| format!("no organisation with slug {slug}"))?;
    let years = tallies::years(db, org.id).await?;
    let waves = surveys::waves(db, org.id).await?;
    let forms = waves.iter().map(|w| serde_json::from_str::<Form>(&w.form)).collect::<Result<Vec<_>, _>>()?;
    let categories: Vec<String> = reachin_domain::intake::DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect();
    let departments = surveys::departments(db, org.id).await?;
    let floor = reachin_domain::suppression::floor(Some(reachin_store::privacy::suppression_floor(db, org.id).await?));
    let runs = runs.max(1);

    let mut set = Vec::with_capacity(runs);
    // For the latest year and the latest wave: the whole, and its read of the tallies alone.
    let (mut latest_programme, mut programme_read) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    let (mut one_wave, mut wave_read) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for run in 0..=runs {
        let began = Instant::now();
        let (mut programme_time, mut programme_read_time) = (Duration::ZERO, Duration::ZERO);
        let (mut wave_time, mut wave_read_time) = (Duration::ZERO, Duration::ZERO);
        for (i, year) in years.iter().enumerate() {
            let t = Instant::now();
            let tallies = tallies::year(db, org.id, *year).await?;
            let read = t.elapsed();
            let r = report::programme(
                floor,
                &ProgrammeInput {
                    year: *year,
                    tallies: &tallies,
                    categories: &categories,
                    departments: &departments,
                    supporters: SupporterCounts::default(),
                },
            );
            std::hint::black_box(&r);
            if i == 0 {
                (programme_time, programme_read_time) = (t.elapsed(), read);
            }
        }
        for (i, (wave, form)) in waves.iter().zip(&forms).enumerate() {
            let t = Instant::now();
            let tallies = surveys::tallies(db, org.id, wave.id).await?;
            let read = t.elapsed();
            let r = report::survey(floor, &SurveyInput { form, tallies: &tallies, departments: &departments });
            std::hint::black_box(&r);
            if i == 0 {
                (wave_time, wave_read_time) = (t.elapsed(), read);
            }
        }
        // The first run warms the caches and is not counted.
        if run > 0 {
            set.push(began.elapsed());
            latest_programme.push(programme_time);
            programme_read.push(programme_read_time);
            one_wave.push(wave_time);
            wave_read.push(wave_read_time);
        }
    }

    // What the pages call: the same, plus the roster's figures, departments and the floor.
    let state = AppState::new(db.clone(), config, Arc::new(SystemClock))?;
    let (mut server_programme, mut server_survey, mut server_trend, mut roster_read, mut departments_read) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..=runs {
        let mut times = [Duration::ZERO; 5];
        if let Some(year) = years.first() {
            let t = Instant::now();
            std::hint::black_box(crate::reports::programme(&state, &org, *year).await?);
            times[0] = t.elapsed();
        }
        if let Some(wave) = waves.first() {
            let t = Instant::now();
            std::hint::black_box(crate::reports::survey(&state, &org, wave).await?);
            times[1] = t.elapsed();
        }
        let t = Instant::now();
        std::hint::black_box(crate::reports::trend(&state, &org).await?);
        times[2] = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(roster::report_figures(db, org.id, Timestamp::now()).await?);
        times[3] = t.elapsed();
        let t = Instant::now();
        std::hint::black_box(surveys::departments(db, org.id).await?);
        times[4] = t.elapsed();
        if run > 0 {
            server_programme.push(times[0]);
            server_survey.push(times[1]);
            server_trend.push(times[2]);
            roster_read.push(times[3]);
            departments_read.push(times[4]);
        }
    }

    let mut year_tallies = Vec::new();
    for y in &years {
        year_tallies.push((*y, tallies::year(db, org.id, *y).await?));
    }
    let mut wave_tallies = Vec::new();
    for w in &waves {
        wave_tallies.push((w.title.clone(), surveys::tallies(db, org.id, w.id).await?));
    }
    let out = json!({
        "org": slug.as_str(),
        "years": years,
        "waves": waves.len(),
        "tally_rows": {
            "programme": year_tallies.iter().map(|(_, t)| t.len()).sum::<usize>(),
            "survey": wave_tallies.iter().map(|(_, t)| t.len()).sum::<usize>(),
        },
        "aggregate_set": summary(set),
        "programme_latest_year": summary(latest_programme),
        "programme_latest_year_tallies_read": summary(programme_read),
        "survey_one_wave": summary(one_wave),
        "survey_one_wave_tallies_read": summary(wave_read),
        "server": {
            "programme_report": summary(server_programme),
            "survey_report": summary(server_survey),
            "survey_trend_all_waves": summary(server_trend),
            "roster_read": summary(roster_read),
            "departments_read": summary(departments_read),
        },
        "checks": checks(&year_tallies, &wave_tallies),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_random_source_is_deterministic_and_in_range() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        for _ in 0..1000 {
            assert_eq!(a.next(), b.next());
            let u = a.unit();
            assert!((0.0..1.0).contains(&u));
            assert_eq!(u, b.unit());
            assert!(a.below(13) < 13);
            b.below(13);
        }
        let mut r = Rng(1);
        let picks: HashSet<u32> = (0..200).filter_map(|_| r.weighted(&[(1, 1), (2, 1), (3, 0)])).collect();
        assert_eq!(picks, HashSet::from([1, 2]));
    }

    #[test]
    fn arrivals_are_ordered_and_never_in_the_future() {
        let now: Timestamp = "2026-05-01T12:00:00Z".parse().unwrap();
        let start = now - days(365 * 2);
        let times = arrivals(&mut Rng(3), 5_000, start, now);
        assert_eq!(times.len(), 5_000);
        assert!(times.iter().all(|t| *t >= start && *t <= now));
        let late = times.iter().filter(|t| **t > now - days(365)).count();
        assert!(late > 2_500, "the second year has more: {late}");
    }

    #[test]
    fn responses_fit_their_form_and_score() {
        let form = Form::new(true, true, vec![own_item().unwrap()]).unwrap();
        let mut rng = Rng(5);
        for z in [-2.0, 0.0, 2.0] {
            let values = respond(&mut rng, &form, z);
            let given: Vec<(String, String)> =
                form.questions().iter().map(|q| q.code.to_string()).zip(values.iter().map(u8::to_string)).collect();
            let answers = form.parse_answers(&given).unwrap();
            assert_eq!(answers.measures(&form).len(), 1 + 1 + 4 + 12);
        }
    }

    #[test]
    fn timings_summarise_by_nearest_rank() {
        let ms = |n: u64| Duration::from_millis(n);
        let s = summary((1..=20).map(ms).collect());
        assert_eq!(s["median_ms"], json!(10.5));
        assert_eq!(s["p95_ms"], json!(19.0));
    }
}
