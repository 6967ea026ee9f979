-- Each organisation's directory of further help: EAP, mental health, chaplaincy, legal,
-- occupational health, practitioner services, crisis lines.
CREATE TABLE resources (
    id           TEXT   NOT NULL PRIMARY KEY,
    org_id       TEXT   NOT NULL REFERENCES organisations (id),
    kind         TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    how_to_reach TEXT   NOT NULL,
    hours        TEXT,
    crisis       BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX resources_org ON resources (org_id, crisis, name);

-- Which kinds of further help were offered in a case, and which were taken up.
CREATE TABLE case_resources (
    org_id   TEXT   NOT NULL REFERENCES organisations (id),
    case_id  TEXT   NOT NULL REFERENCES cases (id),
    kind     TEXT   NOT NULL,
    accepted BIGINT NOT NULL,
    PRIMARY KEY (case_id, kind)
);
