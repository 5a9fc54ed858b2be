package org.jams.api.enrollment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enrolling a device: devices live inside their user's aggregate, so each user's history is one stream. */
public final class EnrollmentCommands {
    private EnrollmentCommands() {
    }

    public record SignDeviceCsrCommand(@TargetAggregateIdentifier String username, String csrPem, String deviceName,
                                       String sourceAddress, String userAgent) {
    }
}
