-- OCSP (issue 16): the public URL new device certificates name for OCSP, and the lookups an answer needs: a device
-- certificate by its issuer and serial, an account certificate by its serial.
ALTER TABLE server_settings
    ADD COLUMN public_url VARCHAR(255) NOT NULL DEFAULT '';

CREATE INDEX devices_by_issuer_and_serial ON devices (issuer_key_id, serial);
CREATE INDEX devices_by_serial ON devices (serial);
CREATE INDEX users_by_account_serial ON users (account_serial);
