-- The directory synchronisation's current or last run, with its progress, so that an admin on any node can follow a
-- run another node is doing (issue 14). Operational state, not history: what a run changed is in the events.
ALTER TABLE directory_sync_run
    ALTER COLUMN finished_at DROP NOT NULL,
    ADD COLUMN run_number       BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN started_at       TIMESTAMPTZ,
    ADD COLUMN started_by       VARCHAR(64),
    ADD COLUMN state            VARCHAR(16) NOT NULL DEFAULT 'FINISHED',
    ADD COLUMN scanned          INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN checked          INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN removed          INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN disabled         INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN enabled          INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN profiles_updated INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN devices_revoked  INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN message          TEXT;

-- The groups the directory lists a person in (DirectoryProfileChangedEvent's group DNs, sorted).
ALTER TABLE users
    ADD COLUMN directory_groups TEXT[] NOT NULL DEFAULT '{}';
