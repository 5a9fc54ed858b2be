package org.jams.query.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.AuditorAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.ExternalDirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.api.stored.EventJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds the setup read models: admin accounts, the organisation CA, the directory and the settings. */
@Component
@ProcessingGroup(SetupProjection.NAME)
public class SetupProjection {

    public static final String NAME = "setup-projection";

    private final JdbcTemplate jdbc;

    public SetupProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AdminAccountCreatedEvent event) {
        jdbc.update("""
                INSERT INTO admin_account (username, password_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash""",
                event.username(), event.passwordHash(), Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(AuditorAccountCreatedEvent event) {
        jdbc.update("""
                INSERT INTO auditor_account (username, password_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash""",
                event.username(), event.passwordHash(), Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(OrganisationCaConfiguredEvent event) {
        jdbc.update("""
                INSERT INTO organisation_ca (id, certificate_pem, ca_key_id, subject, serial, not_before, not_after, origin)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET certificate_pem = EXCLUDED.certificate_pem, ca_key_id = EXCLUDED.ca_key_id,
                  subject = EXCLUDED.subject, serial = EXCLUDED.serial, not_before = EXCLUDED.not_before,
                  not_after = EXCLUDED.not_after, origin = EXCLUDED.origin""",
                event.certificatePem(), event.caKeyId(), event.subject(), event.serial(),
                Timestamp.from(event.notBefore()), Timestamp.from(event.notAfter()), event.origin());
    }

    @EventHandler
    void on(DirectoryConfiguredEvent event) {
        jdbc.update("""
                INSERT INTO directory_config (id, type) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, settings = NULL, sealed_bind_password = NULL,
                  configured_at = NULL""", event.type());
    }

    @EventHandler
    void on(ExternalDirectoryConfiguredEvent event) throws JsonProcessingException {
        jdbc.update("""
                INSERT INTO directory_config (id, type, settings, sealed_bind_password, configured_at)
                VALUES (1, ?, ?::jsonb, ?, ?)
                ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, settings = EXCLUDED.settings,
                  sealed_bind_password = EXCLUDED.sealed_bind_password, configured_at = EXCLUDED.configured_at""",
                event.settings().type(), EventJson.mapper().writeValueAsString(event.settings()),
                event.sealedBindPassword(), Timestamp.from(event.configuredAt()));
    }

    @EventHandler
    void on(ServerSettingsChangedEvent event) {
        jdbc.update("""
                INSERT INTO server_settings (id, device_lifetime_days, user_lifetime_days, crl_lifetime_minutes, cors_origin,
                  public_url)
                VALUES (1, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET device_lifetime_days = EXCLUDED.device_lifetime_days,
                  user_lifetime_days = EXCLUDED.user_lifetime_days, crl_lifetime_minutes = EXCLUDED.crl_lifetime_minutes,
                  cors_origin = EXCLUDED.cors_origin, public_url = EXCLUDED.public_url""",
                event.deviceLifetimeDays(), event.userLifetimeDays(), event.crlLifetimeMinutes(), event.corsOrigin(),
                event.publicUrl());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM admin_account");
        jdbc.update("DELETE FROM auditor_account");
        jdbc.update("DELETE FROM organisation_ca");
        jdbc.update("DELETE FROM directory_config");
        jdbc.update("DELETE FROM server_settings");
    }
}
