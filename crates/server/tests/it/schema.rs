//! One migration history, the same schema on both engines: this snapshot is checked on SQLite
//! and again on PostgreSQL (CI runs the suite on both), so any difference fails one of them.

use reachin_store::schema;

use crate::support::fresh_db;

#[tokio::test]
async fn both_engines_end_with_the_same_tables_columns_and_indexes() {
    let (db, _dir) = fresh_db().await;
    let lines = schema::describe(&db).await.unwrap();
    insta::assert_snapshot!("schema", lines.join("\n"));
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    let (db, _dir) = fresh_db().await;
    let before = schema::describe(&db).await.unwrap();
    db.migrate().await.unwrap();
    assert_eq!(schema::describe(&db).await.unwrap(), before);
}

#[tokio::test]
async fn sqlite_runs_in_wal_with_full_sync_and_foreign_keys() {
    let (db, _dir) = fresh_db().await;
    if db.engine() != reachin_store::Engine::Sqlite {
        return;
    }
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(db.writer()).await.unwrap();
    assert_eq!(mode, "wal");
    let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(db.writer()).await.unwrap();
    assert_eq!(sync, 2, "synchronous must be FULL");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys").fetch_one(db.reader()).await.unwrap();
    assert_eq!(fk, 1);
    // Readers are read-only: a write through one fails.
    assert!(sqlx::query("DELETE FROM users").execute(db.reader()).await.is_err());
    assert!(db.integrity_check().await.unwrap().is_empty());
}
