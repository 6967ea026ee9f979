//! Pulse surveys in action, shared by pages, API and the job runner: opening a wave (checked,
//! one invitation per person, each emailed by a job), sending an invitation or a reminder (a
//! fresh token each time, so only the latest link works), taking an answer (the token spent and
//! the answer stored with nothing that links them), and closing waves whose time is up.

use jiff::SignedDuration;
use reachin_domain::audit::{AuditAction, RecordKind};
use reachin_domain::org::Organisation;
use reachin_domain::survey::Form;
use reachin_domain::text::single_line;
use reachin_domain::{OrgId, UserId, WaveId};
use reachin_store::audit::Entry;
use reachin_store::jobs::NewJob;
use reachin_store::surveys::{self, NewWave, Response};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, Detail};
use crate::state::AppState;

/// The job that emails one invitation.
pub const SURVEY_INVITE: &str = "survey_invite";
/// The job that emails one reminder.
pub const SURVEY_REMINDER: &str = "survey_reminder";

/// How long after a wave opens those who have not answered are reminded (once).
pub const REMINDER_AFTER: SignedDuration = SignedDuration::from_hours(24 * 3);

/// The longest a wave may stay open.
pub const MAX_DAYS_OPEN: u32 = 60;

/// Who a wave asks: everyone in the directory matching each non-empty list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Departments (empty: every department).
    #[serde(default)]
    pub departments: Vec<String>,
    /// Profession codes (empty: every profession).
    #[serde(default)]
    pub professions: Vec<String>,
    /// Grade codes (empty: every grade).
    #[serde(default)]
    pub grades: Vec<String>,
}

/// A wave as asked for.
#[derive(Debug, Clone)]
pub struct WaveRequest {
    /// Its title.
    pub title: String,
    /// What it asks.
    pub form: Form,
    /// Who it asks.
    pub population: Population,
    /// How many days it stays open.
    pub days_open: u32,
    /// The key of the form that asked (a form sent twice opens one wave).
    pub form_key: Option<String>,
}

fn invalid(id: &str) -> AppError {
    AppError::Invalid(Detail::Message(id.into()))
}

/// Checks and opens a wave: one invitation per person of the population, each emailed by a job
/// written in the same transaction. A population smaller than the floor is refused: its answers
/// could never be shown.
pub async fn open(state: &AppState, org: &Organisation, by: UserId, req: WaveRequest) -> AppResult<WaveId> {
    let form_key = req.form_key.as_deref().map(str::trim).filter(|k| !k.is_empty());
    if let Some(key) = form_key {
        if key.len() > 80 {
            return Err(invalid("survey-bad-form-key"));
        }
        // The same form again (a double click, a resend): the wave it already opened.
        if let Some(id) = surveys::by_form_key(&state.db, org.id, key).await? {
            return Ok(id);
        }
    }
    let title = single_line(&req.title, 120).map_err(|_| invalid("survey-bad-title"))?;
    if !(1..=MAX_DAYS_OPEN).contains(&req.days_open) {
        return Err(invalid("survey-bad-days"));
    }
    let p = &req.population;
    if p.professions.iter().any(|c| c.parse::<reachin_domain::directory::Profession>().is_err())
        || p.grades.iter().any(|c| c.parse::<reachin_domain::directory::Grade>().is_err())
    {
        return Err(invalid("survey-bad-population"));
    }
    let known = surveys::departments(&state.db, org.id).await?;
    if p.departments.iter().any(|d| !known.contains(d)) {
        return Err(invalid("survey-bad-population"));
    }
    let people = surveys::population(&state.db, org.id, &p.departments, &p.professions, &p.grades).await?;
    let floor = floor(state, org.id).await?;
    if (people.len() as u64) < u64::from(floor) {
        return Err(AppError::Invalid(Detail::Text(state.catalogue.tr(org.locale, org.time_zone.zone()).t1(
            "survey-population-too-small",
            "floor",
            floor,
        ))));
    }
    let now = state.now();
    let id = WaveId::generate();
    let wave = NewWave {
        id,
        org: org.id,
        title,
        form: serde_json::to_string(&req.form).map_err(|e| AppError::Internal(e.into()))?,
        population: serde_json::to_string(&req.population).map_err(|e| AppError::Internal(e.into()))?,
        opened_at: now,
        closes_at: now + SignedDuration::from_hours(24 * i64::from(req.days_open)),
        created_by: Some(by),
        form_key: form_key.map(str::to_owned),
    };
    surveys::open(&state.db, &wave, &people, |invitation| invitation_job(SURVEY_INVITE, invitation, now)).await?;
    state
        .audit(
            Entry::new(AuditAction::SurveyWaveOpened)
                .org(org.id)
                .by(by)
                .record(RecordKind::Wave, id)
                .detail(people.len().to_string()),
        )
        .await?;
    Ok(id)
}

/// The organisation's suppression floor in force.
pub async fn floor(state: &AppState, org: OrgId) -> AppResult<u32> {
    let stored = reachin_store::privacy::suppression_floor(&state.db, org).await?;
    Ok(reachin_domain::suppression::floor(Some(stored)))
}

#[derive(Debug, Serialize, Deserialize)]
struct InvitationRef {
    invitation: String,
}

fn invitation_job(kind: &'static str, invitation: &str, run_at: jiff::Timestamp) -> NewJob {
    let payload = serde_json::to_string(&InvitationRef { invitation: invitation.to_owned() }).unwrap_or_default();
    NewJob { kind, payload, run_at }
}

/// The job: emails an invitation (or a reminder) with a fresh link; nothing if it was answered
/// meanwhile, the wave closed, or the person has no email address.
pub async fn send_invitation(state: &AppState, payload: &str, reminder: bool) -> anyhow::Result<()> {
    let r: InvitationRef = serde_json::from_str(payload)?;
    let Some(inv) = surveys::invitation(&state.db, &r.invitation).await? else { return Ok(()) };
    if inv.answered {
        return Ok(());
    }
    let Some(org) = reachin_store::orgs::by_id(&state.db, inv.org).await? else { return Ok(()) };
    let Some(wave) = surveys::wave(&state.db, org.id, inv.wave).await? else { return Ok(()) };
    let Some(person) = reachin_store::directory::by_id(&state.db, org.id, inv.person).await? else { return Ok(()) };
    let Some(to) = person.email else { return Ok(()) };
    let token = crate::auth::secrets::random_token()?;
    if !surveys::renew_token(&state.db, &r.invitation, &crate::auth::secrets::hash(&token), state.now(), reminder)
        .await?
    {
        return Ok(());
    }
    let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
    let args = [
        ("org", org.name.clone()),
        ("title", wave.title.clone()),
        ("closes", tr.date(wave.closes_at)),
        ("link", format!("{}/o/{}/answer/{token}", crate::jobs::public_base(state), org.slug)),
    ];
    let id = if reminder { "email-survey-reminder" } else { "email-survey-invite" };
    let email = crate::jobs::compose(state, &org, id, to, &args).await?;
    state.mailer.send(&state.config.mail_from, &email, state.now()).await
}

/// Closes the waves whose time is up, and queues one reminder for each invitation not answered
/// three days after its wave opened. Run with the jobs, so two instances never both remind.
pub async fn sweep(state: &AppState) -> anyhow::Result<usize> {
    let now = state.now();
    let mut done = 0;
    for (org, wave) in surveys::due_to_close(&state.db, now).await? {
        if surveys::close(&state.db, org, wave, now).await? {
            state
                .audit(
                    Entry::new(AuditAction::SurveyWaveClosed).org(org).record(RecordKind::Wave, wave).detail("time_up"),
                )
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            done += 1;
        }
    }
    let due = surveys::due_reminders(&state.db, now - REMINDER_AFTER, now, 500).await?;
    done += surveys::queue_reminders(&state.db, &due, now, |id| invitation_job(SURVEY_REMINDER, id, now)).await?;
    Ok(done)
}

/// Closes a wave by hand.
pub async fn close(state: &AppState, org: OrgId, by: UserId, wave: WaveId) -> AppResult<()> {
    if surveys::wave(&state.db, org, wave).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if !surveys::close(&state.db, org, wave, state.now()).await? {
        return Err(invalid("survey-already-closed"));
    }
    state
        .audit(
            Entry::new(AuditAction::SurveyWaveClosed).org(org).by(by).record(RecordKind::Wave, wave).detail("by_hand"),
        )
        .await?;
    Ok(())
}

/// What became of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Stored.
    Stored,
    /// The link was already used, replaced by a newer one, or its wave closed.
    Spent,
}

/// A token's wave, if the link is live.
pub async fn wave_of_link(state: &AppState, org: OrgId, token: &str) -> AppResult<Option<surveys::Wave>> {
    if !crate::auth::secrets::looks_like_token(token) {
        return Ok(None);
    }
    Ok(surveys::wave_of_token(&state.db, org, &crate::auth::secrets::hash(token), state.now()).await?)
}

/// The form a wave asks.
pub fn form_of(wave: &surveys::Wave) -> AppResult<Form> {
    serde_json::from_str(&wave.form).map_err(|e| AppError::Internal(anyhow::anyhow!("stored survey form: {e}")))
}

/// Takes an answer: checked against the wave's form (every question answered, in range), then
/// the token spent and the answer stored in one transaction, with the day only.
pub async fn answer(
    state: &AppState,
    org: &Organisation,
    token: &str,
    given: &[(String, String)],
) -> AppResult<Answered> {
    let Some(wave) = wave_of_link(state, org.id, token).await? else { return Ok(Answered::Spent) };
    let form = form_of(&wave)?;
    let answers = form.parse_answers(given).map_err(|e| {
        let tr = state.catalogue.tr(org.locale, org.time_zone.zone());
        AppError::Invalid(Detail::Text(tr.t1(
            "survey-answer-missing",
            "question",
            question_number(&form, e.question()),
        )))
    })?;
    let response = Response {
        values: answers.values().iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        measures: answers.measures(&form).into_iter().map(|(m, v)| (m.code(), v)).collect(),
    };
    // The day only, in the organisation's zone: the time would help match an answer to a spent
    // invitation.
    let day = org.time_zone.zone().to_datetime(state.now()).date().to_string();
    let stored =
        surveys::answer(&state.db, org.id, &crate::auth::secrets::hash(token), &response, state.now(), &day).await?;
    Ok(if stored { Answered::Stored } else { Answered::Spent })
}

fn question_number(form: &Form, code: &str) -> i64 {
    form.questions().iter().position(|q| q.code == code).map(|i| i as i64 + 1).unwrap_or(0)
}
