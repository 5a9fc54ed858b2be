package org.jams.command.policy;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jams.api.error.DomainException;

/**
 * Names of the groups and blueprints admins define: 1 to 64 letters, digits, spaces, '_', '.' or '-', compared
 * case-insensitively (kept lower-case). They hold no '=' or ',' and so never read as a directory group's DN.
 */
public final class GroupNames {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9 _.-]{0,63}");

    private GroupNames() {
    }

    public static String canonical(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    /** @param what "group" or "blueprint", for the message */
    public static void requireValid(String name, String what) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(" ")) {
            throw DomainException.invalid("invalid_" + what + "_name", "A " + what + " name has 1 to 64 letters, "
                    + "digits, spaces, '_', '.' or '-', and starts with a letter or digit.");
        }
    }

    /** Whether this names a directory group (its DN) rather than a group defined here. */
    public static boolean isDirectoryGroup(String group) {
        return group != null && group.indexOf('=') > 0;
    }
}
