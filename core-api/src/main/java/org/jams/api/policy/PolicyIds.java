package org.jams.api.policy;

/**
 * The identifiers of the policy aggregates in the event store. A prefix keeps a group or a blueprint from sharing its
 * stream with a person of the same name (usernames hold no colon).
 */
public final class PolicyIds {

    /** The one aggregate that holds which blueprint each group gets, their precedence, and the default. */
    public static final String ATTACHMENTS = "policy-attachments";

    private PolicyIds() {
    }

    public static String group(String name) {
        return "group:" + name;
    }

    public static String blueprint(String name) {
        return "blueprint:" + name;
    }
}
