-- Tamper evidence for the event store (issue 4, item 3). Every event in domainevententry carries an Ed25519
-- signature in its metadata ("auditSignature", made at append time with the audit key under jams.home/audit).
-- A background chainer links the events in global order; signed checkpoints pin the chain so that someone who can
-- write to the database but lacks the audit key cannot change, add, remove or reorder history unnoticed.
-- See org.jams.gateway.audit.integrity.Canonical for the exact byte forms.

-- One row per chained event: event_hash = SHA-256(canonical content || signature),
-- chain_hash = SHA-256(previous chain_hash || globalindex || event_hash). Written by one node at a time
-- (advisory lock), in globalindex order; a globalindex that stays empty past a grace period is skipped.
CREATE TABLE audit_chain (
    globalindex BIGINT PRIMARY KEY,
    event_hash  BYTEA  NOT NULL,
    chain_hash  BYTEA  NOT NULL
);

-- Signed checkpoints: the chain hash at globalindex "sequence", signed with the audit key
-- (Ed25519 over "JAMS-AUDIT-CHECKPOINT-1\n<sequence>\n<hex chain_hash>\n<created_at ISO-8601 UTC, ms>").
CREATE TABLE audit_checkpoint (
    sequence   BIGINT      PRIMARY KEY,
    chain_hash BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    signature  BYTEA       NOT NULL
);
