package org.jams.api.policy;

/**
 * The identifiers of the policy aggregates in the event store. A prefix keeps a group's members or a blueprint from
 * sharing a stream with a person (usernames hold no colon).
 */
public final class PolicyIds {

    /**
     * The one aggregate that holds the groups' names (so that a name is unique and a rename atomic), which blueprint
     * each group gets with its precedence, and the default blueprint.
     */
    public static final String CATALOG = "policy-catalog";

    private PolicyIds() {
    }

    /** The members of the group with this id (ids never change; names may). */
    public static String groupMembers(String groupId) {
        return "group:" + groupId;
    }

    public static String blueprint(String name) {
        return "blueprint:" + name;
    }
}
