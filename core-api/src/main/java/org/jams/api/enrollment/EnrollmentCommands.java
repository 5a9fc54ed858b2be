package org.jams.api.enrollment;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enrolling a device: devices live inside their user's aggregate, so each user's history is one stream. */
public final class EnrollmentCommands {
    private EnrollmentCommands() {
    }

    /** {@code policyVersions}: the blueprint versions the enrollment answer carries (blueprint → version). */
    public record SignDeviceCsrCommand(@TargetAggregateIdentifier String username, String csrPem, String deviceName,
                                       String sourceAddress, String userAgent, Map<String, Integer> policyVersions) {
        public SignDeviceCsrCommand {
            policyVersions = policyVersions == null ? Map.of() : Map.copyOf(policyVersions);
        }

        /** An enrollment that delivers no blueprint. */
        public SignDeviceCsrCommand(String username, String csrPem, String deviceName, String sourceAddress,
                                    String userAgent) {
            this(username, csrPem, deviceName, sourceAddress, userAgent, Map.of());
        }
    }
}
