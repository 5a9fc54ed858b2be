-- Audit: an index over the event store for audit trails and the audit feed, and the auditor accounts.
-- Both are read models: the audit-index projection and the setup projection fill them from events.

-- One row per stored event (same globalindex as domainevententry), with what trails and feeds filter on.
-- The event's data and metadata stay in domainevententry; this table only says where to look.
CREATE TABLE audit_index (
    globalindex BIGINT       PRIMARY KEY,
    time        TIMESTAMPTZ  NOT NULL,
    type        VARCHAR(128) NOT NULL,
    actor       VARCHAR(255),
    username    VARCHAR(64),
    device_id   VARCHAR(64)
);
CREATE INDEX audit_index_time ON audit_index (time, globalindex);
CREATE INDEX audit_index_type ON audit_index (type, globalindex);
CREATE INDEX audit_index_actor ON audit_index (actor, globalindex) WHERE actor IS NOT NULL;
CREATE INDEX audit_index_username ON audit_index (username, globalindex) WHERE username IS NOT NULL;
CREATE INDEX audit_index_device ON audit_index (device_id, globalindex) WHERE device_id IS NOT NULL;

-- Security officers: read everything, change nothing.
CREATE TABLE auditor_account (
    username      VARCHAR(32)  PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);
