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
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;

/**
 * A group an admin defines and its members. Deleted, it can be created again under the same name, empty. Whether a
 * member exists as a person is checked before the command is sent.
 */
@Aggregate
public class Group {

    static final int MAX_DESCRIPTION = 256;
    /** Members of one group at most: a bound on its state, far above any team. */
    static final int MAX_MEMBERS = 100_000;

    @AggregateIdentifier
    private String groupId;
    private String name;
    private boolean exists;
    private final Set<String> members = new HashSet<>();

    protected Group() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateGroupCommand command) {
        if (exists) {
            throw DomainException.conflict("group_exists", "A group named " + command.name() + " already exists.");
        }
        GroupNames.requireValid(command.name(), "group");
        String description = command.description() == null ? "" : command.description().trim();
        if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("invalid_description", "A group's description has at most "
                    + MAX_DESCRIPTION + " characters, on one line.");
        }
        apply(new GroupCreatedEvent(command.name(), description, now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeleteGroupCommand command) {
        requireExists(command.name());
        apply(new GroupDeletedEvent(name, now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AddGroupMemberCommand command) {
        requireExists(command.name());
        if (members.contains(command.username())) {
            return;
        }
        if (members.size() >= MAX_MEMBERS) {
            throw DomainException.conflict("group_full", "The group " + name + " has " + MAX_MEMBERS
                    + " members, as many as a group may have.");
        }
        apply(new GroupMemberAddedEvent(name, command.username(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveGroupMemberCommand command) {
        requireExists(command.name());
        if (members.contains(command.username())) {
            apply(new GroupMemberRemovedEvent(name, command.username(), now()));
        }
    }

    private void requireExists(String requested) {
        if (!exists) {
            throw DomainException.notFound("group_not_found", "No group named " + requested + ".");
        }
    }

    @EventSourcingHandler
    void on(GroupCreatedEvent event) {
        groupId = org.jams.api.policy.PolicyIds.group(event.name());
        name = event.name();
        exists = true;
    }

    @EventSourcingHandler
    void on(GroupDeletedEvent event) {
        exists = false;
        members.clear();
    }

    @EventSourcingHandler
    void on(GroupMemberAddedEvent event) {
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
