package org.jams.api.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a user's devices; devices live inside the user's aggregate so each user's history is one stream. */
public final class DeviceCommands {
    private DeviceCommands() {
    }

    public record SignDeviceCsrCommand(@TargetAggregateIdentifier String username, String csrPem, String deviceName,
                                       String sourceAddress, String userAgent) {
    }

    /** deviceId is the 64-hex SHA-256 of the device key's SubjectPublicKeyInfo. */
    public record RevokeDeviceCommand(@TargetAggregateIdentifier String username, String deviceId, String reason,
                                      String actor) {
    }
}
