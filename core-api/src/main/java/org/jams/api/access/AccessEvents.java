package org.jams.api.access;

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
}
