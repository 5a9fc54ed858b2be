package org.jams.api.revocation;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Revoking a device or a whole user (both decided by the user's aggregate), and publishing an issuer's CRL (decided
 * by that issuer's CRL series, so that its numbers only grow, on every node).
 */
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

    /**
     * Publishes the CRL of an issuer (the organisation CA's key id, or an account's Jami ID): number is the CRL number,
     * which must be greater than every number published before for this issuer; sha256 the hex SHA-256 of the DER.
     */
    public record PublishCrlCommand(@TargetAggregateIdentifier String seriesId, String issuerKeyId, String kind,
                                    long number, Instant thisUpdate, Instant nextUpdate, int entries,
                                    String sha256) {
        public PublishCrlCommand(String issuerKeyId, String kind, long number, Instant thisUpdate,
                                 Instant nextUpdate, int entries, String sha256) {
            this(CrlSeriesIds.of(issuerKeyId), issuerKeyId, kind, number, thisUpdate, nextUpdate, entries, sha256);
        }
    }
}
