package org.jams.api.setup;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jams.api.directory.DirectorySettings;

/** Commands that set the server up. Password hashes are computed before a command is sent. */
public final class SetupCommands {
    private SetupCommands() {
    }

    public record CreateAdminAccountCommand(@TargetAggregateIdentifier String setupId, String username,
                                            String passwordHash) {
        @Override
        public String toString() {
            return "CreateAdminAccountCommand[username=" + username + "]";
        }
    }

    /** The CA key is already stored under jams.home (named by its key id) when this command is sent. */
    public record ConfigureOrganisationCaCommand(@TargetAggregateIdentifier String setupId, String certificatePem,
                                                 String caKeyId, String origin) {
    }

    public record ConfigureDirectoryCommand(@TargetAggregateIdentifier String setupId, String type) {
    }

    /**
     * People come from an LDAP server or an Active Directory. The gateway has checked that the settings reach the
     * directory and sealed its bind password with the server's key-encryption key.
     */
    public record ConfigureExternalDirectoryCommand(@TargetAggregateIdentifier String setupId,
                                                    DirectorySettings settings, String sealedBindPassword) {
        @Override
        public String toString() {
            return "ConfigureExternalDirectoryCommand[type=" + settings.type() + ", url=" + settings.url() + "]";
        }
    }

    public record ChangeServerSettingsCommand(@TargetAggregateIdentifier String setupId, int deviceLifetimeDays,
                                              int userLifetimeDays, int crlLifetimeMinutes, String corsOrigin,
                                              String publicUrl) {
        public ChangeServerSettingsCommand(String setupId, int deviceLifetimeDays, int userLifetimeDays,
                                           int crlLifetimeMinutes, String corsOrigin) {
            this(setupId, deviceLifetimeDays, userLifetimeDays, crlLifetimeMinutes, corsOrigin, "");
        }
    }

    /** An auditor (security officer) account; only an admin may send it. */
    public record CreateAuditorAccountCommand(@TargetAggregateIdentifier String setupId, String username,
                                              String passwordHash) {
        @Override
        public String toString() {
            return "CreateAuditorAccountCommand[username=" + username + "]";
        }
    }
}
