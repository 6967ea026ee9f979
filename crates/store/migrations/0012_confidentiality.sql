-- Confidentiality: encryption at rest of identity fields, the tamper-evident audit log,
-- retention and de-identification settings, break-glass access.

-- Each organisation's data key, wrapped by the installation's master key (never stored here).
-- `master_id` names the master key that wrapped it, so a wrong key is reported as such.
CREATE TABLE org_keys (
    org_id     TEXT   NOT NULL PRIMARY KEY REFERENCES organisations (id),
    wrapped    TEXT   NOT NULL,
    master_id  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- people.name, email, phone and employee_id now hold sealed values (store::crypt). Exact lookups
-- go through keyed blind indexes; the plain-text indexes go, ordering by name happens after
-- opening the names.
ALTER TABLE people ADD COLUMN email_index TEXT;
ALTER TABLE people ADD COLUMN employee_index TEXT;
DROP INDEX people_org_email;
DROP INDEX people_org_employee_id;
DROP INDEX people_org_name;
CREATE UNIQUE INDEX people_org_email_index ON people (org_id, email_index);
CREATE UNIQUE INDEX people_org_employee_index ON people (org_id, employee_index);
CREATE INDEX people_org ON people (org_id, id);

-- Changes to stored data that SQL cannot make (sealing existing rows), each run once.
CREATE TABLE data_migrations (
    name    TEXT   NOT NULL PRIMARY KEY,
    done_at BIGINT NOT NULL
);

-- How long a closed case keeps its identity (0 to 365 days), and whether the directory is kept
-- ('kept') or only imported for outreach ('imported': entries nothing needs any more are removed
-- with the de-identification).
ALTER TABLE organisations ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE organisations ADD COLUMN directory_mode TEXT NOT NULL DEFAULT 'kept';

-- When the case lost its identity; the counting record stays.
ALTER TABLE cases ADD COLUMN deidentified_at BIGINT;
CREATE INDEX cases_org_closed ON cases (org_id, closed_at);

-- The audit log: who, what, when, which record; never content. Append-only: each entry's hash
-- covers the previous entry's hash, so an edited or deleted row breaks the chain
-- (`reachin audit verify`). `record_id` may be blanked when a person is erased; the chain covers
-- `record_hash`, so it still verifies. No foreign keys: the log outlives what it mentions.
CREATE TABLE audit_log (
    seq         BIGINT NOT NULL PRIMARY KEY,
    at          BIGINT NOT NULL,
    org_id      TEXT,
    user_id     TEXT,
    action      TEXT   NOT NULL,
    record_kind TEXT,
    record_id   TEXT,
    record_hash TEXT,
    detail      TEXT,
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (org_id, record_kind, record_id, seq);

-- The end of the chain: one row, updated with each append, so concurrent appends (several
-- instances on PostgreSQL) queue on its row lock instead of forking the chain.
CREATE TABLE audit_head (
    id   BIGINT NOT NULL PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis');

-- An organisation admin's break-glass access to one case: justified in writing (sealed), time
-- limited, announced to the coordinators and audited.
CREATE TABLE break_glass (
    id            TEXT   NOT NULL PRIMARY KEY,
    org_id        TEXT   NOT NULL REFERENCES organisations (id),
    case_id       TEXT   NOT NULL REFERENCES cases (id),
    user_id       TEXT   NOT NULL REFERENCES users (id),
    justification TEXT   NOT NULL,
    granted_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX break_glass_user ON break_glass (org_id, user_id, case_id, expires_at);
