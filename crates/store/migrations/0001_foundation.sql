-- ReachIn foundation: organisations, the staff directory, accounts, roles, sessions, tokens.
-- Portable between SQLite and PostgreSQL: ids are TEXT (UUIDv7), times BIGINT unix microseconds,
-- booleans BIGINT 0/1, JSON as TEXT. Every NOT NULL is spelled out (SQLite does not imply it for
-- primary keys) so both engines describe the same schema.

CREATE TABLE organisations (
    id            TEXT   NOT NULL PRIMARY KEY,
    slug          TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    time_zone     TEXT   NOT NULL,
    locale        TEXT   NOT NULL,
    working_hours TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE people (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    employee_id TEXT,
    name        TEXT   NOT NULL,
    email       TEXT,
    phone       TEXT,
    department  TEXT,
    profession  TEXT,
    specialty   TEXT,
    grade       TEXT,
    site        TEXT,
    manager_id  TEXT   REFERENCES people (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX people_org_employee_id ON people (org_id, employee_id);
CREATE UNIQUE INDEX people_org_email ON people (org_id, email);
CREATE INDEX people_org_name ON people (org_id, name, id);

CREATE TABLE users (
    id               TEXT   NOT NULL PRIMARY KEY,
    email            TEXT   NOT NULL UNIQUE,
    display_name     TEXT   NOT NULL,
    password_hash    TEXT,
    disabled         BIGINT NOT NULL DEFAULT 0,
    network_operator BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL
);

CREATE TABLE memberships (
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    user_id    TEXT   NOT NULL REFERENCES users (id),
    person_id  TEXT   REFERENCES people (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE membership_roles (
    org_id  TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role    TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, role),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id)
);

-- Only a hash of the session id is kept: a copy of this table signs nobody in.
CREATE TABLE sessions (
    id_hash      TEXT   NOT NULL PRIMARY KEY,
    user_id      TEXT   NOT NULL REFERENCES users (id),
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT   NOT NULL PRIMARY KEY,
    token_hash   TEXT   NOT NULL UNIQUE,
    org_id       TEXT   NOT NULL REFERENCES organisations (id),
    user_id      TEXT   NOT NULL REFERENCES users (id),
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Sign-in failures per account or address, keyed by a hash so typed emails are not kept.
CREATE TABLE sign_in_failures (
    throttle_key TEXT   NOT NULL PRIMARY KEY,
    consecutive  BIGINT NOT NULL,
    last_at      BIGINT NOT NULL,
    today        BIGINT NOT NULL,
    day_start    BIGINT NOT NULL
);
