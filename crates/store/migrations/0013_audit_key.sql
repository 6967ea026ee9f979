-- Keys of the whole installation, wrapped by the master key like the organisations' data keys.
-- The first is `audit`: the audit log's links are HMACs under it, so a consistent rewrite of the
-- log needs the master key, not only write access to the database.
CREATE TABLE installation_keys (
    name       TEXT   NOT NULL PRIMARY KEY,
    wrapped    TEXT   NOT NULL,
    master_id  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
