-- People may come from an LDAP server or an Active Directory (issue 14). The settings are kept as the event holds
-- them; the bind password only sealed (AES-GCM under the key-encryption key of jams.home), never in clear.
ALTER TABLE directory_config
    ADD COLUMN settings             JSONB,
    ADD COLUMN sealed_bind_password TEXT,
    ADD COLUMN configured_at        TIMESTAMPTZ;

-- When the directory synchronisation last finished, on any node: operational state, not history. Nodes check it under
-- an advisory lock, so one of them runs each synchronisation that is due.
CREATE TABLE directory_sync_run (
    id          SMALLINT    PRIMARY KEY CHECK (id = 1),
    finished_at TIMESTAMPTZ NOT NULL
);

-- What the directory says about a person (DirectoryProfileChangedEvent), the photo by its SHA-256; and a person the
-- directory disabled or no longer has is DISABLED.
ALTER TABLE users
    ADD COLUMN email        VARCHAR(256),
    ADD COLUMN first_name   VARCHAR(256),
    ADD COLUMN last_name    VARCHAR(256),
    ADD COLUMN photo_sha256 VARCHAR(256);
