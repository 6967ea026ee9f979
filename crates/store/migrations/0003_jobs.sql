-- Background jobs: enqueued in the same transaction as the change that causes them, claimed by
-- one instance at a time (FOR UPDATE SKIP LOCKED on PostgreSQL; the single writer on SQLite),
-- retried with backoff, idempotent by design.
CREATE TABLE jobs (
    id           TEXT   NOT NULL PRIMARY KEY,
    kind         TEXT   NOT NULL,
    payload      TEXT   NOT NULL,
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL,
    locked_until BIGINT,
    last_error   TEXT,
    done_at      BIGINT,
    failed_at    BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, failed_at, run_at);
