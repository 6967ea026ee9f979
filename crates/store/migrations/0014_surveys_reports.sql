-- Organisational wellbeing and programme evaluation: survey waves, their invitations and
-- answers, and the tallies reports read (kept current as the data changes, so no report scans
-- cases or answers).

-- The suppression floor an organisation chose (never below 5; checked in domain).
ALTER TABLE organisations ADD COLUMN suppression_floor BIGINT NOT NULL DEFAULT 10;

-- Reports and wave populations list an organisation's departments.
CREATE INDEX people_org_department ON people (org_id, department);

-- The programme report counts each supporter's cases of the last 90 days.
CREATE INDEX cases_org_supporter_assigned ON cases (org_id, supporter_id, assigned_at);

-- A survey wave: what is asked (the form, as JSON), of whom (the population, as JSON), when.
-- `invited` and `answered` are kept here so the figures outlive the invitations, which are
-- deleted when the wave closes.
CREATE TABLE survey_waves (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    title       TEXT   NOT NULL,
    form        TEXT   NOT NULL,
    population  TEXT   NOT NULL,
    opened_at   BIGINT NOT NULL,
    closes_at   BIGINT NOT NULL,
    closed_at   BIGINT,
    created_by  TEXT   REFERENCES users (id),
    invited     BIGINT NOT NULL,
    answered    BIGINT NOT NULL,
    -- The key of the form that opened it, so a form sent twice opens one wave.
    form_key    TEXT
);
CREATE INDEX survey_waves_org ON survey_waves (org_id, opened_at);
CREATE UNIQUE INDEX survey_waves_form_key ON survey_waves (org_id, form_key);

-- The invitation side knows the person and whether they answered (for reminders), never what
-- or when. The token's hash is cleared when it is spent.
CREATE TABLE survey_invitations (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    wave_id     TEXT   NOT NULL REFERENCES survey_waves (id),
    person_id   TEXT   NOT NULL REFERENCES people (id),
    token_hash  TEXT,
    answered    BIGINT NOT NULL,
    reminded_at BIGINT
);
CREATE UNIQUE INDEX survey_invitations_token ON survey_invitations (token_hash);
CREATE UNIQUE INDEX survey_invitations_person ON survey_invitations (wave_id, person_id);

-- The answer side knows the wave, the day and the group (department, profession, grade), never
-- the person or the invitation. Its id is random, not time-ordered.
CREATE TABLE survey_answers (
    id          TEXT   NOT NULL PRIMARY KEY,
    org_id      TEXT   NOT NULL REFERENCES organisations (id),
    wave_id     TEXT   NOT NULL REFERENCES survey_waves (id),
    answered_on TEXT   NOT NULL,
    department  TEXT   NOT NULL,
    profession  TEXT   NOT NULL,
    grade       TEXT   NOT NULL,
    answers     TEXT   NOT NULL
);
CREATE INDEX survey_answers_wave ON survey_answers (wave_id);

-- Each answer adds one to a tally per measure in each breakdown a report offers: the whole wave
-- (dimension `all`, group ''), and by department, profession and grade. One breakdown at a time
-- is all a report offers, so no finer cross-tabulation is kept.
CREATE TABLE survey_tallies (
    org_id    TEXT   NOT NULL REFERENCES organisations (id),
    wave_id   TEXT   NOT NULL REFERENCES survey_waves (id),
    dimension TEXT   NOT NULL,
    grp       TEXT   NOT NULL,
    measure   TEXT   NOT NULL,
    value     BIGINT NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (wave_id, dimension, grp, measure, value)
);

-- Each case counts once in each of its tallies: (year, figure, key) → count (see domain's
-- `counting`). Moved by every change to a case, in the change's transaction.
CREATE TABLE case_tallies (
    org_id TEXT   NOT NULL REFERENCES organisations (id),
    year   BIGINT NOT NULL,
    figure TEXT   NOT NULL,
    tally  TEXT   NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, figure, tally)
);
