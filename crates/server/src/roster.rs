//! The roster's actions, shared by the pages and the API: lifecycle steps, training records,
//! caps, away periods and on-call shifts, a supporter's own profile, debriefs, and the refresher
//! reminders. Every input is checked here with the domain's rules before anything is written.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::intake::GenderPreference;
use reachin_domain::org::Organisation;
use reachin_domain::roster::{self, Period, PeriodError, SupporterStatus};
use reachin_domain::text::single_line;
use reachin_domain::{PersonId, UserId};
use reachin_store::audit::Entry;
use reachin_store::roster::{self as store, PeriodKind};
use reachin_store::{directory, orgs, users};

use crate::error::{AppError, AppResult, Detail};
use crate::state::AppState;

fn invalid(id: &str) -> AppError {
    AppError::Invalid(Detail::Message(id.into()))
}

/// A supporter of this organisation: on its roster or holding a supporter sign-in (else not
/// found, the same as another organisation's id).
pub async fn supporter(state: &AppState, org: &Organisation, person: &str) -> AppResult<store::RosterEntry> {
    let person: PersonId = person.parse().map_err(|_| AppError::NotFound)?;
    store::roster(&state.db, org.id, Some(person), state.now()).await?.into_iter().next().ok_or(AppError::NotFound)
}

/// Moves a supporter one lifecycle step, from the status the form showed (`from`) to `to`.
pub async fn step(
    state: &AppState,
    org: &Organisation,
    person: PersonId,
    from: Option<&str>,
    to: &str,
    by: UserId,
) -> AppResult<()> {
    let to: SupporterStatus = to.parse().map_err(|_| invalid("roster-bad-status"))?;
    let from: Option<SupporterStatus> = match from.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => Some(f.parse().map_err(|_| invalid("roster-bad-status"))?),
        None => None,
    };
    // Someone with a supporter sign-in and no roster row is implicitly active.
    let current = store::status_of(&state.db, org.id, person).await?;
    let shown = match (current, users_supporter(state, org, person).await?) {
        (Some(s), _) => Some(s),
        (None, true) => Some(SupporterStatus::Active),
        (None, false) => None,
    };
    if shown != from {
        return Err(AppError::Conflict(Detail::Message("conflict-roster-changed".into())));
    }
    if !to.may_follow(from) {
        return Err(invalid("roster-bad-step"));
    }
    if current.is_none() && from.is_some() {
        // Make the implied entry real first, so the conditional step has a row to move.
        store::set_status(&state.db, org.id, person, SupporterStatus::Active, None, state.now()).await?;
    }
    store::step(&state.db, org.id, person, from, to, Some(by), state.now()).await?;
    state
        .audit(
            Entry::new(AuditAction::RosterStep).org(org.id).by(by).record(RecordKind::Person, person).detail(to.code()),
        )
        .await?;
    Ok(())
}

async fn users_supporter(state: &AppState, org: &Organisation, person: PersonId) -> AppResult<bool> {
    Ok(users::supporters(&state.db, org.id).await?.iter().any(|(p, _)| *p == person))
}

/// Nominates someone from the directory, found by work email or employee id.
pub async fn nominate(state: &AppState, org: &Organisation, who: &str, by: UserId) -> AppResult<PersonId> {
    let who = who.trim();
    let person = match who.parse() {
        Ok(email) => directory::by_email(&state.db, org.id, &email).await?,
        Err(_) if !who.is_empty() => directory::by_employee_id(&state.db, org.id, who).await?,
        Err(_) => None,
    }
    .ok_or_else(|| invalid("roster-not-in-directory"))?;
    step(state, org, person.id, None, SupporterStatus::Nominated.code(), by).await?;
    Ok(person.id)
}

/// A day as entered on a form or in the API (`YYYY-MM-DD`).
pub fn parse_date(raw: &str) -> AppResult<Date> {
    raw.trim().parse().map_err(|_| invalid("roster-bad-date"))
}

/// Records a completed training: completed on a day not in the future, valid until a later day.
pub async fn add_training(
    state: &AppState,
    org: &Organisation,
    person: PersonId,
    course: &str,
    completed: &str,
    expires: &str,
) -> AppResult<()> {
    let course = single_line(course, 120).map_err(|_| invalid("roster-bad-course"))?;
    let zone = org.time_zone.zone();
    let (completed, expires) = (parse_date(completed)?, parse_date(expires)?);
    let start_of = |d: Date| {
        d.to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|_| invalid("roster-bad-date"))
    };
    let (completed_at, expires_at) = (start_of(completed)?, start_of(expires)?);
    if completed_at > state.now() {
        return Err(invalid("roster-training-in-future"));
    }
    if expires_at <= completed_at {
        return Err(invalid("roster-training-expiry"));
    }
    store::add_training(&state.db, org.id, person, &course, completed_at, expires_at).await?;
    Ok(())
}

/// Sets a caseload cap (1 to the domain's maximum).
pub async fn set_cap(state: &AppState, org: &Organisation, person: PersonId, raw: &str) -> AppResult<()> {
    let cap = raw.trim().parse::<u32>().ok().and_then(roster::cap).ok_or_else(|| invalid("roster-bad-cap"))?;
    store::set_cap(&state.db, org.id, person, cap, state.now()).await?;
    Ok(())
}

/// A moment as entered: `YYYY-MM-DDTHH:MM` in the organisation's time zone, or a day
/// (`YYYY-MM-DD`), meaning its start — or, for the end of a period, the end of that day.
fn moment(raw: &str, zone: &TimeZone, end: bool) -> AppResult<Timestamp> {
    let raw = raw.trim();
    let local: DateTime = match raw.parse::<DateTime>() {
        Ok(dt) => dt,
        Err(_) => {
            let d: Date = raw.parse().map_err(|_| invalid("roster-bad-date"))?;
            let d = if end { d.tomorrow().map_err(|_| invalid("roster-bad-date"))? } else { d };
            d.to_datetime(jiff::civil::Time::midnight())
        }
    };
    local.to_zoned_datetime(zone.clone()).map(|z| z.timestamp()).map_err(|_| invalid("roster-bad-date"))
}

/// Parses a period from the form's or the API's two moments.
pub fn period(org: &Organisation, from: &str, until: &str, now: Timestamp) -> AppResult<Period> {
    let zone = org.time_zone.zone();
    Period::new(moment(from, &zone, false)?, moment(until, &zone, true)?, now).map_err(|e| {
        invalid(match e {
            PeriodError::EndsBeforeStart => "roster-period-order",
            PeriodError::InThePast => "roster-period-past",
            PeriodError::TooLong => "roster-period-long",
        })
    })
}

/// Adds an away period or on-call shift for a supporter; returns its id.
pub async fn add_period(
    state: &AppState,
    org: &Organisation,
    kind: PeriodKind,
    person: PersonId,
    from: &str,
    until: &str,
) -> AppResult<String> {
    let p = period(org, from, until, state.now())?;
    Ok(store::add_period(&state.db, kind, org.id, person, p.starts, p.ends).await?)
}

/// Removes an away period or on-call shift: a supporter's own (with `person`), or any.
pub async fn remove_period(
    state: &AppState,
    org: &Organisation,
    kind: PeriodKind,
    person: Option<PersonId>,
    id: &str,
) -> AppResult<()> {
    if store::remove_period(&state.db, kind, org.id, person, id).await? { Ok(()) } else { Err(AppError::NotFound) }
}

/// What a supporter chooses to share: gender (`woman`, `man`, or empty for not given) and up to
/// ten languages, comma separated.
pub async fn set_profile(
    state: &AppState,
    org: &Organisation,
    person: PersonId,
    gender: &str,
    languages: &str,
) -> AppResult<()> {
    let gender = match gender.trim() {
        "" => None,
        "woman" => Some(GenderPreference::Woman),
        "man" => Some(GenderPreference::Man),
        _ => return Err(invalid("roster-bad-gender")),
    };
    let mut list = Vec::new();
    for l in languages.split(',').map(str::trim).filter(|l| !l.is_empty()) {
        let l = single_line(l, 40).map_err(|_| invalid("roster-bad-languages"))?;
        if !list.iter().any(|x: &String| x.eq_ignore_ascii_case(&l)) {
            list.push(l);
        }
    }
    if list.len() > 10 {
        return Err(invalid("roster-bad-languages"));
    }
    store::set_profile(&state.db, org.id, person, gender, &list, state.now()).await?;
    Ok(())
}

/// Sends the refresher reminders that are due: one email per training, ahead of its expiry, to
/// the supporter's sign-in address. Each reminder is claimed before it is sent, so two instances
/// never both send it. Returns how many went.
pub async fn send_refreshers(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now();
    let mut sent = 0;
    for r in store::unreminded_expiring(&state.db, now, now + roster::REFRESHER_NOTICE).await? {
        if !roster::refresher_due(r.expires_at, r.latest_expiry, false, now) {
            continue;
        }
        let Some(org) = orgs::by_id(&state.db, r.org).await? else { continue };
        if !store::claim_reminder(&state.db, &r.training, now).await? {
            continue;
        }
        let Some(to) = users::email_of_person(&state.db, org.id, r.person).await? else { continue };
        let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
        let args = [
            ("org", org.name.clone()),
            ("course", r.course.clone()),
            ("date", tr.date(r.expires_at)),
            ("link", format!("{}/o/{}/supporter/availability", crate::jobs::public_base(state), org.slug)),
        ];
        let email = crate::jobs::compose(state, &org, "email-refresher", to, &args).await?;
        if let Err(e) = state.mailer.send(&state.config.mail_from, &email, now).await {
            // Not sent: release the claim so the next round tries again.
            store::release_reminder(&state.db, &r.training).await?;
            return Err(e);
        }
        sent += 1;
    }
    Ok(sent)
}

/// Tells the coordinators a supporter asked for a debrief: the organisation and a link to the
/// roster, which shows who (emails to staff never carry names).
pub async fn tell_coordinators_of_debrief(state: &AppState, org: &Organisation) -> AppResult<()> {
    let args = [
        ("org", org.name.clone()),
        ("link", format!("{}/o/{}/coordinator/supporters", crate::jobs::public_base(state), org.slug)),
    ];
    for to in users::emails_with_role(&state.db, org.id, reachin_domain::Role::Coordinator).await? {
        let email = crate::jobs::compose(state, org, "email-debrief", to, &args).await?;
        state.mailer.send(&state.config.mail_from, &email, state.now()).await?;
    }
    Ok(())
}
