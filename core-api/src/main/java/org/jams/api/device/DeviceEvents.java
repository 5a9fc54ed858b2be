package org.jams.api.device;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** What happened to a device's certificate. */
public final class DeviceEvents {
    private DeviceEvents() {
    }

    /** A certificate for the device's CSR key, signed by the user's account key (issuerKeyId = the Jami ID). */
    @Revision("1")
    public record DeviceCertificateIssuedEvent(String username, String deviceId, String deviceSha1Id,
                                               String deviceName, String serial, Instant notBefore,
                                               Instant notAfter, String certificatePem, String issuerKeyId,
                                               String sourceAddress, String userAgent) {
    }

    /** serials lists every certificate ever issued for this device key: all of them are revoked. */
    @Revision("1")
    public record DeviceRevokedEvent(String username, String deviceId, java.util.List<String> serials, String issuerKeyId,
                                     String reason, String actor, Instant revokedAt) {
    }
}
