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

    /** The name as groups are compared: a name here lower-case, a DN lower-case; 400 when it names nothing. */
    static String name(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_DN || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("invalid_group_name", "A group is named by 1 to 64 letters, digits, spaces, "
                    + "'_', '.' or '-', or, for a directory group, by its DN.");
        }
        return GroupNames.isDirectoryGroup(name) ? name.trim().toLowerCase(Locale.ROOT) : GroupNames.canonical(name);
    }

    /**
     * What attachments key the group by: a group's id here, or the DN of a directory group someone known here is in;
     * 404 otherwise.
     */
    static String requireKey(String name, PolicyReader policies) {
        String canonical = name(name);
        if (GroupNames.isDirectoryGroup(canonical)) {
            if (!policies.directoryGroupExists(canonical)) {
                throw ApiError.notFound("group_not_found", "No one known here is in the directory group " + canonical
                        + " (GET /api/admin/groups lists them).");
            }
            return canonical;
        }
        return requireGroupId(canonical, policies);
    }

    /** The id of a group defined here; 409 for a directory group, 404 for none. */
    static String requireGroupId(String canonical, PolicyReader policies) {
        if (GroupNames.isDirectoryGroup(canonical)) {
            throw ApiError.conflict("directory_group", "The directory decides who is in " + canonical
                    + " and what it is called; change it there.");
        }
        return policies.groupId(canonical).orElseThrow(() -> ApiError.notFound("group_not_found",
                "No group named " + canonical + "."));
    }
}
