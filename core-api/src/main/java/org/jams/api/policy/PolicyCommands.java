package org.jams.api.policy;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands on groups, blueprints and which blueprint each group gets. Aggregate ids come from {@link PolicyIds}; the
 * names inside are the admin's.
 */
public final class PolicyCommands {
    private PolicyCommands() {
    }

    public record CreateGroupCommand(@TargetAggregateIdentifier String groupId, String name, String description) {
    }

    public record DeleteGroupCommand(@TargetAggregateIdentifier String groupId, String name) {
    }

    public record AddGroupMemberCommand(@TargetAggregateIdentifier String groupId, String name, String username) {
    }

    public record RemoveGroupMemberCommand(@TargetAggregateIdentifier String groupId, String name, String username) {
    }

    /** Creates the blueprint at version 1, or its next version when these settings differ from the latest. */
    public record SaveBlueprintCommand(@TargetAggregateIdentifier String blueprintId, String name,
                                       Map<String, String> settings) {
    }

    /**
     * The group (an admin's group name, or a directory group's DN) gets the blueprint; where several groups of a
     * person set a key, the highest precedence wins.
     */
    public record AttachBlueprintCommand(@TargetAggregateIdentifier String attachmentsId, String group,
                                         String blueprint, int precedence) {
    }

    public record DetachBlueprintCommand(@TargetAggregateIdentifier String attachmentsId, String group) {
    }

    /** Everyone gets this blueprint beneath their groups' ones; null for none. */
    public record SetDefaultBlueprintCommand(@TargetAggregateIdentifier String attachmentsId, String blueprint) {
    }

    /** A device asked for its policy and was given these blueprint versions; the person's aggregate records it. */
    public record RecordPolicyDeliveryCommand(@TargetAggregateIdentifier String username, String deviceId,
                                              Map<String, Integer> versions) {
    }
}
