package org.jams.api.revocation;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Certificates revoked. Stored by earlier versions as {@code org.jams.api.device.DeviceEvents$DeviceRevokedEvent} and
 * {@code org.jams.api.user.UserEvents$UserRevokedEvent}: those rows load through
 * {@code StoredTypes}.
 */
public final class RevocationEvents {
    private RevocationEvents() {
    }

    /** serials lists every certificate ever issued for this device key: all of them are revoked. */
    @Revision("1")
    public record DeviceRevokedEvent(String username, String deviceId, List<String> serials, String issuerKeyId,
                                     String reason, String actor, Instant revokedAt) {
    }

    /** The account certificate is revoked; every device was revoked just before by its own events. */
    @Revision("1")
    public record UserRevokedEvent(String username, String jamiId, String accountCertificateSerial, String caKeyId,
                                   String reason, String actor, Instant revokedAt) {
    }
}
