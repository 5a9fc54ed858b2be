-- An OCSP request names its certificate's issuer by the hash of the issuer's public key bits (SHA-1 from the Jami
-- client and OpenSSL, SHA-256 from some other relying parties). Kept per account, the responder knows which account a
-- serial it never issued would belong to, and answers "unknown" signed by that account's key instead of refusing
-- (issue 16). Existing rows are filled by the Java migration V17_1, which parses their certificates.
ALTER TABLE users ADD COLUMN account_key_sha1 BYTEA, ADD COLUMN account_key_sha256 BYTEA;
CREATE INDEX users_account_key_sha1 ON users (account_key_sha1);
CREATE INDEX users_account_key_sha256 ON users (account_key_sha256);
