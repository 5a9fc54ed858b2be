-- Read models. Projections fill them from events; dropping their rows and replaying gives the same content.

CREATE TABLE admin_account (
    username      VARCHAR(32)  PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);

CREATE TABLE organisation_ca (
    id              SMALLINT     PRIMARY KEY CHECK (id = 1),
    certificate_pem TEXT         NOT NULL,
    ca_key_id       CHAR(40)     NOT NULL,
    subject         TEXT         NOT NULL,
    serial          VARCHAR(64)  NOT NULL,
    not_before      TIMESTAMPTZ  NOT NULL,
    not_after       TIMESTAMPTZ  NOT NULL,
    origin          VARCHAR(16)  NOT NULL
);

CREATE TABLE directory_config (
    id   SMALLINT    PRIMARY KEY CHECK (id = 1),
    type VARCHAR(32) NOT NULL
);

CREATE TABLE server_settings (
    id                   SMALLINT     PRIMARY KEY CHECK (id = 1),
    device_lifetime_days INTEGER      NOT NULL,
    user_lifetime_days   INTEGER      NOT NULL,
    crl_lifetime_minutes INTEGER      NOT NULL,
    cors_origin          VARCHAR(255) NOT NULL
);

CREATE TABLE users (
    username                 VARCHAR(32)  PRIMARY KEY,
    display_name             VARCHAR(128) NOT NULL,
    password_hash            VARCHAR(255) NOT NULL,
    source                   VARCHAR(32)  NOT NULL,
    jami_id                  CHAR(40)     NOT NULL UNIQUE,
    account_certificate_pem  TEXT         NOT NULL,
    account_serial           VARCHAR(64)  NOT NULL,
    certificate_not_before   TIMESTAMPTZ  NOT NULL,
    certificate_not_after    TIMESTAMPTZ  NOT NULL,
    ca_key_id                CHAR(40)     NOT NULL,
    status                   VARCHAR(16)  NOT NULL,
    registered_at            TIMESTAMPTZ  NOT NULL,
    revoked_at               TIMESTAMPTZ,
    revoke_reason            VARCHAR(512)
);
CREATE INDEX users_display_name ON users (lower(display_name));

CREATE TABLE devices (
    username        VARCHAR(32)  NOT NULL,
    device_id       CHAR(64)     NOT NULL,
    device_sha1_id  CHAR(40)     NOT NULL,
    name            VARCHAR(255) NOT NULL,
    serial          VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    issued_at       TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    revoked_at      TIMESTAMPTZ,
    revoke_reason   VARCHAR(512),
    certificate_pem TEXT         NOT NULL,
    issuer_key_id   CHAR(40)     NOT NULL,
    source_address  VARCHAR(64),
    user_agent      VARCHAR(255),
    PRIMARY KEY (username, device_id)
);
CREATE INDEX devices_device_id ON devices (device_id);

-- The input of CRLs: every revoked certificate, grouped by the key that issued it
-- (the organisation CA for account certificates, an account key for device certificates).
CREATE TABLE revoked_certificates (
    issuer_key_id CHAR(40)     NOT NULL,
    serial        VARCHAR(64)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    subject_id    VARCHAR(64)  NOT NULL,
    revoked_at    TIMESTAMPTZ  NOT NULL,
    reason        VARCHAR(512) NOT NULL,
    PRIMARY KEY (issuer_key_id, serial)
);
