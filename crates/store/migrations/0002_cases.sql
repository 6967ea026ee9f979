-- The support case: intake, the case and its history, outreach, safety events, opt-outs.
-- Portable as 0001: TEXT ids, BIGINT unix microseconds, BIGINT 0/1 booleans, JSON as TEXT,
-- civil dates as TEXT 'YYYY-MM-DD'.

-- One event reported by an incident system; each clinician involved gets a case linked to it.
CREATE TABLE safety_events (
    id           TEXT   NOT NULL PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organisations (id),
    external_ref TEXT   NOT NULL,
    category     TEXT   NOT NULL,
    event_date   TEXT,
    received_at  BIGINT NOT NULL,
    reported_by  TEXT   REFERENCES users (id)
);
CREATE UNIQUE INDEX safety_events_org_ref ON safety_events (org_id, external_ref);

CREATE TABLE cases (
    id                   TEXT   NOT NULL PRIMARY KEY,
    org_id               TEXT   NOT NULL REFERENCES organisations (id),
    subject_id           TEXT   REFERENCES people (id),
    source               TEXT   NOT NULL,
    category             TEXT   NOT NULL,
    event_id             TEXT   REFERENCES safety_events (id),
    event_date           TEXT,
    received_at          BIGINT NOT NULL,
    urgency              TEXT   NOT NULL,
    state                TEXT   NOT NULL,
    supporter_id         TEXT   REFERENCES people (id),
    preferences          TEXT   NOT NULL,
    intake_context       TEXT,
    first_contact_due_at BIGINT NOT NULL,
    assigned_at          BIGINT,
    accept_due_at        BIGINT,
    first_contact_at     BIGINT,
    closed_at            BIGINT,
    outcome              TEXT,
    interactions         BIGINT,
    -- The counting record: kept after de-identification for programme statistics.
    department           TEXT,
    profession           TEXT,
    grade                TEXT,
    version              BIGINT NOT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX cases_org_state ON cases (org_id, state, first_contact_due_at);
CREATE INDEX cases_org_supporter ON cases (org_id, supporter_id, state);
CREATE INDEX cases_org_subject ON cases (org_id, subject_id, state);
CREATE INDEX cases_org_event ON cases (org_id, event_id);
-- The duplicate guard's backstop: one open case per person, even under concurrent referrals.
CREATE UNIQUE INDEX cases_one_open_per_subject ON cases (org_id, subject_id)
    WHERE state IN ('new', 'assigned', 'accepted', 'contacted', 'escalated');

-- Every way a case was asked for: the first opens it, later ones for an open case join it.
CREATE TABLE case_referrals (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    case_id     TEXT   NOT NULL REFERENCES cases (id),
    source      TEXT   NOT NULL,
    referrer_id TEXT   REFERENCES people (id),
    received_at BIGINT NOT NULL
);
CREATE INDEX case_referrals_case ON case_referrals (case_id);

-- The history of a case: every transition with its time and actor.
CREATE TABLE case_transitions (
    id            TEXT   NOT NULL PRIMARY KEY,
    org_id        TEXT   NOT NULL REFERENCES organisations (id),
    case_id       TEXT   NOT NULL REFERENCES cases (id),
    at            BIGINT NOT NULL,
    actor_kind    TEXT   NOT NULL,
    actor_user_id TEXT   REFERENCES users (id),
    action        TEXT   NOT NULL,
    from_state    TEXT   NOT NULL,
    to_state      TEXT   NOT NULL,
    supporter_id  TEXT   REFERENCES people (id)
);
CREATE INDEX case_transitions_case ON case_transitions (case_id, at);

CREATE TABLE contact_attempts (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    case_id     TEXT   NOT NULL REFERENCES cases (id),
    at          BIGINT NOT NULL,
    channel     TEXT   NOT NULL,
    reached     BIGINT NOT NULL,
    recorded_by TEXT   REFERENCES users (id)
);
CREATE INDEX contact_attempts_case ON contact_attempts (case_id, at);

-- A clinician's standing wish not to be contacted after safety events.
CREATE TABLE outreach_opt_outs (
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    person_id  TEXT   NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, person_id)
);

-- Fixed-window request counters for public forms (per address), shared by all instances.
CREATE TABLE rate_limits (
    limit_key    TEXT   NOT NULL PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
