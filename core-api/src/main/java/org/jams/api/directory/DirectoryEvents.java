package org.jams.api.directory;

import java.time.Instant;
import java.util.List;
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

    /**
     * What the directory says about a person, the first time it is read and whenever it changes: the photo by its
     * SHA-256 (hex), never its bytes; the DNs of the groups it lists them in (memberOf, under the group base DN when
     * the settings name one), sorted. Empty strings and lists for what the directory does not hold (events stored
     * before groups were read have none).
     */
    @Revision("1")
    public record DirectoryProfileChangedEvent(String username, String displayName, String firstName, String lastName,
                                               String email, String photoSha256, List<String> groups,
                                               Instant seenAt) {
        public DirectoryProfileChangedEvent {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "DirectoryProfileChangedEvent[username=" + username + ", seenAt=" + seenAt + "]";
        }
    }

    /**
     * The directory disabled the person, or no longer has them: they sign in and enroll no more (their devices are
     * revoked by events of their own when the directory settings say so).
     */
    @Revision("1")
    public record UserDisabledEvent(String username, String reason, String actor, Instant disabledAt) {
    }

    /** The directory has the person again, enabled: they sign in and enroll again. */
    @Revision("1")
    public record UserEnabledEvent(String username, String actor, Instant enabledAt) {
    }
}
