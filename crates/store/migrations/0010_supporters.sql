-- The supporter roster: lifecycle, caseload cap, what a supporter chooses to share, training
-- records, away periods and the on-call rota.
CREATE TABLE supporters (
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    person_id  TEXT   NOT NULL REFERENCES people (id),
    status     TEXT   NOT NULL,
    cap        BIGINT NOT NULL,
    gender     TEXT,
    languages  TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, person_id)
);

CREATE TABLE supporter_steps (
    id         TEXT   NOT NULL PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    person_id  TEXT   NOT NULL REFERENCES people (id),
    status     TEXT   NOT NULL,
    by_user    TEXT   REFERENCES users (id),
    at         BIGINT NOT NULL
);
CREATE INDEX supporter_steps_person ON supporter_steps (org_id, person_id, at);

CREATE TABLE trainings (
    id           TEXT   NOT NULL PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organisations (id),
    person_id    TEXT   NOT NULL REFERENCES people (id),
    course       TEXT   NOT NULL,
    completed_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX trainings_person ON trainings (org_id, person_id, expires_at);

CREATE TABLE away_periods (
    id        TEXT   NOT NULL PRIMARY KEY,
    org_id    TEXT   NOT NULL REFERENCES organisations (id),
    person_id TEXT   NOT NULL REFERENCES people (id),
    starts_at BIGINT NOT NULL,
    ends_at   BIGINT NOT NULL
);
CREATE INDEX away_periods_person ON away_periods (org_id, person_id, ends_at);
