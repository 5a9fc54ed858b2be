package org.jams.query.revocation;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads revoked certificates of one issuing key, ordered by serial: what a CRL of that issuer lists. */
@Component
public class RevokedCertificateReader {

    public record RevokedCertificate(String issuerKeyId, String serial, String kind, String subjectId,
                                     Instant revokedAt, String reason) {
    }

    private final JdbcTemplate jdbc;

    public RevokedCertificateReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<RevokedCertificate> revokedBy(String issuerKeyId) {
        return jdbc.query("""
                SELECT issuer_key_id, serial, kind, subject_id, revoked_at, reason FROM revoked_certificates
                WHERE issuer_key_id = ? ORDER BY serial""",
                (rs, i) -> new RevokedCertificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6)), issuerKeyId);
    }
}
