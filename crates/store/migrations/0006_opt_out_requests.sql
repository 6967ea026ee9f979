-- A clinician's request to opt out of automatic outreach, confirmed from their work email so
-- nobody can opt someone else out.
CREATE TABLE opt_out_requests (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    person_id  TEXT   NOT NULL REFERENCES people (id),
    expires_at BIGINT NOT NULL
);
