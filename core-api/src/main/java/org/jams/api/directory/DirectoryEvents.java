package org.jams.api.directory;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * What happened to the people of the directory. Stored by earlier versions as {@code org.jams.api.user.UserEvents$…}:
 * those rows load through {@code StoredTypes}.
 */
public final class DirectoryEvents {
    private DirectoryEvents() {
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
}
