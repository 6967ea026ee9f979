-- An organisation's own wording for its emails (subjects and bodies), replacing the catalogue's.
CREATE TABLE email_templates (
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    message_id TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (org_id, message_id)
);
