-- Helpfulness feedback after a supported case. The invitation is not linked to the case or the
-- person (only to the organisation) and is deleted when used; the answer row has no link to
-- anything but the organisation and the month.
CREATE TABLE feedback_invitations (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    expires_at BIGINT NOT NULL
);

CREATE TABLE feedback_answers (
    id       TEXT   NOT NULL PRIMARY KEY,
    org_id   TEXT   NOT NULL REFERENCES organisations (id),
    month    TEXT   NOT NULL,
    helpful  BIGINT NOT NULL
);
CREATE INDEX feedback_answers_org_month ON feedback_answers (org_id, month);

-- A follow-up check-in a supporter scheduled.
CREATE TABLE follow_ups (
    id         TEXT   NOT NULL PRIMARY KEY,
    org_id     TEXT   NOT NULL REFERENCES organisations (id),
    case_id    TEXT   NOT NULL REFERENCES cases (id),
    due_at     BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX follow_ups_case ON follow_ups (case_id, due_at);
