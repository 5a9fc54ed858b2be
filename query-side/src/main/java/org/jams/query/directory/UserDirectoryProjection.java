package org.jams.query.directory;

import java.security.PublicKey;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.Pem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds the users read model: who exists, their Jami ID, account certificate and status. */
@Component
@ProcessingGroup(UserDirectoryProjection.NAME)
public class UserDirectoryProjection {

    public static final String NAME = "users-projection";

    private final JdbcTemplate jdbc;

    public UserDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegisteredEvent event, @Timestamp java.time.Instant at) {
        // Kept so that OCSP can tell which account a serial it never issued would belong to.
        PublicKey accountKey = Pem.parseCertificate(event.accountCertificatePem()).getPublicKey();
        jdbc.update("""
                INSERT INTO users (username, display_name, password_hash, source, jami_id, account_certificate_pem,
                  account_serial, certificate_not_before, certificate_not_after, ca_key_id, status, registered_at,
                  account_key_sha1, account_key_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""",
                event.username(), event.displayName(), event.passwordHash(), event.source(), event.jamiId(),
                event.accountCertificatePem(), event.accountCertificateSerial(),
                java.sql.Timestamp.from(event.certificateNotBefore()),
                java.sql.Timestamp.from(event.certificateNotAfter()), event.caKeyId(), java.sql.Timestamp.from(at),
                KeyIds.issuerKeyHash("SHA-1", accountKey), KeyIds.issuerKeyHash("SHA-256", accountKey));
    }

    @EventHandler
    void on(UserRevokedEvent event) {
        jdbc.update("UPDATE users SET status = 'REVOKED', revoked_at = ?, revoke_reason = ? WHERE username = ?",
                java.sql.Timestamp.from(event.revokedAt()), event.reason(), event.username());
    }

    @EventHandler
    void on(DirectoryProfileChangedEvent event) {
        jdbc.update("""
                UPDATE users SET display_name = ?, first_name = ?, last_name = ?, email = ?, photo_sha256 = ?,
                    directory_groups = ?
                WHERE username = ?""", event.displayName(), event.firstName(), event.lastName(), event.email(),
                event.photoSha256(), event.groups().toArray(String[]::new), event.username());
    }

    @EventHandler
    void on(UserDisabledEvent event) {
        jdbc.update("UPDATE users SET status = 'DISABLED' WHERE username = ? AND status = 'ACTIVE'", event.username());
    }

    @EventHandler
    void on(UserEnabledEvent event) {
        jdbc.update("UPDATE users SET status = 'ACTIVE' WHERE username = ? AND status = 'DISABLED'", event.username());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM users");
    }
}
