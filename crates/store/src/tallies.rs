//! The programme's tallies: each case counts once in each of its tallies (domain's `counting`
//! says which), moved in the same transaction as every change to the case, so reports read a few
//! hundred rows instead of scanning every case.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use reachin_domain::counting::{CountingRecord, Figure, TallyKey, difference, helpful_key};
use reachin_domain::{CaseId, OrgId};

use crate::rows::{int, opt_int, opt_text, parsed, text};
use crate::{Db, Result, StoreError};

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// The tallies a case counts in now (empty if there is no such case).
pub async fn keys_in(tx: &mut Tx<'_>, org: OrgId, case: CaseId) -> Result<Vec<TallyKey>> {
    let row = sqlx::query(
        "SELECT c.received_at, c.source, c.category, c.department, c.profession, c.state, c.outcome,
                c.interactions, c.first_contact_at, c.first_contact_due_at, o.time_zone,
                (SELECT COUNT(*) FROM case_transitions t WHERE t.case_id = c.id AND t.to_state = 'escalated') AS escalations
         FROM cases c JOIN organisations o ON o.id = c.org_id WHERE c.org_id = $1 AND c.id = $2",
    )
    .bind(org.to_string())
    .bind(case.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(Vec::new()) };
    let taken: Vec<(String,)> =
        sqlx::query_as("SELECT kind FROM case_resources WHERE org_id = $1 AND case_id = $2 AND accepted = 1")
            .bind(org.to_string())
            .bind(case.to_string())
            .fetch_all(&mut **tx)
            .await?;
    let zone = zone_of(&text(&row, "time_zone")?);
    let mut record = record_from(&row)?;
    record.ever_escalated = int(&row, "escalations")? > 0;
    record.taken_up = taken
        .into_iter()
        .map(|(k,)| k.parse().map_err(|_| StoreError::Corrupt { column: "case_resources.kind", reason: k }))
        .collect::<Result<_>>()?;
    Ok(record.keys(&zone))
}

fn zone_of(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

fn record_from(row: &sqlx::any::AnyRow) -> Result<CountingRecord> {
    Ok(CountingRecord {
        received_at: reachin_domain::clock::from_micros(int(row, "received_at")?),
        source: parsed(row, "source")?,
        category: text(row, "category")?,
        department: opt_text(row, "department")?,
        profession: opt_text(row, "profession")?,
        state: parsed(row, "state")?,
        outcome: crate::rows::opt_parsed(row, "outcome")?,
        interactions: opt_int(row, "interactions")?,
        first_contact_at: opt_int(row, "first_contact_at")?.map(reachin_domain::clock::from_micros),
        first_contact_due_at: reachin_domain::clock::from_micros(int(row, "first_contact_due_at")?),
        ever_escalated: false,
        taken_up: Vec::new(),
    })
}

/// Moves a case's counts from the tallies it was in (`before`, read with `keys_in` at the start
/// of the transaction) to the ones it is in now.
pub async fn settle(tx: &mut Tx<'_>, org: OrgId, case: CaseId, before: &[TallyKey]) -> Result<()> {
    let after = keys_in(tx, org, case).await?;
    add(tx, org, &difference(before, &after)).await
}

/// Adds to tallies (negative to take away).
pub async fn add(tx: &mut Tx<'_>, org: OrgId, changes: &[(TallyKey, i64)]) -> Result<()> {
    for (k, delta) in changes {
        sqlx::query(
            "INSERT INTO case_tallies (org_id, year, figure, tally, n) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (org_id, year, figure, tally) DO UPDATE SET n = case_tallies.n + $5",
        )
        .bind(org.to_string())
        .bind(i64::from(k.year))
        .bind(k.figure.code())
        .bind(&k.key)
        .bind(*delta)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Counts one helpfulness answer (1–5).
pub async fn count_helpful(tx: &mut Tx<'_>, org: OrgId, month: &str, answer: i64) -> Result<()> {
    match helpful_key(month, answer) {
        Some(k) => add(tx, org, &[(k, 1)]).await,
        None => Err(StoreError::Corrupt { column: "feedback_answers.month", reason: month.to_owned() }),
    }
}

/// One year's tallies of an organisation: (figure, key, count), counts above zero only.
pub async fn year(db: &Db, org: OrgId, year: i16) -> Result<Vec<(Figure, String, u64)>> {
    let sql = format!(
        "SELECT figure, {} AS packed FROM case_tallies WHERE org_id = $1 AND year = $2 AND n > 0 GROUP BY figure",
        crate::packed::pack(db.engine(), "tally", "n")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.to_string())
        .bind(i64::from(year))
        .fetch_all(db.reader())
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        let figure: Figure = parsed(r, "figure")?;
        let packed = text(r, "packed")?;
        for (key, n) in crate::packed::unpack(&packed)? {
            out.push((figure, key.to_owned(), n));
        }
    }
    Ok(out)
}

/// The years an organisation has cases in, newest first.
pub async fn years(db: &Db, org: OrgId) -> Result<Vec<i16>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT year FROM case_tallies WHERE org_id = $1 AND figure = 'received' AND n > 0 ORDER BY year DESC",
    )
    .bind(org.to_string())
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().filter_map(|(y,)| i16::try_from(y).ok()).collect())
}

/// Recounts an organisation's tallies from its cases and feedback (after a bulk load, or once
/// for data written before tallies existed). One transaction: readers see the old or the new.
pub async fn rebuild(db: &Db, org: OrgId) -> Result<u64> {
    let mut counts: HashMap<TallyKey, i64> = HashMap::new();
    let o = org.to_string();
    let zone: (String,) =
        sqlx::query_as("SELECT time_zone FROM organisations WHERE id = $1").bind(&o).fetch_one(db.reader()).await?;
    let zone = zone_of(&zone.0);
    let escalated: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT case_id FROM case_transitions WHERE org_id = $1 AND to_state = 'escalated'")
            .bind(&o)
            .fetch_all(db.reader())
            .await?;
    let escalated: std::collections::HashSet<String> = escalated.into_iter().map(|(c,)| c).collect();
    let mut taken: HashMap<String, Vec<reachin_domain::case::ResourceKind>> = HashMap::new();
    for (case, kind) in sqlx::query_as::<_, (String, String)>(
        "SELECT case_id, kind FROM case_resources WHERE org_id = $1 AND accepted = 1",
    )
    .bind(&o)
    .fetch_all(db.reader())
    .await?
    {
        let kind = kind.parse().map_err(|_| StoreError::Corrupt { column: "case_resources.kind", reason: kind })?;
        taken.entry(case).or_default().push(kind);
    }
    // In pages ordered by id, so a million cases never sit in memory at once.
    let mut cases = 0_u64;
    let mut after = String::new();
    // Walk the cases by primary key. On SQLite, `+org_id` stops the planner from choosing an
    // index on org_id and then sorting every case of the organisation for each page.
    let org_column = match db.engine() {
        crate::Engine::Sqlite => "+org_id",
        crate::Engine::Postgres => "org_id",
    };
    let page_sql = format!(
        "SELECT id, received_at, source, category, department, profession, state, outcome, interactions,
                first_contact_at, first_contact_due_at
         FROM cases WHERE {org_column} = $1 AND id > $2 ORDER BY id LIMIT 20000"
    );
    loop {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(page_sql.clone())).bind(&o).bind(&after).fetch_all(db.reader()).await?;
        let Some(last) = rows.last() else { break };
        after = text(last, "id")?;
        for row in &rows {
            let id = text(row, "id")?;
            let mut record = record_from(row)?;
            record.ever_escalated = escalated.contains(&id);
            record.taken_up = taken.remove(&id).unwrap_or_default();
            for k in record.keys(&zone) {
                *counts.entry(k).or_default() += 1;
            }
            cases += 1;
        }
    }
    let feedback = sqlx::query(
        "SELECT month, helpful, COUNT(*) AS n FROM feedback_answers WHERE org_id = $1 GROUP BY month, helpful",
    )
    .bind(&o)
    .fetch_all(db.reader())
    .await?;
    for r in &feedback {
        let month = text(r, "month")?;
        if let Some(k) = helpful_key(&month, int(r, "helpful")?) {
            *counts.entry(k).or_default() += int(r, "n")?;
        }
    }
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM case_tallies WHERE org_id = $1").bind(&o).execute(&mut *tx).await?;
    let mut all: Vec<(TallyKey, i64)> = counts.into_iter().collect();
    all.sort();
    for chunk in all.chunks(200) {
        let mut sql = String::from("INSERT INTO case_tallies (org_id, year, figure, tally, n) VALUES ");
        for (i, _) in chunk.iter().enumerate() {
            let b = i * 5;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (k, n) in chunk {
            q = q.bind(&o).bind(i64::from(k.year)).bind(k.figure.code()).bind(k.key.clone()).bind(*n);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(cases)
}

const COUNT_TALLIES: &str = "0014_count_tallies";

/// Counts the cases and feedback written before tallies existed (once; a fresh database has
/// none). Run by `Db::migrate`.
pub(crate) async fn count_existing(db: &Db) -> Result<()> {
    let done: Option<(String,)> = sqlx::query_as("SELECT name FROM data_migrations WHERE name = $1")
        .bind(COUNT_TALLIES)
        .fetch_optional(db.reader())
        .await?;
    if done.is_some() {
        return Ok(());
    }
    let orgs: Vec<(String,)> = sqlx::query_as("SELECT id FROM organisations").fetch_all(db.reader()).await?;
    for (id,) in orgs {
        let org: OrgId =
            id.parse().map_err(|_| StoreError::Corrupt { column: "organisations.id", reason: id.clone() })?;
        rebuild(db, org).await?;
    }
    // The wall clock: a one-time migration, not a rule.
    sqlx::query("INSERT INTO data_migrations (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(COUNT_TALLIES)
        .bind(reachin_domain::clock::to_micros(jiff::Timestamp::now()))
        .execute(db.writer())
        .await?;
    Ok(())
}
