package org.jams.query.revocation;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Revoked certificates per issuing key: the input of each issuer's CRL. */
@Component
@ProcessingGroup(RevokedCertificateProjection.NAME)
public class RevokedCertificateProjection {

    public static final String NAME = "revocations-projection";
    /** The reason stored for certificates a renewal superseded. */
    public static final String SUPERSEDED = "superseded";
    private static final String INSERT = """
            INSERT INTO revoked_certificates (issuer_key_id, serial, kind, subject_id, revoked_at, reason)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (issuer_key_id, serial) DO NOTHING""";

    private final JdbcTemplate jdbc;

    public RevokedCertificateProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(DeviceRevokedEvent event) {
        for (String serial : event.serials()) {
            jdbc.update(INSERT, event.issuerKeyId(), serial, "DEVICE", event.deviceId(),
                    Timestamp.from(event.revokedAt()), event.reason());
        }
    }

    /** Superseded by a renewal: revoked with the reason RFC 5280 gives it (superseded, code 4). */
    @EventHandler
    void on(DeviceCertificatesSupersededEvent event) {
        for (String serial : event.serials()) {
            jdbc.update(INSERT, event.issuerKeyId(), serial, "DEVICE", event.deviceId(),
                    Timestamp.from(event.supersededAt()), SUPERSEDED);
        }
    }

    @EventHandler
    void on(UserRevokedEvent event) {
        jdbc.update(INSERT, event.caKeyId(), event.accountCertificateSerial(), "ACCOUNT", event.jamiId(),
                Timestamp.from(event.revokedAt()), event.reason());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM revoked_certificates");
    }
}
