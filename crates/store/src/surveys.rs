//! Survey waves, their invitations and their answers, kept apart so an answer can never be tied
//! to a person: the invitation side knows who was asked and whether they answered (for
//! reminders); the answer side knows the wave, the day and the group, nothing else; spending the
//! invitation and storing the answer happen in one transaction that carries nothing from one to
//! the other. Reports read the tallies, never the answers.

use jiff::Timestamp;
use reachin_domain::clock::{from_micros, to_micros};
use reachin_domain::{OrgId, PersonId, UserId, WaveId};

use crate::jobs::NewJob;
use crate::rows::{int, opt_int, opt_text, parsed, text};
use crate::{Db, Result};

/// A wave as created.
#[derive(Debug, Clone)]
pub struct NewWave {
    /// Its id.
    pub id: WaveId,
    /// The organisation.
    pub org: OrgId,
    /// What it is called (shown to invitees and in reports).
    pub title: String,
    /// What is asked: domain's survey form, as JSON.
    pub form: String,
    /// Who is asked: the population's filters, as JSON.
    pub population: String,
    /// When it opens.
    pub opened_at: Timestamp,
    /// When it closes.
    pub closes_at: Timestamp,
    /// Who opened it.
    pub created_by: Option<UserId>,
    /// The key of the form that asked for it (a form sent twice opens one wave).
    pub form_key: Option<String>,
}

/// A wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wave {
    /// Its id.
    pub id: WaveId,
    /// The organisation.
    pub org: OrgId,
    /// Its title.
    pub title: String,
    /// The form, JSON.
    pub form: String,
    /// The population, JSON.
    pub population: String,
    /// Opened.
    pub opened_at: Timestamp,
    /// Closes.
    pub closes_at: Timestamp,
    /// Closed (early or on time).
    pub closed_at: Option<Timestamp>,
    /// How many were invited.
    pub invited: u64,
    /// How many answered.
    pub answered: u64,
}

impl Wave {
    /// Whether answers are still taken at `now`.
    #[must_use]
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.closed_at.is_none() && now < self.closes_at
    }
}

const WAVE_COLUMNS: &str = "id, org_id, title, form, population, opened_at, closes_at, closed_at, invited, answered";

fn wave_from(row: &sqlx::any::AnyRow) -> Result<Wave> {
    Ok(Wave {
        id: parsed(row, "id")?,
        org: parsed(row, "org_id")?,
        title: text(row, "title")?,
        form: text(row, "form")?,
        population: text(row, "population")?,
        opened_at: from_micros(int(row, "opened_at")?),
        closes_at: from_micros(int(row, "closes_at")?),
        closed_at: opt_int(row, "closed_at")?.map(from_micros),
        invited: u64::try_from(int(row, "invited")?).unwrap_or(0),
        answered: u64::try_from(int(row, "answered")?).unwrap_or(0),
    })
}

/// Opens a wave and its invitations (one per person), with each invitation's email job made by
/// `job` from the invitation's id, all in one transaction.
pub async fn open(db: &Db, w: &NewWave, people: &[PersonId], job: impl Fn(&str) -> NewJob) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO survey_waves (id, org_id, title, form, population, opened_at, closes_at, closed_at, created_by,
                                   invited, answered, form_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, 0, $10)",
    )
    .bind(w.id.to_string())
    .bind(w.org.to_string())
    .bind(&w.title)
    .bind(&w.form)
    .bind(&w.population)
    .bind(to_micros(w.opened_at))
    .bind(to_micros(w.closes_at))
    .bind(w.created_by.map(|u| u.to_string()))
    .bind(i64::try_from(people.len()).unwrap_or(i64::MAX))
    .bind(w.form_key.as_deref())
    .execute(&mut *tx)
    .await
    .map_err(crate::error::conflict_as(crate::Clash::WaveSubmittedTwice))?;
    let mut jobs = Vec::with_capacity(people.len());
    for p in people {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO survey_invitations (id, org_id, wave_id, person_id, token_hash, answered, reminded_at)
             SELECT $1, $2, $3, id, NULL, 0, NULL FROM people WHERE org_id = $2 AND id = $4",
        )
        .bind(&id)
        .bind(w.org.to_string())
        .bind(w.id.to_string())
        .bind(p.to_string())
        .execute(&mut *tx)
        .await?;
        jobs.push(job(&id));
    }
    crate::jobs::enqueue_in(&mut tx, &jobs, w.opened_at).await?;
    tx.commit().await?;
    Ok(())
}

/// The wave a form opened, by the form's key.
pub async fn by_form_key(db: &Db, org: OrgId, key: &str) -> Result<Option<WaveId>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM survey_waves WHERE org_id = $1 AND form_key = $2")
        .bind(org.to_string())
        .bind(key)
        .fetch_optional(db.reader())
        .await?;
    row.map(|(id,)| id.parse().map_err(|_| crate::StoreError::Corrupt { column: "survey_waves.id", reason: id }))
        .transpose()
}

/// An organisation's waves, newest first.
pub async fn waves(db: &Db, org: OrgId) -> Result<Vec<Wave>> {
    let sql = format!("SELECT {WAVE_COLUMNS} FROM survey_waves WHERE org_id = $1 ORDER BY opened_at DESC, id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.to_string()).fetch_all(db.reader()).await?;
    rows.iter().map(wave_from).collect()
}

/// One wave of this organisation.
pub async fn wave(db: &Db, org: OrgId, id: WaveId) -> Result<Option<Wave>> {
    let sql = format!("SELECT {WAVE_COLUMNS} FROM survey_waves WHERE org_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(wave_from).transpose()
}

/// An invitation to send (or remind): where to, and for which wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The organisation.
    pub org: OrgId,
    /// The wave.
    pub wave: WaveId,
    /// The person invited.
    pub person: PersonId,
    /// Whether they have answered.
    pub answered: bool,
}

/// An invitation by its id.
pub async fn invitation(db: &Db, id: &str) -> Result<Option<Invitation>> {
    let row = sqlx::query("SELECT org_id, wave_id, person_id, answered FROM survey_invitations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref()
        .map(|r| {
            Ok(Invitation {
                org: parsed(r, "org_id")?,
                wave: parsed(r, "wave_id")?,
                person: parsed(r, "person_id")?,
                answered: int(r, "answered")? == 1,
            })
        })
        .transpose()
}

/// Gives an unanswered invitation a new token (the emailed link): any earlier link stops
/// working. False if it was answered meanwhile or the wave is closed.
pub async fn renew_token(db: &Db, id: &str, token_hash: &str, now: Timestamp, reminder: bool) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE survey_invitations SET token_hash = $1,
                reminded_at = CASE WHEN $2 = 1 THEN $3 ELSE reminded_at END
         WHERE id = $4 AND answered = 0
           AND EXISTS (SELECT 1 FROM survey_waves w WHERE w.id = survey_invitations.wave_id
                       AND w.closed_at IS NULL AND w.closes_at > $3)",
    )
    .bind(token_hash)
    .bind(i64::from(reminder))
    .bind(to_micros(now))
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The wave a live token invites to (not spent, wave open), if any.
pub async fn wave_of_token(db: &Db, org: OrgId, token_hash: &str, now: Timestamp) -> Result<Option<Wave>> {
    let sql = format!(
        "SELECT {} FROM survey_waves w JOIN survey_invitations i ON i.wave_id = w.id
         WHERE i.token_hash = $1 AND i.org_id = $2 AND i.answered = 0 AND w.closed_at IS NULL AND w.closes_at > $3",
        WAVE_COLUMNS.split(", ").map(|c| format!("w.{c}")).collect::<Vec<_>>().join(", ")
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(org.to_string())
        .bind(to_micros(now))
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(wave_from).transpose()
}

/// One response: the answers in question order (as stored) and the tallies it adds to.
#[derive(Debug, Clone)]
pub struct Response {
    /// The values, comma-separated, in the form's question order.
    pub values: String,
    /// (measure code, value) pairs: each adds one to its tally.
    pub measures: Vec<(String, i64)>,
}

/// Spends the invitation and stores the answer, in one transaction: false (and nothing stored)
/// if the token is unknown, spent, or its wave closed. The answer takes the invitee's group
/// (department, profession, grade) and the day, nothing else.
pub async fn answer(db: &Db, org: OrgId, token_hash: &str, r: &Response, now: Timestamp, day: &str) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let found = sqlx::query(
        "SELECT i.id, i.wave_id, p.department, p.profession, p.grade
         FROM survey_invitations i
         JOIN survey_waves w ON w.id = i.wave_id
         JOIN people p ON p.id = i.person_id
         WHERE i.token_hash = $1 AND i.org_id = $2 AND i.answered = 0 AND w.closed_at IS NULL AND w.closes_at > $3",
    )
    .bind(token_hash)
    .bind(org.to_string())
    .bind(to_micros(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(found) = found else {
        let _ = tx.rollback().await;
        return Ok(false);
    };
    let spent =
        sqlx::query("UPDATE survey_invitations SET token_hash = NULL, answered = 1 WHERE id = $1 AND answered = 0")
            .bind(text(&found, "id")?)
            .execute(&mut *tx)
            .await?;
    if spent.rows_affected() != 1 {
        let _ = tx.rollback().await;
        return Ok(false);
    }
    let wave = text(&found, "wave_id")?;
    let group = [
        opt_text(&found, "department")?.unwrap_or_default(),
        opt_text(&found, "profession")?.unwrap_or_default(),
        opt_text(&found, "grade")?.unwrap_or_default(),
    ];
    sqlx::query("UPDATE survey_waves SET answered = answered + 1 WHERE id = $1").bind(&wave).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO survey_answers (id, org_id, wave_id, answered_on, department, profession, grade, answers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    // Random, not time-ordered: the id must not tell when (or in which order) someone answered.
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org.to_string())
    .bind(&wave)
    .bind(day)
    .bind(&group[0])
    .bind(&group[1])
    .bind(&group[2])
    .bind(&r.values)
    .execute(&mut *tx)
    .await?;
    add_tallies(&mut tx, org, &wave, &group, &r.measures, 1).await?;
    tx.commit().await?;
    Ok(true)
}

/// The breakdowns each answer is tallied in, with the answer's group in each.
fn breakdowns(group: &[String; 3]) -> [(&'static str, &str); 4] {
    [("all", ""), ("department", &group[0]), ("profession", &group[1]), ("grade", &group[2])]
}

/// Adds `n` to each (measure, value) tally of a group, in every breakdown.
pub async fn add_tallies(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrgId,
    wave: &str,
    group: &[String; 3],
    measures: &[(String, i64)],
    n: i64,
) -> Result<()> {
    for (dimension, grp) in breakdowns(group) {
        for (measure, value) in measures {
            sqlx::query(
                "INSERT INTO survey_tallies (org_id, wave_id, dimension, grp, measure, value, n)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (wave_id, dimension, grp, measure, value) DO UPDATE SET n = survey_tallies.n + $7",
            )
            .bind(org.to_string())
            .bind(wave)
            .bind(dimension)
            .bind(grp)
            .bind(measure)
            .bind(*value)
            .bind(n)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Unanswered invitations of open waves not yet reminded, opened before `opened_before`.
pub async fn due_reminders(db: &Db, opened_before: Timestamp, now: Timestamp, limit: u32) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT i.id FROM survey_invitations i JOIN survey_waves w ON w.id = i.wave_id
         WHERE i.answered = 0 AND i.reminded_at IS NULL AND w.closed_at IS NULL AND w.closes_at > $1
           AND w.opened_at < $2
         ORDER BY i.id LIMIT $3",
    )
    .bind(to_micros(now))
    .bind(to_micros(opened_before))
    .bind(i64::from(limit))
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Marks invitations reminded and queues their reminder jobs, in one transaction (so a reminder
/// is queued once, whichever instance runs the sweep). Returns how many were queued.
pub async fn queue_reminders(db: &Db, ids: &[String], now: Timestamp, job: impl Fn(&str) -> NewJob) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut tx = db.writer().begin().await?;
    let mut jobs = Vec::new();
    for id in ids {
        let done = sqlx::query(
            "UPDATE survey_invitations SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND answered = 0",
        )
        .bind(to_micros(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            jobs.push(job(id));
        }
    }
    crate::jobs::enqueue_in(&mut tx, &jobs, now).await?;
    tx.commit().await?;
    Ok(jobs.len())
}

/// Closes a wave (at once, or because its time is up): answers stop, and the invitations, whose
/// purpose has ended, are deleted. False if it was already closed or is not this organisation's.
pub async fn close(db: &Db, org: OrgId, id: WaveId, now: Timestamp) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let done =
        sqlx::query("UPDATE survey_waves SET closed_at = $1 WHERE org_id = $2 AND id = $3 AND closed_at IS NULL")
            .bind(to_micros(now))
            .bind(org.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() != 1 {
        let _ = tx.rollback().await;
        return Ok(false);
    }
    sqlx::query("DELETE FROM survey_invitations WHERE wave_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Waves whose time is up but not yet closed: (organisation, wave).
pub async fn due_to_close(db: &Db, now: Timestamp) -> Result<Vec<(OrgId, WaveId)>> {
    let rows = sqlx::query("SELECT org_id, id FROM survey_waves WHERE closed_at IS NULL AND closes_at <= $1")
        .bind(to_micros(now))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(|r| Ok((parsed(r, "org_id")?, parsed(r, "id")?))).collect()
}

/// A wave's tallies in every breakdown: (dimension, group, measure, value, count), counts
/// above zero. Dimensions: `all`, `department`, `profession`, `grade`.
pub async fn tallies(db: &Db, org: OrgId, wave: WaveId) -> Result<Vec<(String, String, String, i64, u64)>> {
    read_tallies(db, org, wave, "").await
}

/// What a wave's whole-wave figures need, and no more: every group's respondents (suppression
/// depends on them all) and every measure of the whole wave. A fraction of `tallies`.
pub async fn whole_wave_tallies(db: &Db, org: OrgId, wave: WaveId) -> Result<Vec<(String, String, String, i64, u64)>> {
    read_tallies(db, org, wave, " AND (dimension = 'all' OR measure = 'respondents')").await
}

/// One row per (dimension, group, measure), its values and counts packed (see `packed`).
async fn read_tallies(
    db: &Db,
    org: OrgId,
    wave: WaveId,
    only: &'static str,
) -> Result<Vec<(String, String, String, i64, u64)>> {
    let sql = format!(
        "SELECT dimension, grp, measure, {} AS packed FROM survey_tallies
         WHERE org_id = $1 AND wave_id = $2 AND n > 0{only} GROUP BY dimension, grp, measure",
        crate::packed::pack(db.engine(), "value", "n")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(wave.to_string())
        .fetch_all(db.reader())
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        let (dimension, grp, measure) = (text(r, "dimension")?, text(r, "grp")?, text(r, "measure")?);
        let packed = text(r, "packed")?;
        for (value, n) in crate::packed::unpack(&packed)? {
            let value: i64 = value
                .parse()
                .map_err(|_| crate::StoreError::Corrupt { column: "survey_tallies.value", reason: value.to_owned() })?;
            out.push((dimension.clone(), grp.clone(), measure.clone(), value, n));
        }
    }
    Ok(out)
}

/// The departments of an organisation's directory (for choosing a wave's population).
pub async fn departments(db: &Db, org: OrgId) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT department FROM people WHERE org_id = $1 AND department IS NOT NULL ORDER BY department",
    )
    .bind(org.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().map(|(d,)| d).collect())
}

/// The people of a population: everyone in the directory matching each non-empty filter.
pub async fn population(
    db: &Db,
    org: OrgId,
    departments: &[String],
    professions: &[String],
    grades: &[String],
) -> Result<Vec<PersonId>> {
    let rows = sqlx::query("SELECT id, department, profession, grade FROM people WHERE org_id = $1 ORDER BY id")
        .bind(org.to_string())
        .fetch_all(db.reader())
        .await?;
    let matches = |list: &[String], v: Option<String>| list.is_empty() || v.is_some_and(|v| list.contains(&v));
    let mut out = Vec::new();
    for r in &rows {
        if matches(departments, opt_text(r, "department")?)
            && matches(professions, opt_text(r, "profession")?)
            && matches(grades, opt_text(r, "grade")?)
        {
            out.push(parsed(r, "id")?);
        }
    }
    Ok(out)
}

/// Bulk-loads answers already grouped and scored (the benchmark's generator): one transaction.
pub async fn load(db: &Db, org: OrgId, wave: WaveId, answers: &[([String; 3], String, Response)]) -> Result<()> {
    let mut tx = db.writer().begin().await?;
    let w = wave.to_string();
    let mut counts: std::collections::HashMap<([String; 3], String, i64), i64> = std::collections::HashMap::new();
    for chunk in answers.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO survey_answers (id, org_id, wave_id, answered_on, department, profession, grade, answers) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 8;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (group, day, r) in chunk {
            q = q
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(org.to_string())
                .bind(w.clone())
                .bind(day.clone())
                .bind(group[0].clone())
                .bind(group[1].clone())
                .bind(group[2].clone())
                .bind(r.values.clone());
            for (m, v) in &r.measures {
                *counts.entry((group.clone(), m.clone(), *v)).or_default() += 1;
            }
        }
        q.execute(&mut *tx).await?;
    }
    let n = i64::try_from(answers.len()).unwrap_or(i64::MAX);
    sqlx::query("UPDATE survey_waves SET answered = answered + $1, invited = invited + $1 WHERE id = $2")
        .bind(n)
        .bind(&w)
        .execute(&mut *tx)
        .await?;
    for ((group, m, v), n) in counts {
        add_tallies(&mut tx, org, &w, &group, &[(m, v)], n).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets how many a wave invited (for waves loaded in bulk, whose invitations were never made).
pub async fn set_invited(db: &Db, wave: WaveId, invited: u64) -> Result<()> {
    sqlx::query("UPDATE survey_waves SET invited = $1 WHERE id = $2")
        .bind(i64::try_from(invited).unwrap_or(i64::MAX))
        .bind(wave.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}
