package org.jams.query.revocation;

import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jams.api.revocation.RevocationEvents.CrlPublishedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Revoked certificates per issuing key (the input of each issuer's CRL), how many each issuer has, and the CRLs
 * published.
 */
@Component
@ProcessingGroup(RevokedCertificateProjection.NAME)
public class RevokedCertificateProjection {

    public static final String NAME = "revocations-projection";
    /** The reason stored for certificates a renewal superseded. */
    public static final String SUPERSEDED = "superseded";
    /**
     * The PostgreSQL channel notified in the transaction that records a revocation (payload: the issuer's key id), so
     * every node learns of it at its commit.
     */
    public static final String NOTICE_CHANNEL = "jams_revocations";
    private static final String INSERT = """
            INSERT INTO revoked_certificates (issuer_key_id, serial, kind, subject_id, revoked_at, reason, not_after)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer_key_id, serial) DO NOTHING""";
    private static final String COUNT = """
            INSERT INTO revocation_issuers (issuer_key_id, entries, changed_at) VALUES (?, 1, ?)
            ON CONFLICT (issuer_key_id) DO UPDATE SET entries = revocation_issuers.entries + 1,
                changed_at = greatest(revocation_issuers.changed_at, excluded.changed_at)""";

    private final JdbcTemplate jdbc;

    public RevokedCertificateProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DeviceRevokedEvent event) {
        boolean any = false;
        for (int i = 0; i < event.serials().size(); i++) {
            any |= insert(event.issuerKeyId(), event.serials().get(i), "DEVICE", event.deviceId(), event.revokedAt(),
                    event.reason(), notAfter(event.notAfters(), i));
        }
        notice(any, event.issuerKeyId());
    }

    /** Superseded by a renewal: revoked with the reason RFC 5280 gives it (superseded, code 4). */
    @EventHandler
    void on(DeviceCertificatesSupersededEvent event) {
        boolean any = false;
        for (int i = 0; i < event.serials().size(); i++) {
            any |= insert(event.issuerKeyId(), event.serials().get(i), "DEVICE", event.deviceId(),
                    event.supersededAt(), SUPERSEDED, notAfter(event.notAfters(), i));
        }
        notice(any, event.issuerKeyId());
    }

    @EventHandler
    void on(UserRevokedEvent event) {
        notice(insert(event.caKeyId(), event.accountCertificateSerial(), "ACCOUNT", event.jamiId(),
                event.revokedAt(), event.reason(), null), event.caKeyId());
    }

    @EventHandler
    void on(CrlPublishedEvent event) {
        jdbc.update("""
                INSERT INTO crl_publications (issuer_key_id, crl_number, kind, this_update, next_update, entries,
                    sha256, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (issuer_key_id, crl_number) DO NOTHING""", event.issuerKeyId(), event.number(),
                event.kind(), Timestamp.from(event.thisUpdate()), Timestamp.from(event.nextUpdate()), event.entries(),
                event.sha256(), Timestamp.from(event.publishedAt()));
    }

    /** A serial revoked twice (superseded, then its device revoked) is listed and counted once, first reason kept. */
    private boolean insert(String issuerKeyId, String serial, String kind, String subjectId, Instant revokedAt,
                           String reason, Instant notAfter) {
        if (jdbc.update(INSERT, issuerKeyId, serial, kind, subjectId, Timestamp.from(revokedAt), reason,
                notAfter == null ? null : Timestamp.from(notAfter)) == 1) {
            jdbc.update(COUNT, issuerKeyId, Timestamp.from(revokedAt));
            return true;
        }
        return false;
    }

    /** Each serial's end of validity, when the event says (events stored before did not: null, listed for ever). */
    private static Instant notAfter(java.util.List<Instant> notAfters, int i) {
        return notAfters == null || i >= notAfters.size() ? null : notAfters.get(i);
    }

    /** Delivered to every listening node when this transaction commits (and not at all if it rolls back). */
    private void notice(boolean revoked, String issuerKeyId) {
        if (revoked) {
            jdbc.query("SELECT pg_notify(?, ?)", rs -> { }, NOTICE_CHANNEL, issuerKeyId);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM revoked_certificates");
        jdbc.update("DELETE FROM revocation_issuers");
        jdbc.update("DELETE FROM crl_publications");
    }
}
