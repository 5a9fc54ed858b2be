package org.jams.api.revocation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Revoking a device or a whole user; both are decided by the user's aggregate. */
public final class RevocationCommands {
    private RevocationCommands() {
    }

    /** deviceId is the 64-hex SHA-256 of the device key's SubjectPublicKeyInfo. */
    public record RevokeDeviceCommand(@TargetAggregateIdentifier String username, String deviceId, String reason,
                                      String actor) {
    }

    /** Revokes the account certificate and every device of the user. */
    public record RevokeUserCommand(@TargetAggregateIdentifier String username, String reason, String actor) {
    }
}
