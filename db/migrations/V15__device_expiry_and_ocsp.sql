-- Which devices' certificates name the OCSP responder (issue 16): those issued before the server had a public URL do
-- not, and their peers cannot learn of a revocation until they enroll again. Existing rows are read from their DER:
-- the Authority Information Access extension is the only one whose OID (1.3.6.1.5.5.7.1.1) ends 07 01 01.
ALTER TABLE devices ADD COLUMN names_ocsp BOOLEAN NOT NULL DEFAULT false;
UPDATE devices SET names_ocsp = position('\x06082b06010505070101'::bytea IN
    decode(regexp_replace(certificate_pem, '-----[A-Z0-9 ]+-----|\s', '', 'g'), 'base64')) > 0;
CREATE INDEX devices_active_without_ocsp ON devices (username, device_id) WHERE status = 'ACTIVE' AND NOT names_ocsp;
