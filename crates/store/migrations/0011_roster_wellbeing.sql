-- The rest of the roster: the on-call rota, refresher reminders, an organisation's matching
-- policy, and supporter wellbeing (debriefs and supervision meetings with attendance).

CREATE TABLE on_call (
    id        TEXT   NOT NULL PRIMARY KEY,
    org_id    TEXT   NOT NULL REFERENCES organisations (id),
    person_id TEXT   NOT NULL REFERENCES people (id),
    starts_at BIGINT NOT NULL,
    ends_at   BIGINT NOT NULL
);
CREATE INDEX on_call_org ON on_call (org_id, ends_at);

-- When the refresher reminder for this training went out (none: not yet).
ALTER TABLE trainings ADD COLUMN reminded_at BIGINT;

-- Weights and the same-department switch; an organisation without a row uses the defaults.
CREATE TABLE matching_policies (
    org_id                  TEXT   NOT NULL PRIMARY KEY REFERENCES organisations (id),
    exclude_same_department BIGINT NOT NULL,
    weights                 TEXT   NOT NULL,
    updated_at              BIGINT NOT NULL
);

-- A supporter asks for a debrief after a hard case; a coordinator records that it was held.
-- Which case is not kept: the request is about the supporter, not the colleague they helped.
CREATE TABLE debriefs (
    id           TEXT   NOT NULL PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organisations (id),
    person_id    TEXT   NOT NULL REFERENCES people (id),
    requested_at BIGINT,
    held_at      BIGINT,
    held_by      TEXT   REFERENCES users (id)
);
CREATE INDEX debriefs_person ON debriefs (org_id, person_id);

CREATE TABLE supervision_meetings (
    id         TEXT   NOT NULL PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    held_on    TEXT   NOT NULL,
    created_by TEXT   REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX supervision_meetings_org ON supervision_meetings (org_id, held_on);

CREATE TABLE supervision_attendance (
    meeting_id TEXT NOT NULL REFERENCES supervision_meetings (id),
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    person_id  TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX supervision_attendance_person ON supervision_attendance (org_id, person_id);
