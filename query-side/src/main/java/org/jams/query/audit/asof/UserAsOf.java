package org.jams.query.audit.asof;

import java.time.Instant;
import java.util.List;
import org.jams.query.policy.EffectiveSettings;

/**
 * A user as they were at a moment, folded from their events up to that moment. {@code status} is NOT_REGISTERED
 * (exists is false), ACTIVE, REVOKED, DISABLED (by the directory's synchronisation; {@code disabledAt} and
 * {@code disableReason} say when and why) or EXPIRED (the account certificate had expired). The display name is the
 * one the directory gave last. {@code settings} are the Jami client settings the person's devices got from the
 * blueprints then (and where each key came from). {@code validDevices} lists the devices whose certificate was valid then: an ACTIVE
 * device of an ACTIVE user.
 */
public record UserAsOf(String username, Instant at, boolean exists, String status, String displayName,
                       String jamiId, String source, Instant registeredAt, Instant revokedAt, String revokeReason,
                       String revokedBy, Instant disabledAt, String disableReason,
                       EffectiveSettings settings, AccountCertificate accountCertificate, List<Device> devices,
                       List<String> validDevices, int eventsFolded, Long lastSequence) {

    /** The account certificate then: status VALID, REVOKED, EXPIRED or NOT_YET_VALID at that moment. */
    public record AccountCertificate(String serial, String caKeyId, Instant notBefore, Instant notAfter,
                                     String status) {
    }

    /**
     * A device then: status ACTIVE, REVOKED, EXPIRED, NOT_YET_VALID, or NOT_YET_ENROLLED for a device the user
     * enrolled only later (then only its id and enrolment time are given). {@code serials} lists every certificate
     * issued to the device key by then, {@code serial} the newest.
     */
    public record Device(String deviceId, String deviceSha1Id, String name, String status, String serial,
                         List<String> serials, Instant enrolledAt, Instant notBefore, Instant notAfter,
                         Instant revokedAt, String revokeReason) {
    }
}
