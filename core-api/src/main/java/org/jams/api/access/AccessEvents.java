package org.jams.api.access;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Authentication history that changes no aggregate state: published as stand-alone events so that logins and
 * refusals are part of the audit trail. Never carries a password or a token.
 */
public final class AccessEvents {
    private AccessEvents() {
    }

    /** A device proved its certificate at login and received a DEVICE token. */
    @Revision("1")
    public record DeviceLoggedInEvent(String username, String deviceId, String serial) {
    }

    /** A person signed in with a password and received a USER or ADMIN token. */
    @Revision("1")
    public record PasswordLoginSucceededEvent(String username, String scope) {
    }

    /**
     * A refused attempt: reason is a code such as wrong_password, unknown_device, revoked_device,
     * expired_certificate. subject is what the caller claimed to be (a username or a device id).
     */
    @Revision("1")
    public record AccessRefusedEvent(String subject, String method, String path, String reason) {
    }

    /**
     * Too many wrong passwords for this account (a user, an admin or an auditor): every sign-in, with any password, is
     * refused until lockedUntil, or until an admin or the command line unlocks it.
     */
    @Revision("1")
    public record AccountLockedEvent(String username, int failedAttempts, Instant lockedUntil) {
    }

    /**
     * The account's lock was lifted: unlockedBy is the admin who lifted it, "command line", or "lock expired" (then
     * unlockedAt is the end of the lock, noticed at the next attempt).
     */
    @Revision("1")
    public record AccountUnlockedEvent(String username, String unlockedBy, Instant unlockedAt) {
    }
}
