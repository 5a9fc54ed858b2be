-- Failed password attempts, per account and per source address, shared by every node: each node checks and counts
-- here before it runs the password hash, so a guesser cannot spread attempts over nodes. Not a read model: nothing
-- here comes from events, and a lost row only forgets some failures. Locks and unlocks of existing accounts are also
-- recorded as events (AccountLockedEvent, AccountUnlockedEvent).
CREATE TABLE password_guessing (
    subject        VARCHAR(200) PRIMARY KEY, -- 'account:' || username, or 'address:' || source address
    failures       INTEGER      NOT NULL,    -- attempts counted as failed since the last success or forgetting
    last_failure   TIMESTAMPTZ  NOT NULL,
    blocked_until  TIMESTAMPTZ,              -- no attempt is checked before this
    locked         BOOLEAN      NOT NULL DEFAULT false, -- the block is a lock (recorded as an event)
    unlocked_by    VARCHAR(128),             -- set by the command line: the next node to see it records the event
    unlocked_at    TIMESTAMPTZ
);
