package org.jams.api.user;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** What happened to a user's account identity. */
public final class UserEvents {
    private UserEvents() {
    }

    /**
     * A user and their Jami account identity: the account certificate (a CA signed by the organisation CA) whose
     * key's SHA-1 id is the Jami ID. The account private key is kept in the key vault, never in an event.
     */
    @Revision("1")
    public record UserRegisteredEvent(String username, String displayName, String passwordHash, String source,
                                      String jamiId, String accountCertificatePem, String accountCertificateSerial,
                                      Instant certificateNotBefore, Instant certificateNotAfter, String caKeyId) {
        @Override
        public String toString() {
            return "UserRegisteredEvent[username=" + username + ", jamiId=" + jamiId + "]";
        }
    }

    /** The account certificate is revoked; every device was revoked just before by its own events. */
    @Revision("1")
    public record UserRevokedEvent(String username, String jamiId, String accountCertificateSerial, String caKeyId,
                                   String reason, String actor, Instant revokedAt) {
    }
}
