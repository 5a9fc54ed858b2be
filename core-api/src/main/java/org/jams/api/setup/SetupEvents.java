package org.jams.api.setup;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.jams.api.directory.DirectorySettings;

/** What happened while the server was set up. Events are forever: add a revision and an upcaster to change one. */
public final class SetupEvents {
    private SetupEvents() {
    }

    @Revision("1")
    public record AdminAccountCreatedEvent(String setupId, String username, String passwordHash, Instant createdAt) {
        @Override
        public String toString() {
            return "AdminAccountCreatedEvent[username=" + username + ", createdAt=" + createdAt + "]";
        }
    }

    /** origin is "generated" or "imported"; the private key never appears in an event. */
    @Revision("1")
    public record OrganisationCaConfiguredEvent(String setupId, String certificatePem, String caKeyId, String subject,
                                                String serial, Instant notBefore, Instant notAfter, String origin) {
    }

    @Revision("1")
    public record DirectoryConfiguredEvent(String setupId, String type) {
    }

    /**
     * People come from an LDAP server or an Active Directory from now on. The bind password is sealed (AES-GCM under
     * the key-encryption key of jams.home, base64): only a server holding that key can open it.
     */
    @Revision("1")
    public record ExternalDirectoryConfiguredEvent(String setupId, DirectorySettings settings,
                                                   String sealedBindPassword, Instant configuredAt) {
        @Override
        public String toString() {
            return "ExternalDirectoryConfiguredEvent[type=" + settings.type() + ", url=" + settings.url()
                    + ", configuredAt=" + configuredAt + "]";
        }
    }

    /**
     * {@code publicUrl}: where relying parties reach this server (behind a proxy, its public address), which new
     * device certificates name for OCSP; empty when not set (events stored before it existed have none).
     */
    @Revision("1")
    public record ServerSettingsChangedEvent(String setupId, int deviceLifetimeDays, int userLifetimeDays,
                                             int crlLifetimeMinutes, String corsOrigin, String publicUrl) {
        public ServerSettingsChangedEvent {
            publicUrl = publicUrl == null ? "" : publicUrl;
        }

        public ServerSettingsChangedEvent(String setupId, int deviceLifetimeDays, int userLifetimeDays,
                                          int crlLifetimeMinutes, String corsOrigin) {
            this(setupId, deviceLifetimeDays, userLifetimeDays, crlLifetimeMinutes, corsOrigin, "");
        }
    }

    /** A security officer's account: reads and exports everything, changes nothing. */
    @Revision("1")
    public record AuditorAccountCreatedEvent(String setupId, String username, String passwordHash, Instant createdAt) {
        @Override
        public String toString() {
            return "AuditorAccountCreatedEvent[username=" + username + ", createdAt=" + createdAt + "]";
        }
    }
}
