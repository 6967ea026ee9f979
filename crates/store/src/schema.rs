//! A description of the live schema (tables, columns, indexes) that reads the same on both engines,
//! so a test can prove the one migration history gives both engines the same shape.

use crate::{Db, Engine, Result};

/// One line per column and per index, sorted: `table.column type [not null]`,
/// `index name on table(columns) [unique]`.
pub async fn describe(db: &Db) -> Result<Vec<String>> {
    let mut lines = match db.engine() {
        Engine::Sqlite => sqlite(db).await?,
        Engine::Postgres => postgres(db).await?,
    };
    lines.sort();
    Ok(lines)
}

fn column_line(table: &str, column: &str, ty: &str, not_null: bool) -> String {
    let null = if not_null { " not null" } else { "" };
    format!("{table}.{column} {}{null}", ty.to_lowercase())
}

async fn sqlite(db: &Db) -> Result<Vec<String>> {
    let columns: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT m.name, c.name, c.type, c.\"notnull\" FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(db.reader())
    .await?;
    let indexes: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT m.name, il.name, il.\"unique\", ii.name
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
         WHERE m.type = 'table' AND il.origin = 'c' ORDER BY m.name, il.name, ii.seqno",
    )
    .fetch_all(db.reader())
    .await?;
    let mut out: Vec<String> = columns.iter().map(|(t, c, ty, nn)| column_line(t, c, ty, *nn != 0)).collect();
    out.extend(index_lines(indexes));
    Ok(out)
}

async fn postgres(db: &Db) -> Result<Vec<String>> {
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(db.reader())
    .await?;
    // Indexes made by CREATE INDEX only: those backing a PRIMARY KEY or UNIQUE constraint are
    // implied by the table definitions on both engines.
    let indexes: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, CASE WHEN x.indisunique THEN 1::bigint ELSE 0::bigint END, a.attname::text
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE n.nspname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         ORDER BY t.relname, i.relname, k.ord",
    )
    .fetch_all(db.reader())
    .await?;
    let mut out: Vec<String> =
        columns.iter().map(|(t, c, ty, nullable)| column_line(t, c, ty, nullable == "NO")).collect();
    out.extend(index_lines(indexes));
    Ok(out)
}

fn index_lines(rows: Vec<(String, String, i64, String)>) -> Vec<String> {
    let mut out: Vec<(String, String, bool, Vec<String>)> = Vec::new();
    for (table, index, unique, column) in rows {
        match out.last_mut() {
            Some(last) if last.0 == table && last.1 == index => last.3.push(column),
            _ => out.push((table, index, unique != 0, vec![column])),
        }
    }
    out.into_iter()
        .map(|(t, i, u, cols)| format!("index {i} on {t}({}){}", cols.join(", "), if u { " unique" } else { "" }))
        .collect()
}
