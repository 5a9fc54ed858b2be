package org.jams.query.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Optional;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.stored.EventJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers questions about the server's setup from its read models. */
@Component
public class SetupReader {

    public record SetupStatus(boolean admin, boolean ca, boolean directory, boolean settings) {
        public boolean complete() {
            return admin && ca && directory && settings;
        }
    }

    public record ServerSettingsView(int deviceLifetimeDays, int userLifetimeDays, int crlLifetimeMinutes,
                                     String corsOrigin, String publicUrl) {
    }

    /**
     * Where people come from: "local", or an LDAP server or Active Directory with its settings and sealed bind
     * password. {@code version} changes whenever the directory is configured again.
     */
    public record DirectoryView(String type, DirectorySettings settings, String sealedBindPassword,
                                java.time.Instant version) {
        public boolean external() {
            return settings != null;
        }
    }

    private final JdbcTemplate jdbc;

    public SetupReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public SetupStatus status() {
        return jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM admin_account), EXISTS (SELECT 1 FROM organisation_ca),
                       EXISTS (SELECT 1 FROM directory_config), EXISTS (SELECT 1 FROM server_settings)""",
                (rs, i) -> new SetupStatus(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)));
    }

    public record AuditorView(String username, java.time.Instant createdAt) {
    }

    public java.util.List<AuditorView> auditors() {
        return jdbc.query("SELECT username, created_at FROM auditor_account ORDER BY username",
                (rs, i) -> new AuditorView(rs.getString(1), rs.getTimestamp(2).toInstant()));
    }

    public Optional<DirectoryView> directory() {
        return jdbc.query("SELECT type, settings, sealed_bind_password, configured_at FROM directory_config WHERE id = 1",
                (rs, i) -> {
                    String json = rs.getString(2);
                    java.sql.Timestamp at = rs.getTimestamp(4);
                    try {
                        return new DirectoryView(rs.getString(1), json == null ? null
                                : EventJson.mapper().readValue(json, DirectorySettings.class), rs.getString(3),
                                at == null ? null : at.toInstant());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("The stored directory settings cannot be read", e);
                    }
                }).stream().findFirst();
    }

    public Optional<ServerSettingsView> settings() {
        return jdbc.query("""
                SELECT device_lifetime_days, user_lifetime_days, crl_lifetime_minutes, cors_origin, public_url
                FROM server_settings WHERE id = 1""",
                (rs, i) -> new ServerSettingsView(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5)))
                .stream().findFirst();
    }

    /** The organisation CA's certificate and what an admin reads off it; the private key is never read here. */
    public record OrganisationCaView(String certificatePem, String caKeyId, String subject, String serial,
                                     java.time.Instant notBefore, java.time.Instant notAfter, String origin) {
    }

    public Optional<OrganisationCaView> organisationCa() {
        return jdbc.query("""
                SELECT certificate_pem, ca_key_id, subject, serial, not_before, not_after, origin
                FROM organisation_ca WHERE id = 1""",
                (rs, i) -> new OrganisationCaView(rs.getString(1), rs.getString(2).trim(), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                        rs.getString(7)))
                .stream().findFirst();
    }
}
