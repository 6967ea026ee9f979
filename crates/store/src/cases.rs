//! Support cases: intake (with the duplicate guard), reading, and transitions recorded with their
//! time and actor in the same transaction as the change. Every call is scoped by organisation.

use jiff::Timestamp;
use reachin_domain::case::{CaseState, CaseStatus, Channel, OutcomeKind, Source, Transition, Urgency};
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::intake::Preferences;
use reachin_domain::{CaseId, EventId, OrgId, PersonId, UserId};
use sqlx::any::AnyRow;

use crate::crypt::OrgKey;
use crate::directory::open_name;
use crate::rows::{int, opt_int, opt_parsed, opt_text, parsed, text};
use crate::{Clash, Db, Missing, Result, StoreError};

/// A new request for support, checked by the domain.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// The id the case gets if one is opened.
    pub id: CaseId,
    /// Whose programme.
    pub org_id: OrgId,
    /// Who is to be reached.
    pub subject: PersonId,
    /// How it came in.
    pub source: Source,
    /// Who referred them (colleague, leader), when known.
    pub referrer: Option<PersonId>,
    /// Event category code.
    pub category: String,
    /// The safety event it belongs to.
    pub event_id: Option<EventId>,
    /// When the event happened (local date, `YYYY-MM-DD`).
    pub event_date: Option<String>,
    /// How soon contact is due.
    pub urgency: Urgency,
    /// The requester's preferences.
    pub preferences: Preferences,
    /// The short intake context, if any.
    pub intake_context: Option<String>,
    /// When it arrived.
    pub received_at: Timestamp,
    /// When the first contact is due.
    pub first_contact_due_at: Timestamp,
    /// The signed-in user who entered it (none for the public page).
    pub entered_by: Option<UserId>,
    /// Consequences of a new case (notifications, deadlines), enqueued with it. Not enqueued
    /// when the referral joins an open case.
    pub jobs: Vec<crate::jobs::NewJob>,
}

/// What an intake did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A new case was opened.
    New(CaseId),
    /// The person already had an open case; the referral joined it.
    Joined(CaseId),
}

impl Opened {
    /// The case either way.
    #[must_use]
    pub fn case_id(self) -> CaseId {
        match self {
            Opened::New(id) | Opened::Joined(id) => id,
        }
    }
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// Id.
    pub id: CaseId,
    /// Organisation.
    pub org_id: OrgId,
    /// Subject (none once de-identified).
    pub subject_id: Option<PersonId>,
    /// Source.
    pub source: Source,
    /// Category code.
    pub category: String,
    /// Safety event.
    pub event_id: Option<EventId>,
    /// Event date.
    pub event_date: Option<String>,
    /// Received.
    pub received_at: Timestamp,
    /// Urgency.
    pub urgency: Urgency,
    /// State.
    pub state: CaseState,
    /// Supporter.
    pub supporter_id: Option<PersonId>,
    /// Preferences.
    pub preferences: Preferences,
    /// Intake context (erased at closure).
    pub intake_context: Option<String>,
    /// First contact due.
    pub first_contact_due_at: Timestamp,
    /// Last assignment.
    pub assigned_at: Option<Timestamp>,
    /// Acceptance due.
    pub accept_due_at: Option<Timestamp>,
    /// First outreach.
    pub first_contact_at: Option<Timestamp>,
    /// Closed.
    pub closed_at: Option<Timestamp>,
    /// Outcome.
    pub outcome: Option<OutcomeKind>,
    /// Interactions (supported outcome).
    pub interactions: Option<i64>,
    /// Optimistic-concurrency version: a form carries it back, a stale one is refused.
    pub version: i64,
    /// Where the case was when last escalated.
    pub escalated_from: Option<CaseState>,
}

impl CaseRecord {
    /// What the state machine needs (none once the subject is gone).
    #[must_use]
    pub fn status(&self) -> Option<CaseStatus> {
        Some(CaseStatus {
            state: self.state,
            supporter: self.supporter_id,
            subject: self.subject_id?,
            contacted: self.first_contact_at.is_some(),
            escalated_from: self.escalated_from,
        })
    }
}

/// A case with the names a coordinator or its supporter sees in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// The case.
    pub case: CaseRecord,
    /// The subject's name.
    pub subject_name: Option<String>,
    /// The subject's department.
    pub subject_department: Option<String>,
    /// The supporter's name.
    pub supporter_name: Option<String>,
}

macro_rules! case_columns {
    () => {
        "c.id, c.org_id, c.subject_id, c.source, c.category, c.event_id, c.event_date, c.received_at, c.urgency, \
         c.state, c.supporter_id, c.preferences, c.intake_context, c.first_contact_due_at, c.assigned_at, \
         c.accept_due_at, c.first_contact_at, c.closed_at, c.outcome, c.interactions, c.version, c.escalated_from"
    };
}

fn ts(row: &AnyRow, column: &'static str) -> Result<Option<Timestamp>> {
    Ok(opt_int(row, column)?.map(from_micros))
}

/// The associated data that binds a sealed intake context to its case.
pub(crate) fn context_field(case: &str) -> String {
    format!("cases.intake_context:{case}")
}

fn from_row(key: &OrgKey, row: &AnyRow) -> Result<CaseRecord> {
    let prefs = text(row, "preferences")?;
    let id = text(row, "id")?;
    let context = opt_text(row, "intake_context")?
        .map(|sealed| key.open(&context_field(&id), &sealed))
        .transpose()
        .map_err(|_| StoreError::Corrupt { column: "intake_context", reason: "does not open".into() })?;
    Ok(CaseRecord {
        id: parsed(row, "id")?,
        org_id: parsed(row, "org_id")?,
        subject_id: opt_parsed(row, "subject_id")?,
        source: parsed(row, "source")?,
        category: text(row, "category")?,
        event_id: opt_parsed(row, "event_id")?,
        event_date: opt_text(row, "event_date")?,
        received_at: from_micros(int(row, "received_at")?),
        urgency: parsed(row, "urgency")?,
        state: parsed(row, "state")?,
        supporter_id: opt_parsed(row, "supporter_id")?,
        preferences: serde_json::from_str(&prefs)
            .map_err(|e| StoreError::Corrupt { column: "preferences", reason: e.to_string() })?,
        intake_context: context,
        first_contact_due_at: from_micros(int(row, "first_contact_due_at")?),
        assigned_at: ts(row, "assigned_at")?,
        accept_due_at: ts(row, "accept_due_at")?,
        first_contact_at: ts(row, "first_contact_at")?,
        closed_at: ts(row, "closed_at")?,
        outcome: opt_parsed(row, "outcome")?,
        interactions: opt_int(row, "interactions")?,
        version: int(row, "version")?,
        escalated_from: opt_parsed(row, "escalated_from")?,
    })
}

fn summary_from_row(key: &OrgKey, row: &AnyRow) -> Result<CaseSummary> {
    let case = from_row(key, row)?;
    let subject = case.subject_id.map(|s| s.to_string());
    let supporter = case.supporter_id.map(|s| s.to_string());
    Ok(CaseSummary {
        subject_name: open_name(key, row, "subject_name", subject.as_deref())?,
        subject_department: opt_text(row, "subject_department")?,
        supporter_name: open_name(key, row, "supporter_name", supporter.as_deref())?,
        case,
    })
}

const OPEN_STATES: &str = "('new', 'assigned', 'accepted', 'contacted', 'escalated')";

/// Opens a case, or — when the person already has an open case — links the referral to it
/// (the duplicate guard). One transaction; a unique index backs the guard under concurrency.
pub async fn open_or_join(db: &Db, new: &NewCase) -> Result<Opened> {
    for _ in 0..2 {
        match try_open_or_join(db, new).await {
            Err(StoreError::Conflict(Clash::CaseChanged)) => continue,
            other => return other,
        }
    }
    Err(StoreError::Conflict(Clash::CaseChanged))
}

async fn try_open_or_join(db: &Db, new: &NewCase) -> Result<Opened> {
    let key = db.org_key(new.org_id).await?;
    let mut tx = db.writer().begin().await?;
    match open_or_join_in(&mut tx, &key, new).await {
        Ok(opened) => {
            tx.commit().await?;
            Ok(opened)
        }
        Err(e) => crate::error::abort(tx, e).await,
    }
}

/// Opens or joins inside an open transaction (used to write a safety event and all its cases
/// together). On a concurrent duplicate it fails with `Conflict(CaseChanged)`; the caller's
/// transaction must then be rolled back.
pub async fn open_or_join_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, key: &OrgKey, new: &NewCase) -> Result<Opened> {
    let org = new.org_id.to_string();
    let subject = new.subject.to_string();
    let person: Option<(Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT department, profession, grade FROM people WHERE org_id = $1 AND id = $2")
            .bind(&org)
            .bind(&subject)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((department, profession, grade)) = person else {
        return Err(StoreError::NotFound(Missing::Subject));
    };
    let sql = format!("SELECT id FROM cases WHERE org_id = $1 AND subject_id = $2 AND state IN {OPEN_STATES}");
    let open: Option<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&org).bind(&subject).fetch_optional(&mut **tx).await?;
    let now = to_micros(new.received_at);
    let opened = if let Some((id,)) = open {
        let id: CaseId = id.parse().map_err(|_| StoreError::Corrupt { column: "cases.id", reason: id.clone() })?;
        Opened::Joined(id)
    } else {
        let prefs = serde_json::to_string(&new.preferences)
            .map_err(|e| StoreError::Corrupt { column: "preferences", reason: e.to_string() })?;
        let inserted = sqlx::query(
            "INSERT INTO cases (id, org_id, subject_id, source, category, event_id, event_date, received_at, urgency,
                                state, preferences, intake_context, first_contact_due_at, department, profession,
                                grade, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'new', $10, $11, $12, $13, $14, $15, 0, $8, $8)",
        )
        .bind(new.id.to_string())
        .bind(&org)
        .bind(&subject)
        .bind(new.source.code())
        .bind(&new.category)
        .bind(new.event_id.map(|e| e.to_string()))
        .bind(new.event_date.as_deref())
        .bind(now)
        .bind(new.urgency.code())
        .bind(prefs)
        .bind(new.intake_context.as_deref().map(|c| key.seal(&context_field(&new.id.to_string()), c)).transpose()?)
        .bind(to_micros(new.first_contact_due_at))
        .bind(department)
        .bind(profession)
        .bind(grade)
        .execute(&mut **tx)
        .await;
        match inserted {
            Ok(_) => {}
            // Another referral for the same person opened a case between our read and write.
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                return Err(StoreError::Conflict(Clash::CaseChanged));
            }
            Err(e) => return Err(e.into()),
        }
        record_transition(
            tx,
            new.org_id,
            new.id,
            new.received_at,
            "intake",
            new.entered_by,
            "open",
            CaseState::New,
            CaseState::New,
            None,
        )
        .await?;
        crate::jobs::enqueue_in(tx, &new.jobs, new.received_at).await?;
        crate::tallies::settle(tx, new.org_id, new.id, &[]).await?;
        Opened::New(new.id)
    };
    sqlx::query("INSERT INTO case_referrals (id, org_id, case_id, source, referrer_id, received_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&org)
        .bind(opened.case_id().to_string())
        .bind(new.source.code())
        .bind(new.referrer.map(|r| r.to_string()))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(opened)
}

#[allow(clippy::too_many_arguments)]
async fn record_transition(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrgId,
    case: CaseId,
    at: Timestamp,
    actor_kind: &str,
    actor_user: Option<UserId>,
    action: &str,
    from: CaseState,
    to: CaseState,
    supporter: Option<PersonId>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_transitions (id, org_id, case_id, at, actor_kind, actor_user_id, action, from_state, to_state, supporter_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(case.to_string())
    .bind(to_micros(at))
    .bind(actor_kind)
    .bind(actor_user.map(|u| u.to_string()))
    .bind(action)
    .bind(from.code())
    .bind(to.code())
    .bind(supporter.map(|p| p.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One case of this organisation.
pub async fn get(db: &Db, org: OrgId, id: CaseId) -> Result<Option<CaseRecord>> {
    let key = db.org_key(org).await?;
    let row = sqlx::query(concat!("SELECT ", case_columns!(), " FROM cases c WHERE c.org_id = $1 AND c.id = $2"))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(|r| from_row(&key, r)).transpose()
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only open cases.
    pub open_only: bool,
    /// One state.
    pub state: Option<CaseState>,
    /// One supporter's cases.
    pub supporter: Option<PersonId>,
    /// One event's cases.
    pub event: Option<EventId>,
    /// One source.
    pub source: Option<Source>,
    /// One urgency.
    pub urgency: Option<Urgency>,
    /// One category.
    pub category: Option<String>,
}

/// Cases of this organisation matching `filter`, soonest due first (at most `limit`).
pub async fn list(db: &Db, org: OrgId, filter: &CaseFilter, limit: u32) -> Result<Vec<CaseSummary>> {
    let mut sql = String::from(concat!(
        "SELECT ",
        case_columns!(),
        ", s.name AS subject_name, s.department AS subject_department, p.name AS supporter_name
         FROM cases c
         LEFT JOIN people s ON s.id = c.subject_id AND s.org_id = c.org_id
         LEFT JOIN people p ON p.id = c.supporter_id AND p.org_id = c.org_id
         WHERE c.org_id = $1"
    ));
    let mut binds: Vec<String> = vec![org.to_string()];
    let mut push = |clause: &str, value: String, sql: &mut String| {
        binds.push(value);
        sql.push_str(&format!(" AND {clause} = ${}", binds.len()));
    };
    if filter.open_only {
        sql.push_str(&format!(" AND c.state IN {OPEN_STATES}"));
    }
    if let Some(s) = filter.state {
        push("c.state", s.code().to_owned(), &mut sql);
    }
    if let Some(p) = filter.supporter {
        push("c.supporter_id", p.to_string(), &mut sql);
    }
    if let Some(e) = filter.event {
        push("c.event_id", e.to_string(), &mut sql);
    }
    if let Some(s) = filter.source {
        push("c.source", s.code().to_owned(), &mut sql);
    }
    if let Some(u) = filter.urgency {
        push("c.urgency", u.code().to_owned(), &mut sql);
    }
    if let Some(c) = &filter.category {
        push("c.category", c.clone(), &mut sql);
    }
    sql.push_str(&format!(" ORDER BY c.first_contact_due_at, c.id LIMIT {}", limit.min(1000)));
    // Every value is bound; only fixed clauses and a number are formatted into the text.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(db.reader()).await?;
    let key = db.org_key(org).await?;
    rows.iter().map(|r| summary_from_row(&key, r)).collect()
}

/// A change to a case that the domain has allowed.
#[derive(Debug, Clone)]
pub struct CaseChange {
    /// Which case.
    pub case: CaseId,
    /// Whose.
    pub org: OrgId,
    /// The version the actor saw; a different stored version means someone else got there first.
    pub expected_version: i64,
    /// The allowed transition.
    pub transition: Transition,
    /// The action's code.
    pub action: &'static str,
    /// `coordinator`, `supporter` or `system`.
    pub actor_kind: &'static str,
    /// The signed-in user acting.
    pub actor_user: Option<UserId>,
    /// When.
    pub at: Timestamp,
    /// For an assignment: when it must be accepted by.
    pub accept_due_at: Option<Timestamp>,
    /// For an outreach attempt: how and whether the person was reached.
    pub contact: Option<(Channel, bool)>,
    /// When the outreach attempt happened, if earlier than `at` (it is logged afterwards).
    pub contact_at: Option<Timestamp>,
    /// For a closure: the outcome and the number of interactions.
    pub close: Option<(OutcomeKind, Option<i64>)>,
    /// Consequences (notifications, deadlines), enqueued in the same transaction.
    pub jobs: Vec<crate::jobs::NewJob>,
}

/// Applies a change if the case is still at `expected_version`; records the transition (and the
/// contact attempt) in the same transaction. Closure or withdrawal erases the intake context.
pub async fn apply(db: &Db, c: &CaseChange) -> Result<i64> {
    let mut tx = db.writer().begin().await?;
    let at = to_micros(c.at);
    let assigned = c.transition.to == CaseState::Assigned;
    // The cap is checked inside the assignment's transaction, with the supporter's roster row
    // locked on PostgreSQL (SQLite's single writer already serialises), so two assignments at
    // once can never take a supporter over it.
    if let (true, Some(supporter)) = (assigned, c.transition.supporter)
        && !within_cap(db, &mut tx, c.org, supporter, at).await?
    {
        return crate::error::abort(tx, StoreError::Conflict(Clash::SupporterAtCap)).await;
    }
    let closing = c.transition.to == CaseState::Closed;
    let counted = crate::tallies::keys_in(&mut tx, c.org, c.case).await?;
    let done = sqlx::query(
        "UPDATE cases SET
            state = $1,
            supporter_id = $2,
            assigned_at = CASE WHEN $3 = 1 THEN $4 ELSE assigned_at END,
            accept_due_at = CASE WHEN $3 = 1 THEN $5 WHEN $1 = 'new' THEN NULL ELSE accept_due_at END,
            first_contact_at = CASE WHEN $6 = 1 AND first_contact_at IS NULL THEN $14 ELSE first_contact_at END,
            closed_at = CASE WHEN $7 = 1 THEN $4 ELSE closed_at END,
            outcome = CASE WHEN $7 = 1 THEN $8 ELSE outcome END,
            interactions = CASE WHEN $7 = 1 THEN $9 ELSE interactions END,
            intake_context = CASE WHEN $7 = 1 OR $1 = 'withdrawn' THEN NULL ELSE intake_context END,
            escalated_from = CASE WHEN $1 = 'escalated' THEN $13 ELSE escalated_from END,
            version = version + 1,
            updated_at = $4
         WHERE org_id = $10 AND id = $11 AND version = $12",
    )
    .bind(c.transition.to.code())
    .bind(c.transition.supporter.map(|p| p.to_string()))
    .bind(i64::from(assigned))
    .bind(at)
    .bind(c.accept_due_at.map(to_micros))
    .bind(i64::from(c.contact.is_some()))
    .bind(i64::from(closing))
    .bind(c.close.map(|(o, _)| o.code()))
    .bind(c.close.and_then(|(_, n)| n))
    .bind(c.org.to_string())
    .bind(c.case.to_string())
    .bind(c.expected_version)
    .bind(c.transition.from.code())
    .bind(to_micros(c.contact_at.unwrap_or(c.at)))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return crate::error::abort(tx, StoreError::Conflict(Clash::CaseChanged)).await;
    }
    record_transition(
        &mut tx,
        c.org,
        c.case,
        c.at,
        c.actor_kind,
        c.actor_user,
        c.action,
        c.transition.from,
        c.transition.to,
        c.transition.supporter,
    )
    .await?;
    crate::jobs::enqueue_in(&mut tx, &c.jobs, c.at).await?;
    crate::tallies::settle(&mut tx, c.org, c.case, &counted).await?;
    if let Some((channel, reached)) = c.contact {
        sqlx::query(
            "INSERT INTO contact_attempts (id, org_id, case_id, at, channel, reached, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(c.org.to_string())
        .bind(c.case.to_string())
        .bind(to_micros(c.contact_at.unwrap_or(c.at)))
        .bind(channel.code())
        .bind(i64::from(reached))
        .bind(c.actor_user.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(c.expected_version + 1)
}

async fn within_cap(
    db: &Db,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrgId,
    supporter: PersonId,
    now: i64,
) -> Result<bool> {
    sqlx::query(
        "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at)
         VALUES ($1, $2, 'active', $3, '[]', $4) ON CONFLICT (org_id, person_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(supporter.to_string())
    .bind(crate::roster::DEFAULT_CAP)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let lock = match db.engine() {
        crate::Engine::Postgres => " FOR UPDATE",
        crate::Engine::Sqlite => "",
    };
    let sql = format!("SELECT cap FROM supporters WHERE org_id = $1 AND person_id = $2{lock}");
    let (cap,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(supporter.to_string())
        .fetch_one(&mut **tx)
        .await?;
    let (open,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM cases WHERE org_id = $1 AND supporter_id = $2
         AND state IN ('assigned', 'accepted', 'contacted', 'escalated')",
    )
    .bind(org.to_string())
    .bind(supporter.to_string())
    .fetch_one(&mut **tx)
    .await?;
    Ok(open < cap)
}

/// A recorded transition, for the case page's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRecord {
    /// When.
    pub at: Timestamp,
    /// `coordinator`, `supporter`, `system` or `intake`.
    pub actor_kind: String,
    /// The action's code.
    pub action: String,
    /// From.
    pub from: CaseState,
    /// To.
    pub to: CaseState,
}

/// The history of a case, oldest first.
pub async fn history(db: &Db, org: OrgId, case: CaseId) -> Result<Vec<TransitionRecord>> {
    let rows = sqlx::query(
        "SELECT at, actor_kind, action, from_state, to_state FROM case_transitions
         WHERE org_id = $1 AND case_id = $2 ORDER BY at, id",
    )
    .bind(org.to_string())
    .bind(case.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TransitionRecord {
                at: from_micros(int(r, "at")?),
                actor_kind: text(r, "actor_kind")?,
                action: text(r, "action")?,
                from: parsed(r, "from_state")?,
                to: parsed(r, "to_state")?,
            })
        })
        .collect()
}

/// Counts of this organisation's cases by state.
pub async fn count_by_state(db: &Db, org: OrgId) -> Result<Vec<(CaseState, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM cases WHERE org_id = $1 GROUP BY state ORDER BY state")
            .bind(org.to_string())
            .fetch_all(db.reader())
            .await?;
    rows.into_iter()
        .map(|(s, n)| {
            s.parse::<CaseState>()
                .map(|st| (st, n))
                .map_err(|e| StoreError::Corrupt { column: "state", reason: e.to_string() })
        })
        .collect()
}

/// The coordinator's at-a-glance figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glance {
    /// Open cases whose first contact is overdue.
    pub overdue: i64,
    /// Cases received since `since` (this month).
    pub received_since: i64,
    /// Median time from receipt to first contact, over cases first contacted since `window_start`.
    pub median_to_first_contact: Option<jiff::SignedDuration>,
}

/// Figures for the coordinator's home page.
pub async fn glance(db: &Db, org: OrgId, now: Timestamp, since: Timestamp, window_start: Timestamp) -> Result<Glance> {
    let sql = format!(
        "SELECT COUNT(*) FROM cases WHERE org_id = $1 AND state IN {OPEN_STATES}
         AND first_contact_at IS NULL AND first_contact_due_at < $2"
    );
    let (overdue,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(to_micros(now))
        .fetch_one(db.reader())
        .await?;
    let (received_since,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM cases WHERE org_id = $1 AND received_at >= $2")
            .bind(org.to_string())
            .bind(to_micros(since))
            .fetch_one(db.reader())
            .await?;
    let mut waits: Vec<(i64,)> = sqlx::query_as(
        "SELECT first_contact_at - received_at FROM cases
         WHERE org_id = $1 AND first_contact_at IS NOT NULL AND first_contact_at >= $2",
    )
    .bind(org.to_string())
    .bind(to_micros(window_start))
    .fetch_all(db.reader())
    .await?;
    waits.sort_unstable();
    let median = match waits.len() {
        0 => None,
        n if n % 2 == 1 => Some(waits[n / 2].0),
        n => Some((waits[n / 2 - 1].0 + waits[n / 2].0) / 2),
    };
    Ok(Glance { overdue, received_since, median_to_first_contact: median.map(jiff::SignedDuration::from_micros) })
}

/// The subjects of an event's cases (everyone involved in it).
pub async fn event_subjects(db: &Db, org: OrgId, event: EventId) -> Result<Vec<PersonId>> {
    let rows: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT subject_id FROM cases WHERE org_id = $1 AND event_id = $2")
            .bind(org.to_string())
            .bind(event.to_string())
            .fetch_all(db.reader())
            .await?;
    Ok(rows.into_iter().filter_map(|(s,)| s.and_then(|s| s.parse().ok())).collect())
}
