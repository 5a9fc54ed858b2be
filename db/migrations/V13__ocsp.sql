-- OCSP (issue 16): the public URL new device certificates name for OCSP, and the lookups an answer needs: a
-- certificate by its serial.
ALTER TABLE server_settings
    ADD COLUMN public_url VARCHAR(255) NOT NULL DEFAULT '';

CREATE INDEX users_by_account_serial ON users (account_serial);

-- Every device certificate issued, by issuer and serial (the devices read model keeps only a device's newest): an
-- older certificate still valid after a renewal is answered too.
CREATE TABLE issued_certificates (
    issuer_key_id CHAR(40)    NOT NULL,
    serial        VARCHAR(64) NOT NULL,
    username      VARCHAR(32) NOT NULL,
    device_id     CHAR(64)    NOT NULL,
    not_after     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer_key_id, serial)
);
CREATE INDEX issued_certificates_by_serial ON issued_certificates (serial);

-- The devices whose certificates expire soon, soonest first.
CREATE INDEX devices_active_by_expiry ON devices (expires_at) WHERE status = 'ACTIVE';
