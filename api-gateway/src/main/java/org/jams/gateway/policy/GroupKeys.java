package org.jams.gateway.policy;

import java.util.Locale;
import org.jams.command.policy.GroupNames;
import org.jams.gateway.web.ApiError;
import org.jams.query.policy.PolicyReader;

/**
 * A group as the admin API names it: a group defined here by its name, or a directory group by its DN (as the
 * directory lists it in people's memberOf, compared lower-case).
 */
final class GroupKeys {

    private static final int MAX_DN = 1024;

    private GroupKeys() {
    }

    /** The key the attachments and memberships use; 400 when it names nothing a group can be. */
    static String of(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_DN || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("invalid_group_name", "A group is named by 1 to 64 letters, digits, spaces, "
                    + "'_', '.' or '-', or, for a directory group, by its DN.");
        }
        return GroupNames.isDirectoryGroup(name) ? name.trim().toLowerCase(Locale.ROOT) : GroupNames.canonical(name);
    }

    /** 404 unless the group is defined here, or someone known here is in the directory group. */
    static String requireExisting(String name, PolicyReader policies) {
        String key = of(name);
        boolean exists = GroupNames.isDirectoryGroup(key) ? policies.directoryGroupExists(key)
                : policies.groupExists(key);
        if (!exists) {
            throw ApiError.notFound("group_not_found", GroupNames.isDirectoryGroup(key)
                    ? "No one known here is in the directory group " + key + " (GET /api/admin/groups lists them)."
                    : "No group named " + key + ".");
        }
        return key;
    }
}
