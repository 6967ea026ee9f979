-- An organisation's public holidays: routine time targets do not count them.
CREATE TABLE org_holidays (
    org_id  TEXT NOT NULL REFERENCES organisations (id),
    holiday TEXT NOT NULL,
    PRIMARY KEY (org_id, holiday)
);
