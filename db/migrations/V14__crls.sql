-- CRLs at distribution points (issue 16): each issuer's count of revoked certificates, so that whether its published
-- CRL is current is one lookup however many it lists, and the CRLs published (each one an event).
CREATE TABLE revocation_issuers (
    issuer_key_id CHAR(40)    NOT NULL PRIMARY KEY,
    entries       INTEGER     NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO revocation_issuers (issuer_key_id, entries, changed_at)
SELECT issuer_key_id, count(*), max(revoked_at) FROM revoked_certificates GROUP BY issuer_key_id;

CREATE TABLE crl_publications (
    issuer_key_id CHAR(40)    NOT NULL,
    crl_number    BIGINT      NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    this_update   TIMESTAMPTZ NOT NULL,
    next_update   TIMESTAMPTZ NOT NULL,
    entries       INTEGER     NOT NULL,
    sha256        CHAR(64)    NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer_key_id, crl_number)
);
