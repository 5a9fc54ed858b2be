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

    /**
     * serials lists the device key's certificates that were still valid: neither expired nor superseded (revoked
     * already by a {@link DeviceCertificatesSupersededEvent}). Stored before superseding existed, it lists every
     * certificate ever issued for the key. notAfters gives each serial's end of validity, in the same order, so that
     * CRLs stop listing it after then; stored before it existed, it is null and they list the serials forever.
     */
    @Revision("1")
    public record DeviceRevokedEvent(String username, String deviceId, List<String> serials, String issuerKeyId,
                                     String reason, String actor, Instant revokedAt, List<Instant> notAfters) {

        public DeviceRevokedEvent(String username, String deviceId, List<String> serials, String issuerKeyId,
                                  String reason, String actor, Instant revokedAt) {
            this(username, deviceId, serials, issuerKeyId, reason, actor, revokedAt, null);
        }
    }

    /** The account certificate is revoked; every device was revoked just before by its own events. */
    @Revision("1")
    public record UserRevokedEvent(String username, String jamiId, String accountCertificateSerial, String caKeyId,
                                   String reason, String actor, Instant revokedAt) {
    }

    /**
     * A renewal superseded the device key's older certificates (serials), which are revoked with reason superseded
     * (RFC 5280): a device key keeps at most a few valid certificates, however often it renews. supersededBy is the
     * serial of the certificate issued just before, in the same command. notAfters as in {@link DeviceRevokedEvent}.
     */
    @Revision("1")
    public record DeviceCertificatesSupersededEvent(String username, String deviceId, List<String> serials,
                                                    String issuerKeyId, String supersededBy, Instant supersededAt,
                                                    List<Instant> notAfters) {

        public DeviceCertificatesSupersededEvent(String username, String deviceId, List<String> serials,
                                                 String issuerKeyId, String supersededBy, Instant supersededAt) {
            this(username, deviceId, serials, issuerKeyId, supersededBy, supersededAt, null);
        }
    }

    /**
     * A CRL was published: number (only grows per issuer; the milliseconds since the epoch of the moment it
     * describes), thisUpdate and nextUpdate as in the CRL, entries the count of certificates the issuer had revoked
     * (it lists those whose validity had not ended by thisUpdate), sha256 the hex
     * SHA-256 of its DER. The CRL as of {@code Instant.ofEpochMilli(number)} built from the events is the same bytes.
     * kind is ORGANISATION_CA or ACCOUNT.
     */
    @Revision("1")
    public record CrlPublishedEvent(String issuerKeyId, String kind, long number, Instant thisUpdate,
                                    Instant nextUpdate, int entries, String sha256, Instant publishedAt) {
    }
}
