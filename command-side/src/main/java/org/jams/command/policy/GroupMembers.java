package org.jams.command.policy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.error.DomainException;
import org.jams.api.policy.PolicyCommands.AddGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyIds;

/**
 * The members of one group defined here, by the group's id (which a rename keeps). Each added and removed once.
 * Whether the group and the person exist is checked before the command is sent; members of a group deleted meanwhile
 * are dropped by the read model with the group.
 */
@Aggregate
public class GroupMembers {

    /** Members of one group at most: a bound on its state, far above any team. */
    static final int MAX_MEMBERS = 100_000;

    @AggregateIdentifier
    private String membersId;
    private final Set<String> members = new HashSet<>();

    protected GroupMembers() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddGroupMemberCommand command) {
        membersId = PolicyIds.groupMembers(command.groupId());
        if (members.contains(command.username())) {
            return;
        }
        if (members.size() >= MAX_MEMBERS) {
            throw DomainException.conflict("group_full", "The group " + command.group() + " has " + MAX_MEMBERS
                    + " members, as many as a group may have.");
        }
        apply(new GroupMemberAddedEvent(command.groupId(), command.group(), command.username(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveGroupMemberCommand command) {
        membersId = PolicyIds.groupMembers(command.groupId());
        if (members.contains(command.username())) {
            apply(new GroupMemberRemovedEvent(command.groupId(), command.group(), command.username(), now()));
        }
    }

    @EventSourcingHandler
    void on(GroupMemberAddedEvent event) {
        membersId = PolicyIds.groupMembers(event.groupId());
        members.add(event.username());
    }

    @EventSourcingHandler
    void on(GroupMemberRemovedEvent event) {
        members.remove(event.username());
    }

    private static java.time.Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
