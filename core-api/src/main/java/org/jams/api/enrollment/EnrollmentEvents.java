package org.jams.api.enrollment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * What enrolling a device stored. Stored by earlier versions as {@code org.jams.api.device.DeviceEvents$…}: those rows
 * load through {@code StoredTypes}.
 */
public final class EnrollmentEvents {
    private EnrollmentEvents() {
    }

    /** A certificate for the device's CSR key, signed by the user's account key (issuerKeyId = the Jami ID). */
    @Revision("1")
    public record DeviceCertificateIssuedEvent(String username, String deviceId, String deviceSha1Id,
                                               String deviceName, String serial, Instant notBefore,
                                               Instant notAfter, String certificatePem, String issuerKeyId,
                                               String sourceAddress, String userAgent) {
    }
}
