package org.jams.command.directory;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jams.api.error.DomainException;

/** JAMS-like usernames: 3 to 32 of [a-z0-9_.-], compared case-insensitively (stored lower-cased). */
public final class Usernames {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,32}");

    private Usernames() {
    }

    /** The canonical form used as the aggregate identifier, so uniqueness is enforced by the event store. */
    public static String canonical(String username) {
        return username == null ? null : username.trim().toLowerCase(Locale.ROOT);
    }

    public static void requireValid(String canonicalUsername) {
        if (canonicalUsername == null || !VALID.matcher(canonicalUsername).matches()) {
            throw DomainException.invalid("invalid_username",
                    "A username has 3 to 32 characters among lower-case letters, digits, '_', '.' and '-'.");
        }
    }
}
