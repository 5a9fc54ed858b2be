package org.jams.api.policy;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands on groups, blueprints and which blueprint each group gets. Aggregate ids come from {@link PolicyIds}; the
 * names inside are the admin's. A group has an id that never changes and a name that may.
 */
public final class PolicyCommands {
    private PolicyCommands() {
    }

    /** {@code groupId}: a new id (a UUID) for the group. */
    public record CreateGroupCommand(@TargetAggregateIdentifier String catalogId, String groupId, String name,
                                     String description) {
    }

    public record RenameGroupCommand(@TargetAggregateIdentifier String catalogId, String name, String newName) {
    }

    /** Deletes the group and takes its blueprint off it. */
    public record DeleteGroupCommand(@TargetAggregateIdentifier String catalogId, String name) {
    }

    /** {@code group}: the group's name now, which the event keeps for readers of the history. */
    public record AddGroupMemberCommand(@TargetAggregateIdentifier String membersId, String groupId, String group,
                                        String username) {
    }

    public record RemoveGroupMemberCommand(@TargetAggregateIdentifier String membersId, String groupId, String group,
                                           String username) {
    }

    /** Creates the blueprint at version 1, or its next version when these settings differ from the latest. */
    public record SaveBlueprintCommand(@TargetAggregateIdentifier String blueprintId, String name,
                                       Map<String, String> settings) {
    }

    /**
     * The group (a group's id, or a directory group's DN) gets the blueprint; where several groups of a person set a
     * key, the highest precedence wins.
     */
    public record AttachBlueprintCommand(@TargetAggregateIdentifier String catalogId, String group,
                                         String blueprint, int precedence) {
    }

    public record DetachBlueprintCommand(@TargetAggregateIdentifier String catalogId, String group) {
    }

    /** Everyone gets this blueprint beneath their groups' ones; null for none. */
    public record SetDefaultBlueprintCommand(@TargetAggregateIdentifier String catalogId, String blueprint) {
    }

    /** A device asked for its policy and was given these blueprint versions; the person's aggregate records it. */
    public record RecordPolicyDeliveryCommand(@TargetAggregateIdentifier String username, String deviceId,
                                              Map<String, Integer> versions) {
    }
}
