//! The supporter roster and what matching needs to know about each supporter.

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::intake::GenderPreference;
use reachin_domain::matching::{Candidate, Policy, Weights};
use reachin_domain::roster::SupporterStatus;
use reachin_domain::{OrgId, PersonId, UserId};

use crate::directory::name_in;
use crate::rows::{int, opt_int, opt_parsed, opt_text, parsed, text};
use crate::{Clash, Db, Result, StoreError};

/// The caseload cap a supporter starts with.
pub const DEFAULT_CAP: i64 = 3;

/// Where `person` is on the roster (none: not on it).
pub async fn status_of(db: &Db, org: OrgId, person: PersonId) -> Result<Option<SupporterStatus>> {
    let row = sqlx::query("SELECT status FROM supporters WHERE org_id = $1 AND person_id = $2")
        .bind(org.to_string())
        .bind(person.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.map(|r| parsed(&r, "status")).transpose()
}

/// Sets a supporter's lifecycle status (creating their roster entry), recording who did it. No
/// lifecycle check: for seeding; people's own steps go through [`step`].
pub async fn set_status(
    db: &Db,
    org: OrgId,
    person: PersonId,
    status: SupporterStatus,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<()> {
    write_status(db, org, person, None, status, by, now).await
}

/// Moves a supporter from `from` (none: not on the roster) to `to`, recording who did it. The
/// write only happens if they are still at `from`: two coordinators acting at once, or a stale
/// form, get [`Clash::RosterChanged`] and nothing changes.
pub async fn step(
    db: &Db,
    org: OrgId,
    person: PersonId,
    from: Option<SupporterStatus>,
    to: SupporterStatus,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<()> {
    write_status(db, org, person, Some(from), to, by, now).await
}

async fn write_status(
    db: &Db,
    org: OrgId,
    person: PersonId,
    expected: Option<Option<SupporterStatus>>,
    status: SupporterStatus,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    let written = match expected {
        None => sqlx::query(
            "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, $3, $4, '[]', $5)
             ON CONFLICT (org_id, person_id) DO UPDATE SET status = $3, updated_at = $5",
        )
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(status.code())
        .bind(DEFAULT_CAP)
        .bind(to_micros(now))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Some(None) => sqlx::query(
            "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, $3, $4, '[]', $5)
             ON CONFLICT (org_id, person_id) DO NOTHING",
        )
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(status.code())
        .bind(DEFAULT_CAP)
        .bind(to_micros(now))
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        Some(Some(from)) => sqlx::query(
            "UPDATE supporters SET status = $3, updated_at = $4 WHERE org_id = $1 AND person_id = $2 AND status = $5",
        )
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(status.code())
        .bind(to_micros(now))
        .bind(from.code())
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if written == 0 {
        return Err(StoreError::Conflict(Clash::RosterChanged));
    }
    sqlx::query(
        "INSERT INTO supporter_steps (id, org_id, person_id, status, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(status.code())
    .bind(by.map(|u| u.to_string()))
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a completed training with its expiry.
pub async fn add_training(
    db: &Db,
    org: OrgId,
    person: PersonId,
    course: &str,
    completed: Timestamp,
    expires: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO trainings (id, org_id, person_id, course, completed_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(course)
    .bind(to_micros(completed))
    .bind(to_micros(expires))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Records an away period (leave, holiday).
pub async fn add_away(db: &Db, org: OrgId, person: PersonId, starts: Timestamp, ends: Timestamp) -> Result<()> {
    add_period(db, PeriodKind::Away, org, person, starts, ends).await.map(|_| ())
}

/// Every supporter of the organisation (members holding the supporter role) as matching sees
/// them now. A supporter without a roster entry counts as active, untrained, with the default cap.
pub async fn candidates(db: &Db, org: OrgId, now: Timestamp) -> Result<Vec<Candidate>> {
    let rows = sqlx::query(
        "SELECT p.id, p.profession, p.specialty, p.department, p.grade, p.site, p.manager_id,
                s.status, s.cap, s.gender, s.languages,
                (SELECT MAX(t.expires_at) FROM trainings t WHERE t.org_id = p.org_id AND t.person_id = p.id) AS trained_until,
                (SELECT COUNT(*) FROM away_periods a WHERE a.org_id = p.org_id AND a.person_id = p.id
                    AND a.starts_at <= $2 AND a.ends_at > $2) AS away,
                (SELECT COUNT(*) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id
                    AND c.state IN ('assigned', 'accepted', 'contacted', 'escalated')) AS open_cases,
                (SELECT MAX(c.assigned_at) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id) AS last_assigned
         FROM membership_roles r
         JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
         JOIN users u ON u.id = r.user_id
         JOIN people p ON p.id = m.person_id AND p.org_id = r.org_id
         LEFT JOIN supporters s ON s.org_id = p.org_id AND s.person_id = p.id
         WHERE r.org_id = $1 AND r.role = 'supporter' AND u.disabled = 0
         ORDER BY p.id",
    )
    .bind(org.to_string())
    .bind(to_micros(now))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let languages: Vec<String> = match opt_text(r, "languages")? {
                Some(l) => serde_json::from_str(&l)
                    .map_err(|e| StoreError::Corrupt { column: "languages", reason: e.to_string() })?,
                None => Vec::new(),
            };
            let status = opt_text(r, "status")?.unwrap_or_else(|| "active".to_owned());
            let gender: Option<String> = opt_text(r, "gender")?;
            Ok(Candidate {
                person: parsed(r, "id")?,
                profession: opt_parsed(r, "profession")?,
                specialty: opt_text(r, "specialty")?,
                department: opt_text(r, "department")?,
                grade: opt_parsed(r, "grade")?,
                site: opt_text(r, "site")?,
                languages,
                gender: match gender.as_deref() {
                    Some("woman") => Some(GenderPreference::Woman),
                    Some("man") => Some(GenderPreference::Man),
                    _ => None,
                },
                manager: opt_parsed(r, "manager_id")?,
                active: status == "active",
                trained_until: opt_int(r, "trained_until")?.map(from_micros),
                away: int(r, "away")? > 0,
                open_cases: u32::try_from(int(r, "open_cases")?).unwrap_or(u32::MAX),
                cap: u32::try_from(opt_int(r, "cap")?.unwrap_or(DEFAULT_CAP)).unwrap_or(0),
                last_assigned: opt_int(r, "last_assigned")?.map(from_micros),
            })
        })
        .collect()
}

/// One lifecycle step: where to, when, and who took it (their display name; none for seeding).
#[derive(Debug, Clone)]
pub struct Step {
    /// The status moved to.
    pub status: SupporterStatus,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub by: Option<String>,
}

/// A person's lifecycle history, oldest first.
pub async fn steps(db: &Db, org: OrgId, person: PersonId) -> Result<Vec<Step>> {
    let rows = sqlx::query(
        "SELECT s.status, s.at, u.display_name FROM supporter_steps s LEFT JOIN users u ON u.id = s.by_user
         WHERE s.org_id = $1 AND s.person_id = $2 ORDER BY s.at, s.id",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Step { status: parsed(r, "status")?, at: from_micros(int(r, "at")?), by: opt_text(r, "display_name")? })
        })
        .collect()
}

/// Sets a supporter's caseload cap (creating their roster entry as active if needed).
pub async fn set_cap(db: &Db, org: OrgId, person: PersonId, cap: u32, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, 'active', $3, '[]', $4)
         ON CONFLICT (org_id, person_id) DO UPDATE SET cap = $3, updated_at = $4",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(i64::from(cap))
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// One supporter as the coordinator's roster shows them.
#[derive(Debug, Clone)]
pub struct RosterEntry {
    /// Their directory entry.
    pub person: PersonId,
    /// Name.
    pub name: String,
    /// Department.
    pub department: Option<String>,
    /// Where they are in their lifecycle (a supporter sign-in without an entry counts as active).
    pub status: SupporterStatus,
    /// Whether a roster row exists (else the status is implied).
    pub on_roster: bool,
    /// Whether they can sign in as a supporter.
    pub signs_in: bool,
    /// Caseload cap.
    pub cap: u32,
    /// Gender, if they chose to give it (`woman`, `man`).
    pub gender: Option<String>,
    /// Languages they offer.
    pub languages: Vec<String>,
    /// Until when their latest training is valid.
    pub trained_until: Option<Timestamp>,
    /// Away now.
    pub away_now: bool,
    /// On call now.
    pub on_call_now: bool,
    /// Open cases they hold.
    pub open_cases: u32,
    /// Cases assigned to them in the last 90 days.
    pub recent_cases: u32,
    /// When their last debrief was held.
    pub last_debrief: Option<Timestamp>,
    /// An unanswered debrief request, since then.
    pub debrief_requested: Option<Timestamp>,
    /// The date of the last supervision meeting they attended.
    pub last_supervision: Option<String>,
}

fn languages_of(raw: Option<String>) -> Result<Vec<String>> {
    match raw {
        Some(l) => {
            serde_json::from_str(&l).map_err(|e| StoreError::Corrupt { column: "languages", reason: e.to_string() })
        }
        None => Ok(Vec::new()),
    }
}

/// The roster: everyone with a roster entry or a supporter sign-in, by name. With `only`, that
/// one person (none when they are neither).
pub async fn roster(db: &Db, org: OrgId, only: Option<PersonId>, now: Timestamp) -> Result<Vec<RosterEntry>> {
    let key = db.org_key(org).await?;
    let ninety_days_ago = now - jiff::SignedDuration::from_hours(24 * 90);
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.department, s.status, s.cap, s.gender, s.languages,
                (SELECT COUNT(*) FROM membership_roles r
                    JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
                    JOIN users u ON u.id = r.user_id
                    WHERE r.org_id = p.org_id AND m.person_id = p.id AND r.role = 'supporter' AND u.disabled = 0) AS sign_ins,
                (SELECT MAX(t.expires_at) FROM trainings t WHERE t.org_id = p.org_id AND t.person_id = p.id) AS trained_until,
                (SELECT COUNT(*) FROM away_periods a WHERE a.org_id = p.org_id AND a.person_id = p.id
                    AND a.starts_at <= $2 AND a.ends_at > $2) AS away,
                (SELECT COUNT(*) FROM on_call o WHERE o.org_id = p.org_id AND o.person_id = p.id
                    AND o.starts_at <= $2 AND o.ends_at > $2) AS on_call,
                (SELECT COUNT(*) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id
                    AND c.state IN ('assigned', 'accepted', 'contacted', 'escalated')) AS open_cases,
                (SELECT COUNT(*) FROM cases c WHERE c.org_id = p.org_id AND c.supporter_id = p.id
                    AND c.assigned_at >= $3) AS recent_cases,
                (SELECT MAX(d.held_at) FROM debriefs d WHERE d.org_id = p.org_id AND d.person_id = p.id) AS last_debrief,
                (SELECT MIN(d.requested_at) FROM debriefs d WHERE d.org_id = p.org_id AND d.person_id = p.id
                    AND d.held_at IS NULL) AS debrief_requested,
                (SELECT MAX(sm.held_on) FROM supervision_attendance sa
                    JOIN supervision_meetings sm ON sm.id = sa.meeting_id
                    WHERE sa.org_id = p.org_id AND sa.person_id = p.id) AS last_supervision
         FROM people p
         LEFT JOIN supporters s ON s.org_id = p.org_id AND s.person_id = p.id
         WHERE p.org_id = $1 AND ($4 = '' OR p.id = $4)
           AND (s.person_id IS NOT NULL OR EXISTS (
                SELECT 1 FROM membership_roles r JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
                WHERE r.org_id = p.org_id AND m.person_id = p.id AND r.role = 'supporter'))",
    )
    .bind(org.to_string())
    .bind(to_micros(now))
    .bind(to_micros(ninety_days_ago))
    .bind(only.map(|p| p.to_string()).unwrap_or_default())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let status: Option<SupporterStatus> = opt_parsed(r, "status")?;
            let count = |c: &'static str| -> Result<u32> { Ok(u32::try_from(int(r, c)?).unwrap_or(u32::MAX)) };
            Ok(RosterEntry {
                person: parsed(r, "id")?,
                name: name_in(&key, r, "name", "id")?,
                department: opt_text(r, "department")?,
                status: status.unwrap_or(SupporterStatus::Active),
                on_roster: status.is_some(),
                signs_in: int(r, "sign_ins")? > 0,
                cap: u32::try_from(opt_int(r, "cap")?.unwrap_or(DEFAULT_CAP)).unwrap_or(0),
                gender: opt_text(r, "gender")?,
                languages: languages_of(opt_text(r, "languages")?)?,
                trained_until: opt_int(r, "trained_until")?.map(from_micros),
                away_now: int(r, "away")? > 0,
                on_call_now: int(r, "on_call")? > 0,
                open_cases: count("open_cases")?,
                recent_cases: count("recent_cases")?,
                last_debrief: opt_int(r, "last_debrief")?.map(from_micros),
                debrief_requested: opt_int(r, "debrief_requested")?.map(from_micros),
                last_supervision: opt_text(r, "last_supervision")?,
            })
        })
        .collect::<Result<Vec<RosterEntry>>>()
        .map(by_name)
}

/// Names are sealed, so the roster is ordered by name after opening them.
fn by_name(mut entries: Vec<RosterEntry>) -> Vec<RosterEntry> {
    entries.sort_by(|a, b| a.name.cmp(&b.name).then(a.person.cmp(&b.person)));
    entries
}

/// Makes sure a supporter with an implied entry (a supporter sign-in, no roster row) has a row,
/// active with the default cap, so their own settings have somewhere to go.
async fn ensure_entry(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrgId,
    person: PersonId,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO supporters (org_id, person_id, status, cap, languages, updated_at) VALUES ($1, $2, 'active', $3, '[]', $4)
         ON CONFLICT (org_id, person_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(DEFAULT_CAP)
    .bind(to_micros(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a supporter chooses to share about themself: gender (`woman`, `man` or none) and the
/// languages they offer.
pub async fn set_profile(
    db: &Db,
    org: OrgId,
    person: PersonId,
    gender: Option<GenderPreference>,
    languages: &[String],
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    ensure_entry(&mut tx, org, person, now).await?;
    let gender = gender.map(|g| match g {
        GenderPreference::Woman => "woman",
        GenderPreference::Man => "man",
    });
    let languages = serde_json::to_string(languages)
        .map_err(|e| StoreError::Corrupt { column: "languages", reason: e.to_string() })?;
    sqlx::query(
        "UPDATE supporters SET gender = $3, languages = $4, updated_at = $5 WHERE org_id = $1 AND person_id = $2",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .bind(gender)
    .bind(languages)
    .bind(to_micros(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A training on record.
#[derive(Debug, Clone)]
pub struct Training {
    /// Id.
    pub id: String,
    /// Course.
    pub course: String,
    /// Completed.
    pub completed_at: Timestamp,
    /// Valid until.
    pub expires_at: Timestamp,
}

/// A supporter's trainings, latest expiry first.
pub async fn trainings(db: &Db, org: OrgId, person: PersonId) -> Result<Vec<Training>> {
    let rows = sqlx::query(
        "SELECT id, course, completed_at, expires_at FROM trainings WHERE org_id = $1 AND person_id = $2
         ORDER BY expires_at DESC, id",
    )
    .bind(org.to_string())
    .bind(person.to_string())
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Training {
                id: text(r, "id")?,
                course: text(r, "course")?,
                completed_at: from_micros(int(r, "completed_at")?),
                expires_at: from_micros(int(r, "expires_at")?),
            })
        })
        .collect()
}

/// Removes a training record entered by mistake (false: no such record for this person).
pub async fn remove_training(db: &Db, org: OrgId, person: PersonId, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM trainings WHERE org_id = $1 AND person_id = $2 AND id = $3")
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A refresher reminder that may be due: one training, and the person's latest expiry.
#[derive(Debug, Clone)]
pub struct Refresher {
    /// The organisation.
    pub org: OrgId,
    /// The supporter.
    pub person: PersonId,
    /// The training.
    pub training: String,
    /// Course.
    pub course: String,
    /// When it expires.
    pub expires_at: Timestamp,
    /// The latest expiry among the person's trainings (a later one means it was renewed).
    pub latest_expiry: Timestamp,
}

/// Trainings expiring between `now` and `until` whose reminder has not gone out, across every
/// organisation (the rule of which are due is the domain's `refresher_due`).
pub async fn unreminded_expiring(db: &Db, now: Timestamp, until: Timestamp) -> Result<Vec<Refresher>> {
    let rows = sqlx::query(
        "SELECT t.id, t.org_id, t.person_id, t.course, t.expires_at,
                (SELECT MAX(l.expires_at) FROM trainings l WHERE l.org_id = t.org_id AND l.person_id = t.person_id) AS latest
         FROM trainings t
         WHERE t.reminded_at IS NULL AND t.expires_at > $1 AND t.expires_at <= $2
         ORDER BY t.expires_at, t.id LIMIT 500",
    )
    .bind(to_micros(now))
    .bind(to_micros(until))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Refresher {
                org: parsed(r, "org_id")?,
                person: parsed(r, "person_id")?,
                training: text(r, "id")?,
                course: text(r, "course")?,
                expires_at: from_micros(int(r, "expires_at")?),
                latest_expiry: from_micros(int(r, "latest")?),
            })
        })
        .collect()
}

/// Claims a training's reminder (true: this caller sends it; false: already claimed), so two
/// instances never both send it.
pub async fn claim_reminder(db: &Db, training: &str, now: Timestamp) -> Result<bool> {
    let done = sqlx::query("UPDATE trainings SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL")
        .bind(training)
        .bind(to_micros(now))
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Releases a claimed reminder that could not be sent, so it is tried again.
pub async fn release_reminder(db: &Db, training: &str) -> Result<()> {
    sqlx::query("UPDATE trainings SET reminded_at = NULL WHERE id = $1").bind(training).execute(db.writer()).await?;
    Ok(())
}

/// A period on record (away, on call).
#[derive(Debug, Clone)]
pub struct PeriodRow {
    /// Id.
    pub id: String,
    /// Whose.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// From.
    pub starts_at: Timestamp,
    /// Until.
    pub ends_at: Timestamp,
}

/// Which period table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// Leave, holiday.
    Away,
    /// The on-call rota.
    OnCall,
}

impl PeriodKind {
    fn table(self) -> &'static str {
        match self {
            PeriodKind::Away => "away_periods",
            PeriodKind::OnCall => "on_call",
        }
    }
}

/// Adds a period for a supporter; returns its id.
pub async fn add_period(
    db: &Db,
    kind: PeriodKind,
    org: OrgId,
    person: PersonId,
    starts: Timestamp,
    ends: Timestamp,
) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let sql =
        format!("INSERT INTO {} (id, org_id, person_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)", kind.table());
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&id)
        .bind(org.to_string())
        .bind(person.to_string())
        .bind(to_micros(starts))
        .bind(to_micros(ends))
        .execute(db.writer())
        .await?;
    Ok(id)
}

/// Periods not yet over, soonest first: one person's, or everyone's in the organisation.
pub async fn periods(
    db: &Db,
    kind: PeriodKind,
    org: OrgId,
    person: Option<PersonId>,
    now: Timestamp,
) -> Result<Vec<PeriodRow>> {
    let key = db.org_key(org).await?;
    let sql = format!(
        "SELECT x.id, x.person_id, p.name, x.starts_at, x.ends_at FROM {} x
         JOIN people p ON p.id = x.person_id AND p.org_id = x.org_id
         WHERE x.org_id = $1 AND x.ends_at > $2 AND ($3 = '' OR x.person_id = $3)
         ORDER BY x.starts_at, x.id",
        kind.table()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(to_micros(now))
        .bind(person.map(|p| p.to_string()).unwrap_or_default())
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PeriodRow {
                id: text(r, "id")?,
                person: parsed(r, "person_id")?,
                name: name_in(&key, r, "name", "person_id")?,
                starts_at: from_micros(int(r, "starts_at")?),
                ends_at: from_micros(int(r, "ends_at")?),
            })
        })
        .collect()
}

/// Removes a period: one person's own (with `person`), or any in the organisation (false: none).
pub async fn remove_period(db: &Db, kind: PeriodKind, org: OrgId, person: Option<PersonId>, id: &str) -> Result<bool> {
    let sql = format!("DELETE FROM {} WHERE org_id = $1 AND id = $2 AND ($3 = '' OR person_id = $3)", kind.table());
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(id)
        .bind(person.map(|p| p.to_string()).unwrap_or_default())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Who is on call now.
pub async fn on_call_now(db: &Db, org: OrgId, now: Timestamp) -> Result<std::collections::HashSet<PersonId>> {
    let rows = sqlx::query("SELECT person_id FROM on_call WHERE org_id = $1 AND starts_at <= $2 AND ends_at > $2")
        .bind(org.to_string())
        .bind(to_micros(now))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| parsed(r, "person_id")).collect()
}

/// The organisation's matching policy (the defaults when it never set one).
pub async fn policy(db: &Db, org: OrgId) -> Result<Policy> {
    let row = sqlx::query("SELECT exclude_same_department, weights FROM matching_policies WHERE org_id = $1")
        .bind(org.to_string())
        .fetch_optional(db.reader())
        .await?;
    let Some(r) = row else { return Ok(Policy::default()) };
    let weights: Weights = serde_json::from_str(&text(&r, "weights")?)
        .map_err(|e| StoreError::Corrupt { column: "matching_policies.weights", reason: e.to_string() })?;
    Ok(Policy { exclude_same_department: int(&r, "exclude_same_department")? != 0, weights })
}

/// Sets the organisation's matching policy.
pub async fn set_policy(db: &Db, org: OrgId, p: &Policy, now: Timestamp) -> Result<()> {
    let weights = serde_json::to_string(&p.weights)
        .map_err(|e| StoreError::Corrupt { column: "matching_policies.weights", reason: e.to_string() })?;
    sqlx::query(
        "INSERT INTO matching_policies (org_id, exclude_same_department, weights, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id) DO UPDATE SET exclude_same_department = $2, weights = $3, updated_at = $4",
    )
    .bind(org.to_string())
    .bind(i64::from(p.exclude_same_department))
    .bind(weights)
    .bind(to_micros(now))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// What the programme report needs of each roster entry, and nothing else (no names to open):
/// (status, latest training expiry, cases assigned since `since`).
pub async fn report_figures(
    db: &Db,
    org: OrgId,
    since: Timestamp,
) -> Result<Vec<(SupporterStatus, Option<Timestamp>, u32)>> {
    let rows = sqlx::query(
        "SELECT s.status,
                (SELECT MAX(t.expires_at) FROM trainings t WHERE t.org_id = s.org_id AND t.person_id = s.person_id) AS trained_until,
                (SELECT COUNT(*) FROM cases c WHERE c.org_id = s.org_id AND c.supporter_id = s.person_id
                    AND c.assigned_at >= $2) AS recent_cases
         FROM supporters s WHERE s.org_id = $1",
    )
    .bind(org.to_string())
    .bind(to_micros(since))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                parsed(r, "status")?,
                crate::rows::opt_int(r, "trained_until")?.map(from_micros),
                u32::try_from(int(r, "recent_cases")?).unwrap_or(u32::MAX),
            ))
        })
        .collect()
}
