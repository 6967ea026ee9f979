//! Bulk loading for the reports benchmark's generator (`reachin generate`): a whole staff
//! directory, batches of cases with their escalations and the further help taken up, feedback
//! answers, and a survey wave's answers with their tallies, each call one transaction of
//! multi-row INSERTs. Nothing here is on a request's path. The programme's tallies are not kept
//! here: the generator recounts them once at the end (`tallies::rebuild`).

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use reachin_domain::case::{CaseState, OutcomeKind, ResourceKind, Source, Urgency};
use reachin_domain::clock::to_micros;
use reachin_domain::directory::{Grade, Person, Profession, WorkEmail};
use reachin_domain::{CaseId, OrgId, PersonId, WaveId};

use crate::directory::Sealed;
use crate::surveys::Response;
use crate::{Db, Engine, Result};

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;
type Query = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;

/// Parameters per statement: SQLite allows 32,766, PostgreSQL 65,535.
const MAX_PARAMS: usize = 32_000;

/// Rows per statement at most (longer statements gain nothing).
const MAX_ROWS: usize = 1_000;

/// `head` followed by `rows` copies of `row`, its `?` placeholders as the engine wants them:
/// left as `?` on SQLite, numbered `$1`, `$2` … on PostgreSQL. (On SQLite, numbered or named
/// parameters cost time in proportion to their number at every bind, so a statement with
/// thousands of `$n` takes seconds to bind; anonymous ones bind in constant time.)
fn statement(engine: Engine, head: &str, row: &str, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * (row.len() + 64));
    sql.push_str(head);
    let mut n = 1_usize;
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        match engine {
            Engine::Sqlite => sql.push_str(row),
            Engine::Postgres => {
                for ch in row.chars() {
                    if ch == '?' {
                        let _ = write!(sql, "${n}");
                        n += 1;
                    } else {
                        sql.push(ch);
                    }
                }
            }
        }
    }
    sql
}

/// How many rows of `row` fit in one statement.
fn rows_per_statement(row: &str) -> usize {
    let per_row = row.matches('?').count().max(1);
    (MAX_PARAMS / per_row).clamp(1, MAX_ROWS)
}

/// Inserts `items` with `head` + rows of `row` (see [`statement`]) + `tail`, `bind` adding each
/// item's parameters in the order of the row's `?`.
async fn insert_all<T>(
    tx: &mut Tx<'_>,
    engine: Engine,
    (head, row, tail): (&str, &str, &str),
    items: &[T],
    bind: impl Fn(Query, &T) -> Query,
) -> Result<()> {
    let per = rows_per_statement(row);
    let mut full: Option<String> = None;
    for chunk in items.chunks(per) {
        let sql = if chunk.len() == per {
            full.get_or_insert_with(|| statement(engine, head, row, per) + tail).clone()
        } else {
            statement(engine, head, row, chunk.len()) + tail
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for item in chunk {
            q = bind(q, item);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Adds a whole staff directory in one transaction, each person's identity fields sealed as
/// `directory::insert` seals them. A manager must come before the people they manage.
pub async fn people(db: &Db, org: OrgId, people: &[Person], now: Timestamp) -> Result<()> {
    let key = db.org_key(org).await?;
    let sealed: Vec<(&Person, Sealed)> = people
        .iter()
        .map(|p| {
            let s = Sealed::new(
                &key,
                &p.id.to_string(),
                &p.name,
                p.email.as_ref().map(WorkEmail::as_str),
                p.phone.as_deref(),
                p.employee_id.as_deref(),
            )?;
            Ok((p, s))
        })
        .collect::<Result<_>>()?;
    let at = to_micros(now);
    let mut tx = db.writer().begin().await?;
    let o = org.to_string();
    insert_all(
        &mut tx,
        db.engine(),
        (
            "INSERT INTO people (id, org_id, employee_id, name, email, phone, department, profession, specialty, grade,
                                 site, manager_id, created_at, updated_at, email_index, employee_index) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "",
        ),
        &sealed,
        |q, (p, s)| {
            q.bind(p.id.to_string())
                .bind(o.as_str())
                .bind(s.employee_id.as_deref())
                .bind(s.name.as_str())
                .bind(s.email.as_deref())
                .bind(s.phone.as_deref())
                .bind(p.department.as_deref())
                .bind(p.profession.map(Profession::code))
                .bind(p.specialty.as_deref())
                .bind(p.grade.map(Grade::code))
                .bind(p.site.as_deref())
                .bind(p.manager_id.map(|m| m.to_string()))
                .bind(at)
                .bind(at)
                .bind(s.email_index.as_deref())
                .bind(s.employee_index.as_deref())
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A case as the generator made it: where it stands now, with its timings.
#[derive(Debug, Clone)]
pub struct BulkCase {
    /// Its id.
    pub id: CaseId,
    /// The clinician (none once de-identified).
    pub subject: Option<PersonId>,
    /// The supporter (none while new, or once de-identified).
    pub supporter: Option<PersonId>,
    /// How it came in.
    pub source: Source,
    /// The event category's code.
    pub category: &'static str,
    /// How soon first contact is due.
    pub urgency: Urgency,
    /// When it came in.
    pub received_at: Timestamp,
    /// When first contact was due.
    pub first_contact_due_at: Timestamp,
    /// Where it stands.
    pub state: CaseState,
    /// When it was assigned.
    pub assigned_at: Option<Timestamp>,
    /// When the supporter had to accept by.
    pub accept_due_at: Option<Timestamp>,
    /// First outreach.
    pub first_contact_at: Option<Timestamp>,
    /// When it was closed (withdrawn cases have none, as in the case service).
    pub closed_at: Option<Timestamp>,
    /// How it ended.
    pub outcome: Option<OutcomeKind>,
    /// Interactions recorded at closure.
    pub interactions: Option<i64>,
    /// The clinician's department at intake.
    pub department: Option<String>,
    /// Their profession at intake.
    pub profession: Option<Profession>,
    /// Their grade at intake.
    pub grade: Option<Grade>,
    /// When it was escalated, if it was: one transition to `escalated`, from `contacted`.
    pub escalated_at: Option<Timestamp>,
    /// Kinds of further help offered, and whether each was taken up.
    pub resources: Vec<(ResourceKind, bool)>,
    /// The number of changes made to it.
    pub version: i64,
    /// Its last change.
    pub updated_at: Timestamp,
    /// When it lost its identity.
    pub deidentified_at: Option<Timestamp>,
}

/// Adds a batch of cases, their escalations (a transition each) and the further help offered in
/// them, in one transaction. Tallies are not touched: recount with `tallies::rebuild` after.
pub async fn cases(db: &Db, org: OrgId, cases: &[BulkCase]) -> Result<()> {
    let org_s = org.to_string();
    let mut tx = db.writer().begin().await?;
    let ts = |t: Option<Timestamp>| t.map(to_micros);
    let engine = db.engine();
    insert_all(
        &mut tx,
        engine,
        (
            "INSERT INTO cases (id, org_id, subject_id, source, category, event_id, event_date, received_at, urgency, state,
                                supporter_id, preferences, intake_context, first_contact_due_at, assigned_at, accept_due_at,
                                first_contact_at, closed_at, outcome, interactions, department, profession, grade, version,
                                created_at, updated_at, escalated_from, deidentified_at) VALUES ",
            "(?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, '{}', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "",
        ),
        cases,
        |q, c| {
            q.bind(c.id.to_string())
                .bind(org_s.as_str())
                .bind(c.subject.map(|p| p.to_string()))
                .bind(c.source.code())
                .bind(c.category)
                .bind(to_micros(c.received_at))
                .bind(c.urgency.code())
                .bind(c.state.code())
                .bind(c.supporter.map(|p| p.to_string()))
                .bind(to_micros(c.first_contact_due_at))
                .bind(ts(c.assigned_at))
                .bind(ts(c.accept_due_at))
                .bind(ts(c.first_contact_at))
                .bind(ts(c.closed_at))
                .bind(c.outcome.map(OutcomeKind::code))
                .bind(c.interactions)
                .bind(c.department.as_deref())
                .bind(c.profession.map(Profession::code))
                .bind(c.grade.map(Grade::code))
                .bind(c.version)
                .bind(to_micros(c.received_at))
                .bind(to_micros(c.updated_at))
                .bind(c.escalated_at.map(|_| CaseState::Contacted.code()))
                .bind(ts(c.deidentified_at))
        },
    )
    .await?;
    let escalations: Vec<(String, &BulkCase, i64)> = cases
        .iter()
        .filter_map(|c| c.escalated_at.map(|at| (uuid::Uuid::now_v7().to_string(), c, to_micros(at))))
        .collect();
    insert_all(
        &mut tx,
        engine,
        (
            "INSERT INTO case_transitions (id, org_id, case_id, at, actor_kind, actor_user_id, action, from_state, to_state,
                                           supporter_id) VALUES ",
            "(?, ?, ?, ?, 'supporter', NULL, 'escalate', 'contacted', 'escalated', ?)",
            "",
        ),
        &escalations,
        |q, (id, c, at)| {
            q.bind(id.as_str())
                .bind(org_s.as_str())
                .bind(c.id.to_string())
                .bind(*at)
                .bind(c.supporter.map(|p| p.to_string()))
        },
    )
    .await?;
    let offered: Vec<(CaseId, ResourceKind, bool)> =
        cases.iter().flat_map(|c| c.resources.iter().map(|(k, taken)| (c.id, *k, *taken))).collect();
    insert_all(
        &mut tx,
        engine,
        ("INSERT INTO case_resources (org_id, case_id, kind, accepted) VALUES ", "(?, ?, ?, ?)", ""),
        &offered,
        |q, (case, kind, taken)| {
            q.bind(org_s.as_str()).bind(case.to_string()).bind(kind.code()).bind(i64::from(*taken))
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds helpfulness answers, (month `YYYY-MM`, answer 1–5), in one transaction. Tallies are not
/// touched: recount with `tallies::rebuild` after.
pub async fn feedback(db: &Db, org: OrgId, answers: &[(String, i64)]) -> Result<()> {
    let o = org.to_string();
    let mut tx = db.writer().begin().await?;
    insert_all(
        &mut tx,
        db.engine(),
        ("INSERT INTO feedback_answers (id, org_id, month, helpful) VALUES ", "(?, ?, ?, ?)", ""),
        answers,
        |q, (month, helpful)| {
            q.bind(uuid::Uuid::new_v4().to_string()).bind(o.as_str()).bind(month.as_str()).bind(*helpful)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Bulk-loads a wave's answers, already grouped and scored, with the same rows as
/// `surveys::load` writes (each answer with a random id; the wave's counts; a tally per
/// breakdown, group, measure and value), but each tally counted in memory first and written
/// once, and the answers in multi-row statements: one transaction.
pub async fn survey_answers(
    db: &Db,
    org: OrgId,
    wave: WaveId,
    answers: &[([String; 3], String, Response)],
) -> Result<()> {
    let o = org.to_string();
    let w = wave.to_string();
    let engine = db.engine();
    let mut tx = db.writer().begin().await?;
    insert_all(
        &mut tx,
        engine,
        (
            "INSERT INTO survey_answers (id, org_id, wave_id, answered_on, department, profession, grade, answers) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?)",
            "",
        ),
        answers,
        |q, (group, day, r)| {
            // Random, not time-ordered, as for every answer.
            q.bind(uuid::Uuid::new_v4().to_string())
                .bind(o.as_str())
                .bind(w.as_str())
                .bind(day.as_str())
                .bind(group[0].as_str())
                .bind(group[1].as_str())
                .bind(group[2].as_str())
                .bind(r.values.as_str())
        },
    )
    .await?;
    let n = i64::try_from(answers.len()).unwrap_or(i64::MAX);
    sqlx::query("UPDATE survey_waves SET answered = answered + $1, invited = invited + $1 WHERE id = $2")
        .bind(n)
        .bind(w.as_str())
        .execute(&mut *tx)
        .await?;
    // The breakdowns of `surveys::add_tallies`: the whole wave, then by department, profession
    // and grade.
    const DIMENSIONS: [&str; 4] = ["all", "department", "profession", "grade"];
    // (breakdown, group, measure, value) → answers.
    type Tally<'a> = (usize, &'a str, &'a str, i64);
    let mut counts: HashMap<Tally<'_>, i64> = HashMap::new();
    for (group, _, r) in answers {
        for (d, grp) in [(0, ""), (1, group[0].as_str()), (2, group[1].as_str()), (3, group[2].as_str())] {
            for (m, v) in &r.measures {
                *counts.entry((d, grp, m.as_str(), *v)).or_default() += 1;
            }
        }
    }
    let mut tallies: Vec<(Tally<'_>, i64)> = counts.into_iter().collect();
    tallies.sort_unstable();
    insert_all(
        &mut tx,
        engine,
        (
            "INSERT INTO survey_tallies (org_id, wave_id, dimension, grp, measure, value, n) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?)",
            " ON CONFLICT (wave_id, dimension, grp, measure, value) DO UPDATE SET n = survey_tallies.n + excluded.n",
        ),
        &tallies,
        |q, ((d, grp, m, v), n)| {
            q.bind(o.as_str())
                .bind(w.as_str())
                .bind(DIMENSIONS.get(*d).copied().unwrap_or("all"))
                .bind(*grp)
                .bind(*m)
                .bind(*v)
                .bind(*n)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_parameters_on_postgresql_only() {
        let head = "INSERT INTO t (a, b) VALUES ";
        assert_eq!(statement(Engine::Postgres, head, "(?, ?)", 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        assert_eq!(statement(Engine::Sqlite, head, "(?, 'x')", 2), "INSERT INTO t (a, b) VALUES (?, 'x'), (?, 'x')");
        assert_eq!(rows_per_statement("(?, ?)"), MAX_ROWS);
        assert!(rows_per_statement(&"?, ".repeat(40)) * 40 <= MAX_PARAMS);
    }
}
