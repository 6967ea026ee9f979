-- Keys of the whole installation, wrapped by the master key like the organisations' data keys.
-- The first is `audit`: the audit log's links are HMACs under it, so a consistent rewrite of the
-- log needs the master key, not only write access to the database.
CREATE TABLE installation_keys (
    name       TEXT   NOT NULL PRIMARY KEY,
    wrapped    TEXT   NOT NULL,
    master_id  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- Audit retention: entries older than the retention period are pruned from the start of the
-- chain. The head then records where the kept chain starts and the link it follows, with an
-- HMAC over both (`start_mac`), so pruning cannot be faked without the key.
ALTER TABLE audit_head ADD COLUMN first_seq BIGINT NOT NULL DEFAULT 1;
ALTER TABLE audit_head ADD COLUMN anchor TEXT NOT NULL DEFAULT 'genesis';
ALTER TABLE audit_head ADD COLUMN start_mac TEXT;
