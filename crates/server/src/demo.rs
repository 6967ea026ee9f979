//! Demo data: two organisations (one British, one American) with a realistic staff directory and
//! a sign-in for each role. Created once: a restart finds the demo organisation and adds nothing.

use std::fmt;

use reachin_domain::directory::{Grade, Person, Profession, WorkEmail};
use reachin_domain::org::{Locale, Organisation, WorkingHours};
use reachin_domain::roster::SupporterStatus;
use reachin_domain::{OrgId, PersonId, Role};
use reachin_store::{directory, orgs, users};

use crate::state::AppState;

/// The password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "reachin-demo-2026";

/// What was created (or found), to print for the person who started the demo.
#[derive(Debug)]
pub struct DemoInfo {
    created: bool,
    sign_ins: Vec<(String, &'static str)>,
}

impl fmt::Display for DemoInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.created {
            writeln!(f, "Demo data created: Demo General Hospital (demo) and Riverside Medical Center (demo-us).")?;
        } else {
            writeln!(f, "Demo data already present; nothing added.")?;
        }
        writeln!(f, "Demo sign-ins (password for all: {DEMO_PASSWORD}):")?;
        for (email, role) in &self.sign_ins {
            writeln!(f, "  {email:<34} {role}")?;
        }
        Ok(())
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, so every demo installation looks the same.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = usize::try_from(self.next() % (items.len().max(1) as u64)).unwrap_or(0);
        &items[i.min(items.len().saturating_sub(1))]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> Option<T> {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.next() % total.max(1);
        for (item, w) in items {
            if roll < *w {
                return Some(*item);
            }
            roll -= w;
        }
        items.last().map(|(i, _)| *i)
    }
}

/// First names for generated people (the demo and the benchmark generator).
pub(crate) const FIRST: &[&str] = &[
    "Aisha", "Ben", "Chloe", "Daniel", "Efua", "Farid", "Grace", "Hamza", "Isla", "James", "Kiran", "Laura",
    "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sofia", "Tomasz", "Uzma", "Victor", "Wen", "Yusuf", "Zara",
    "Amara", "Callum", "Deepa", "Elliot", "Fatima", "Gareth", "Hannah", "Ifeoma", "Jonah", "Leila", "Marta", "Noah",
];
/// Family names for generated people.
pub(crate) const LAST: &[&str] = &[
    "Adeyemi",
    "Brennan",
    "Chen",
    "Davies",
    "Evans",
    "Fernandes",
    "Gallagher",
    "Hussain",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "O'Connor",
    "Patel",
    "Quinn",
    "Rahman",
    "Singh",
    "Thompson",
    "Usman",
    "Vaughan",
    "Williams",
    "Xu",
    "Young",
    "Zielinski",
    "Okafor",
    "MacLeod",
    "Haddad",
    "Kaur",
];

struct Dept {
    name: &'static str,
    specialty: &'static str,
}

const GB_DEPTS: &[Dept] = &[
    Dept { name: "Emergency Department", specialty: "emergency medicine" },
    Dept { name: "Intensive Care", specialty: "critical care" },
    Dept { name: "General Surgery", specialty: "general surgery" },
    Dept { name: "Paediatrics", specialty: "paediatrics" },
    Dept { name: "Maternity", specialty: "obstetrics" },
    Dept { name: "Acute Medicine", specialty: "acute medicine" },
    Dept { name: "Oncology", specialty: "oncology" },
    Dept { name: "Anaesthetics and Theatres", specialty: "anaesthetics" },
    Dept { name: "Cardiology", specialty: "cardiology" },
    Dept { name: "Neonatal Unit", specialty: "neonatology" },
];
const US_DEPTS: &[Dept] = &[
    Dept { name: "Emergency Department", specialty: "emergency medicine" },
    Dept { name: "ICU", specialty: "critical care" },
    Dept { name: "Surgery", specialty: "general surgery" },
    Dept { name: "Pediatrics", specialty: "pediatrics" },
    Dept { name: "Labor and Delivery", specialty: "obstetrics" },
    Dept { name: "Internal Medicine", specialty: "internal medicine" },
];

fn profession_mix(dept: &Dept) -> Vec<(Profession, u64)> {
    let midwives = if dept.specialty == "obstetrics" { 20 } else { 0 };
    vec![
        (Profession::Nurse, 38),
        (Profession::Doctor, 30),
        (Profession::HealthcareAssistant, 10),
        (Profession::AlliedHealth, 8),
        (Profession::Midwife, midwives),
        (Profession::Pharmacist, 4),
        (Profession::Other, 3),
    ]
}

const GRADES: &[(Grade, u64)] =
    &[(Grade::Student, 6), (Grade::EarlyCareer, 24), (Grade::Practitioner, 40), (Grade::Senior, 22), (Grade::Lead, 8)];

fn email_part(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

fn people(
    org: OrgId,
    count: usize,
    depts: &[Dept],
    sites: &[&str],
    domain: &str,
    seed: u64,
) -> anyhow::Result<Vec<Person>> {
    let mut rng = Rng(seed);
    let mut out: Vec<Person> = Vec::with_capacity(count);
    let mut leads: Vec<Option<PersonId>> = vec![None; depts.len()];
    for i in 0..count {
        let d = i % depts.len();
        let dept = &depts[d];
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let profession = rng.weighted(&profession_mix(dept)).unwrap_or(Profession::Other);
        // The first person of each department leads it and manages the rest.
        let grade = if leads[d].is_none() { Grade::Lead } else { rng.weighted(GRADES).unwrap_or(Grade::Practitioner) };
        let id = PersonId::generate();
        let email: WorkEmail = format!("{}.{}{}@{domain}", email_part(first), email_part(last), i + 1).parse()?;
        out.push(Person {
            id,
            org_id: org,
            employee_id: Some(format!("E{:05}", 10_000 + i)),
            name: format!("{first} {last}"),
            email: Some(email),
            phone: Some(format!("+44 20 7946 {:04}", i % 10_000)),
            department: Some(dept.name.to_owned()),
            profession: Some(profession),
            specialty: matches!(profession, Profession::Doctor | Profession::Nurse).then(|| dept.specialty.to_owned()),
            grade: Some(grade),
            site: Some((*rng.pick(sites)).to_owned()),
            manager_id: leads[d],
        });
        if leads[d].is_none() {
            leads[d] = Some(id);
        }
    }
    Ok(out)
}

/// Creates the demo installation unless it is already there.
pub async fn seed(state: &AppState) -> anyhow::Result<DemoInfo> {
    let sign_ins = vec![
        ("coordinator@demo.reachin.test".to_owned(), "coordinator"),
        ("supporter@demo.reachin.test".to_owned(), "supporter (one of 12: supporter2@ … supporter12@)"),
        ("leader@demo.reachin.test".to_owned(), "leader"),
        ("admin@demo.reachin.test".to_owned(), "organisation admin"),
        ("operator@demo.reachin.test".to_owned(), "network operator"),
        ("coordinator@demo-us.reachin.test".to_owned(), "coordinator (US organisation)"),
    ];
    let db = &state.db;
    // Each organisation is seeded only if it is absent, so an interrupted first run completes
    // on the next start instead of failing on what it already made.
    let have_us = orgs::by_slug(db, &"demo-us".parse()?).await?.is_some();
    let have_gb = orgs::by_slug(db, &"demo".parse()?).await?.is_some();
    if have_us && have_gb {
        return Ok(DemoInfo { created: false, sign_ins });
    }
    let now = state.now();
    let hash = state.passwords.hash(DEMO_PASSWORD.to_owned()).await?;
    if !have_us {
        let us = Organisation {
            id: OrgId::generate(),
            slug: "demo-us".parse()?,
            name: "Riverside Medical Center".into(),
            time_zone: "America/Chicago".parse()?,
            locale: Locale::EnUs,
            working_hours: WorkingHours { start: "08:00".into(), end: "16:30".into(), ..WorkingHours::default() },
        };
        orgs::create(db, &us, now).await?;
        let us_people =
            people(us.id, 60, US_DEPTS, &["Main Campus", "Eastside Clinic"], "riverside.example", 0x5eed_0002)?;
        for p in &us_people {
            directory::insert(db, p, now).await?;
        }
        add_user(state, &us, "coordinator@demo-us.reachin.test", &us_people[1], &[Role::Coordinator], &hash).await?;
        seed_resources(state, &us).await?;
    }
    if !have_gb {
        seed_gb(state, &hash).await?;
    }
    Ok(DemoInfo { created: true, sign_ins })
}

async fn seed_gb(state: &AppState, hash: &str) -> anyhow::Result<()> {
    let db = &state.db;
    let now = state.now();
    let gb = Organisation {
        id: OrgId::generate(),
        slug: "demo".parse()?,
        name: "Demo General Hospital".into(),
        time_zone: "Europe/London".parse()?,
        locale: Locale::EnGb,
        working_hours: WorkingHours::default(),
    };
    orgs::create(db, &gb, now).await?;
    let gb_people =
        people(gb.id, 200, GB_DEPTS, &["City Hospital", "Northfield Community Hospital"], "dgh.example", 0x5eed_0001)?;
    for p in &gb_people {
        directory::insert(db, p, now).await?;
    }
    // Supporters: a dozen, from several professions and departments.
    let supporters: Vec<&Person> = gb_people.iter().skip(10).step_by(13).take(12).collect();
    for (i, p) in supporters.iter().enumerate() {
        let email = if i == 0 {
            "supporter@demo.reachin.test".to_owned()
        } else {
            format!("supporter{}@demo.reachin.test", i + 1)
        };
        add_user(state, &gb, &email, p, &[Role::Supporter], hash).await?;
    }
    add_user(state, &gb, "coordinator@demo.reachin.test", &gb_people[3], &[Role::Coordinator], hash).await?;
    add_user(state, &gb, "leader@demo.reachin.test", &gb_people[0], &[Role::Leader], hash).await?;
    add_user(state, &gb, "admin@demo.reachin.test", &gb_people[7], &[Role::OrgAdmin], hash).await?;
    let operator = users::NewUser {
        email: "operator@demo.reachin.test".parse()?,
        display_name: "Network Operator".into(),
        password_hash: hash.to_owned(),
        network_operator: true,
    };
    users::create(db, &operator, now).await?;
    seed_resources(state, &gb).await?;
    seed_roster(state, &gb, &supporters).await?;
    seed_cases(state, &gb, &gb_people, &supporters).await?;
    seed_surveys(state, &gb, &gb_people).await?;
    Ok(())
}

/// Two closed pulse-survey waves of the whole directory (burnout and Mini-Z), answered by about
/// two thirds of the staff, so the survey report has something to show (and to hold back).
async fn seed_surveys(state: &AppState, org: &Organisation, people: &[Person]) -> anyhow::Result<()> {
    use reachin_domain::survey::Form;
    use reachin_store::surveys::{self, NewWave, Response};
    let mut rng = Rng(0x5eed_0003);
    let form = Form::new(true, true, Vec::new())?;
    let now = state.now();
    for (title, days_ago, share) in [("Spring pulse", 200_i64, 70_u64), ("Autumn pulse", 30, 62)] {
        let opened = now - jiff::SignedDuration::from_hours(24 * days_ago);
        let wave = NewWave {
            id: reachin_domain::WaveId::generate(),
            org: org.id,
            title: title.into(),
            form: serde_json::to_string(&form)?,
            population: "{}".into(),
            opened_at: opened,
            closes_at: opened + jiff::SignedDuration::from_hours(24 * 14),
            created_by: None,
            form_key: None,
        };
        surveys::open(&state.db, &wave, &[], |_| reachin_store::jobs::NewJob {
            kind: "none",
            payload: String::new(),
            run_at: now,
        })
        .await?;
        let day =
            org.time_zone.zone().to_datetime(opened + jiff::SignedDuration::from_hours(24 * 3)).date().to_string();
        let mut answers = Vec::new();
        for p in people {
            if rng.next() % 100 >= share {
                continue;
            }
            let level = rng.weighted(&[(1_u8, 25), (2, 35), (3, 25), (4, 10), (5, 5)]).unwrap_or(2);
            let mut given = vec![("burnout".to_owned(), level.to_string())];
            for i in 1..=10 {
                let v = rng.weighted(&[(2_u8, 15), (3, 35), (4, 35), (5, 15)]).unwrap_or(3);
                given.push((format!("mini_z.{i}"), v.to_string()));
            }
            let parsed = form.parse_answers(&given)?;
            let group = [
                p.department.clone().unwrap_or_default(),
                p.profession.map(|x| x.code().to_owned()).unwrap_or_default(),
                p.grade.map(|x| x.code().to_owned()).unwrap_or_default(),
            ];
            let response = Response {
                values: parsed.values().iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
                measures: parsed.measures(&form).into_iter().map(|(m, v)| (m.code(), v)).collect(),
            };
            answers.push((group, day.clone(), response));
        }
        surveys::load(&state.db, org.id, wave.id, &answers).await?;
        surveys::set_invited(&state.db, wave.id, people.len() as u64).await?;
        surveys::close(&state.db, org.id, wave.id, wave.closes_at).await?;
    }
    Ok(())
}

async fn add_user(
    state: &AppState,
    org: &Organisation,
    email: &str,
    person: &Person,
    roles: &[Role],
    hash: &str,
) -> anyhow::Result<()> {
    let now = state.now();
    let user = users::NewUser {
        email: email.parse()?,
        display_name: person.name.clone(),
        password_hash: hash.to_owned(),
        network_operator: false,
    };
    let id = users::create(&state.db, &user, now).await?;
    users::grant(&state.db, org.id, id, Some(person.id), roles, now).await?;
    Ok(())
}

/// A year of cases for the demo organisation: about five referrals a month, most closed with a
/// realistic spread of outcomes, and a handful open in every state (some with the first demo
/// supporter, so their list shows something).
async fn seed_cases(
    state: &AppState,
    org: &Organisation,
    people: &[Person],
    supporters: &[&Person],
) -> anyhow::Result<()> {
    use jiff::SignedDuration;
    use reachin_domain::CaseId;
    use reachin_domain::calendar::Targets;
    use reachin_domain::case::{self as rules, Action, Actor, CaseStatus, Channel, OutcomeKind, Source, Urgency};
    use reachin_store::cases::{self, CaseChange, NewCase};

    let calendar = crate::cases::calendar(state, org).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let targets = Targets::default();
    let mut rng = Rng(0x5eed_0003);
    let now = state.now();
    let supporter_ids: Vec<PersonId> = supporters.iter().map(|p| p.id).collect();
    let subjects: Vec<&Person> = people.iter().filter(|p| !supporter_ids.contains(&p.id)).collect();
    let sources = [
        (Source::SelfReferral, 30),
        (Source::Colleague, 25),
        (Source::Leader, 10),
        (Source::SafetyEvent, 30),
        (Source::Coordinator, 5),
    ];
    let outcomes = [
        (OutcomeKind::Supported, 62),
        (OutcomeKind::Declined, 12),
        (OutcomeKind::NoResponse, 8),
        (OutcomeKind::ReferredOn, 11),
        (OutcomeKind::SelfResolved, 7),
    ];
    let total = 66usize;
    for (i, subject) in subjects.iter().take(total).enumerate() {
        // Spread over the past year, oldest first; the last eight stay open.
        let days_ago = i64::try_from((total - i) * 365 / total).unwrap_or(0);
        let received = now - SignedDuration::from_hours(days_ago * 24 + i64::try_from(rng.next() % 9).unwrap_or(0));
        let open_state = total - i <= 8;
        let urgency = if rng.next().is_multiple_of(10) { Urgency::Urgent } else { Urgency::Routine };
        let id = CaseId::generate();
        let new = NewCase {
            id,
            org_id: org.id,
            subject: subject.id,
            source: rng.weighted(&sources).unwrap_or(Source::SelfReferral),
            referrer: None,
            category: (*rng.pick(reachin_domain::intake::DEFAULT_CATEGORIES)).to_owned(),
            event_id: None,
            event_date: None,
            urgency,
            preferences: Default::default(),
            intake_context: None,
            received_at: received,
            first_contact_due_at: calendar.first_contact_due(&targets, urgency, received)?,
            entered_by: None,
            // History: nothing to notify or time out.
            jobs: Vec::new(),
        };
        cases::open_or_join(&state.db, &new).await?;
        // How far this case gets: open ones stop in each state in turn.
        let stop = if open_state { (total - i) % 5 } else { 99 };
        let supporter = if open_state && i % 4 == 0 { supporter_ids[0] } else { *rng.pick(&supporter_ids) };
        let mut status = CaseStatus {
            state: rules::CaseState::New,
            supporter: None,
            subject: subject.id,
            contacted: false,
            escalated_from: None,
        };
        let mut version = 0;
        let mut at = received;
        let escalate = !open_state && rng.next().is_multiple_of(9);
        let outcome =
            if escalate { OutcomeKind::ReferredOn } else { rng.weighted(&outcomes).unwrap_or(OutcomeKind::Supported) };
        let mut steps: Vec<(Action, Actor, i64)> = vec![
            (Action::Assign(supporter), Actor::Coordinator, 2),
            (Action::Accept, Actor::Supporter(supporter), 1),
            (Action::LogContact, Actor::Supporter(supporter), 6),
        ];
        if escalate || stop == 4 {
            steps.push((Action::Escalate, Actor::Supporter(supporter), 1));
        }
        if escalate {
            steps.push((Action::ResolveEscalation, Actor::Coordinator, 3));
        }
        steps.push((Action::Close(outcome), Actor::Supporter(supporter), 48));
        for (n, (action, actor, hours)) in steps.into_iter().enumerate() {
            if n >= stop && !(stop == 4 && matches!(action, Action::Escalate)) {
                break;
            }
            at += SignedDuration::from_hours(hours);
            let transition = rules::apply(&status, &action, actor)?;
            let change = CaseChange {
                case: id,
                org: org.id,
                expected_version: version,
                transition,
                action: action.code(),
                actor_kind: if actor == Actor::Coordinator { "coordinator" } else { "supporter" },
                actor_user: None,
                at,
                accept_due_at: matches!(action, Action::Assign(_)).then(|| at + targets.routine_accept),
                contact: matches!(action, Action::LogContact).then_some((Channel::Phone, true)),
                contact_at: None,
                close: match action {
                    Action::Close(o) => Some((
                        o,
                        (o == OutcomeKind::Supported).then_some(1 + i64::try_from(rng.next() % 3).unwrap_or(0)),
                    )),
                    _ => None,
                },
                jobs: Vec::new(),
            };
            version = cases::apply(&state.db, &change).await?;
            status = CaseStatus {
                state: transition.to,
                supporter: transition.supporter,
                subject: subject.id,
                contacted: status.contacted || matches!(action, Action::LogContact),
                escalated_from: if transition.to == rules::CaseState::Escalated {
                    Some(transition.from)
                } else {
                    status.escalated_from
                },
            };
        }
    }
    // This morning a cardiac arrest on a ward touched four colleagues: their cases wait for
    // supporters, so the event's batch assignment has something to plan.
    let event = reachin_store::events::NewEvent {
        id: reachin_domain::EventId::generate(),
        org_id: org.id,
        external_ref: "DATIX-2026-1187".into(),
        category: "unexpected_death".into(),
        event_date: Some(now.to_zoned_datetime(org.time_zone.zone()).date().to_string()),
        received_at: now - SignedDuration::from_hours(2),
        reported_by: None,
    };
    let mut waiting = Vec::new();
    for subject in subjects.iter().skip(total).take(4) {
        waiting.push(NewCase {
            id: CaseId::generate(),
            org_id: org.id,
            subject: subject.id,
            source: Source::SafetyEvent,
            referrer: None,
            category: event.category.clone(),
            event_id: Some(event.id),
            event_date: event.event_date.clone(),
            urgency: Urgency::Routine,
            preferences: Default::default(),
            intake_context: None,
            received_at: event.received_at,
            first_contact_due_at: calendar.first_contact_due(&targets, Urgency::Routine, event.received_at)?,
            entered_by: None,
            jobs: Vec::new(),
        });
    }
    reachin_store::events::create_with_cases(&state.db, &event, &waiting).await?;
    Ok(())
}

/// Each demo organisation's resources, in its own country's terms.
async fn seed_resources(state: &AppState, org: &Organisation) -> anyhow::Result<()> {
    use reachin_domain::ResourceId;
    use reachin_domain::case::ResourceKind;
    use reachin_store::resources::{self, Resource};
    let entries: &[(ResourceKind, &str, &str, Option<&str>, bool)] = match org.locale {
        Locale::EnGb => &[
            (ResourceKind::CrisisLine, "Samaritans", "Call 116 123 (free)", Some("24 hours, every day"), true),
            (
                ResourceKind::CrisisLine,
                "On-call mental health liaison",
                "Switchboard, ask for psychiatric liaison",
                Some("24 hours"),
                true,
            ),
            (ResourceKind::Eap, "Employee Assistance Programme", "0800 030 5182", Some("24 hours"), false),
            (
                ResourceKind::OccupationalHealth,
                "Occupational Health",
                "Ext. 4410, Education Centre level 2",
                Some("Mon–Fri 08:30–16:30"),
                false,
            ),
            (
                ResourceKind::Chaplaincy,
                "Chaplaincy and spiritual care",
                "Ext. 2255 or bleep 1234",
                Some("24 hours on call"),
                false,
            ),
            (
                ResourceKind::PractitionerHealth,
                "NHS Practitioner Health",
                "0300 0303 300",
                Some("Mon–Fri 08:00–20:00"),
                false,
            ),
        ],
        Locale::EnUs => &[
            (ResourceKind::CrisisLine, "988 Suicide & Crisis Lifeline", "Call or text 988", Some("24/7"), true),
            (ResourceKind::Eap, "Employee Assistance Program", "1-800-555-0137", Some("24/7"), false),
            (ResourceKind::Chaplaincy, "Spiritual care", "Pager 4-2210", Some("24/7 on call"), false),
            (ResourceKind::Legal, "Risk management legal support", "Ext. 7730", Some("Mon–Fri 8am–5pm"), false),
        ],
    };
    for (kind, name, reach, hours, crisis) in entries {
        let r = Resource {
            id: ResourceId::generate(),
            kind: *kind,
            name: (*name).to_owned(),
            how_to_reach: (*reach).to_owned(),
            hours: hours.map(str::to_owned),
            crisis: *crisis,
        };
        resources::add(&state.db, org.id, &r, state.now()).await?;
    }
    Ok(())
}

/// The demo roster: most supporters active and trained; one whose training has lapsed, one
/// paused, one away this week, so the matching reasons show.
async fn seed_roster(state: &AppState, org: &Organisation, supporters: &[&Person]) -> anyhow::Result<()> {
    use jiff::SignedDuration;
    use reachin_store::roster;
    let now = state.now();
    let day = SignedDuration::from_hours(24);
    for (i, p) in supporters.iter().enumerate() {
        let status = if i == 10 { SupporterStatus::Paused } else { SupporterStatus::Active };
        roster::set_status(&state.db, org.id, p.id, SupporterStatus::Nominated, None, now - day * 400).await?;
        roster::set_status(&state.db, org.id, p.id, SupporterStatus::Approved, None, now - day * 390).await?;
        roster::set_status(&state.db, org.id, p.id, SupporterStatus::Trained, None, now - day * 380).await?;
        roster::set_status(&state.db, org.id, p.id, status, None, now - day * 370).await?;
        // Training lasts two years; supporter 9 trained long ago and has lapsed.
        let completed = if i == 9 { now - day * 800 } else { now - day * (30 + 20 * i32::try_from(i).unwrap_or(0)) };
        roster::add_training(&state.db, org.id, p.id, "Peer support core training", completed, completed + day * 730)
            .await?;
        if i == 11 {
            roster::add_away(&state.db, org.id, p.id, now - day * 2, now + day * 5).await?;
        }
        // The first demo supporter (the one the demo sign-in uses) has room for more.
        if i == 0 {
            roster::set_cap(&state.db, org.id, p.id, 8, now).await?;
        }
        // Supporter 1 holds this week's on-call shift for urgent cases.
        if i == 1 {
            roster::add_period(&state.db, roster::PeriodKind::OnCall, org.id, p.id, now - day, now + day * 6).await?;
        }
        // Supporter 2 asked for a debrief after a hard case.
        if i == 2 {
            reachin_store::wellbeing::request_debrief(&state.db, org.id, p.id, now - day * 3).await?;
        }
    }
    Ok(())
}
