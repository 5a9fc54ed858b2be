-- Operational state that is not history: sealed account keys and short-lived access tokens.

-- Account private keys, sealed (AES-GCM) with the key-encryption key under jams.home. Written in the same
-- transaction as the UserRegistered event, so a refused registration leaves no key behind.
CREATE TABLE account_key (
    jami_id    CHAR(40)    PRIMARY KEY,
    sealed_key BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bearer tokens are stored as SHA-256 hashes only, so a database reader cannot replay them.
CREATE TABLE access_token (
    token_hash CHAR(64)    PRIMARY KEY,
    subject    VARCHAR(64) NOT NULL,
    scope      VARCHAR(16) NOT NULL,
    device_id  CHAR(64),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_token_expiry ON access_token (expires_at);
