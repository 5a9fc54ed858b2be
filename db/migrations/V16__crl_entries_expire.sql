-- A revoked certificate leaves its issuer's CRLs once its validity ends (issue 16). The end comes from the revocation
-- events that carry it; rows recorded before keep NULL and are listed for ever, as the events they came from say, so
-- that the CRL published and the one the as-of view builds from the events stay the same bytes.
ALTER TABLE revoked_certificates ADD COLUMN not_after TIMESTAMPTZ;
