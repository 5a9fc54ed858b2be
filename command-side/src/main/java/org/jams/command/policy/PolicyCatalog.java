package org.jams.command.policy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.error.DomainException;
import org.jams.api.policy.PolicyCommands.AttachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.RenameGroupCommand;
import org.jams.api.policy.PolicyCommands.SetDefaultBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.api.policy.PolicyIds;

/**
 * The groups' names, which blueprint each group gets with its precedence, and the default blueprint: one aggregate,
 * so that a name is unique, a rename atomic, a deleted group loses its blueprint with it, and two groups never share a
 * precedence (a person in both would get an order no one chose). Its state is one entry per group, never per member:
 * members live in {@link GroupMembers}. Whether a blueprint exists is checked before the command is sent.
 */
@Aggregate
public class PolicyCatalog {

    static final int MIN_PRECEDENCE = 1;
    static final int MAX_PRECEDENCE = 1_000_000;
    static final int MAX_DESCRIPTION = 256;
    static final int MAX_GROUPS = 10_000;

    private record Attachment(String blueprint, int precedence) {
    }

    @AggregateIdentifier
    private String catalogId;
    /** Group name → id. */
    private final Map<String, String> groups = new HashMap<>();
    /** Group id, or a directory group's DN → its blueprint. */
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();
    private String defaultBlueprint;

    protected PolicyCatalog() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateGroupCommand command) {
        catalogId = PolicyIds.CATALOG;
        GroupNames.requireValid(command.name(), "group");
        requireFree(command.name());
        String description = command.description() == null ? "" : command.description().trim();
        if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("invalid_description", "A group's description has at most "
                    + MAX_DESCRIPTION + " characters, on one line.");
        }
        if (command.groupId() == null || command.groupId().isBlank() || groups.containsValue(command.groupId())) {
            throw new IllegalArgumentException("A new group needs an id of its own"); // the gateway's mistake
        }
        if (groups.size() >= MAX_GROUPS) {
            throw DomainException.conflict("too_many_groups", "There are " + groups.size() + " groups, as many as "
                    + "this server keeps.");
        }
        apply(new GroupCreatedEvent(command.groupId(), command.name(), description, now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RenameGroupCommand command) {
        catalogId = PolicyIds.CATALOG;
        String groupId = requireGroup(command.name());
        GroupNames.requireValid(command.newName(), "group");
        if (command.newName().equals(command.name())) {
            return;
        }
        requireFree(command.newName());
        apply(new GroupRenamedEvent(groupId, command.name(), command.newName(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeleteGroupCommand command) {
        catalogId = PolicyIds.CATALOG;
        String groupId = requireGroup(command.name());
        if (attachments.containsKey(groupId)) {
            apply(new BlueprintDetachedEvent(groupId, now()));
        }
        apply(new GroupDeletedEvent(groupId, command.name(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AttachBlueprintCommand command) {
        catalogId = PolicyIds.CATALOG;
        if (!GroupNames.isDirectoryGroup(command.group()) && !groups.containsValue(command.group())) {
            throw DomainException.notFound("group_not_found", "That group was deleted.");
        }
        if (command.precedence() < MIN_PRECEDENCE || command.precedence() > MAX_PRECEDENCE) {
            throw DomainException.invalid("invalid_precedence", "precedence must be between " + MIN_PRECEDENCE
                    + " and " + MAX_PRECEDENCE + "; the highest wins.");
        }
        Attachment wanted = new Attachment(command.blueprint(), command.precedence());
        if (wanted.equals(attachments.get(command.group()))) {
            return;
        }
        attachments.forEach((group, attachment) -> {
            if (!group.equals(command.group()) && attachment.precedence() == command.precedence()) {
                throw DomainException.invalid("duplicate_precedence", "The group " + nameOf(group) + " has the "
                        + "precedence " + command.precedence() + " already; each group needs its own, so that the "
                        + "winner is clear.");
            }
        });
        apply(new BlueprintAttachedEvent(command.group(), command.blueprint(), command.precedence(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DetachBlueprintCommand command) {
        catalogId = PolicyIds.CATALOG;
        if (attachments.containsKey(command.group())) {
            apply(new BlueprintDetachedEvent(command.group(), now()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetDefaultBlueprintCommand command) {
        catalogId = PolicyIds.CATALOG;
        if (!Objects.equals(defaultBlueprint, command.blueprint())) {
            apply(new DefaultBlueprintSetEvent(command.blueprint(), now()));
        }
    }

    private void requireFree(String name) {
        if (groups.containsKey(name)) {
            throw DomainException.conflict("group_exists", "A group named " + name + " already exists.");
        }
    }

    private String requireGroup(String name) {
        String groupId = groups.get(name);
        if (groupId == null) {
            throw DomainException.notFound("group_not_found", "No group named " + name + ".");
        }
        return groupId;
    }

    private String nameOf(String key) {
        return groups.entrySet().stream().filter(entry -> entry.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst().orElse(key);
    }

    @EventSourcingHandler
    void on(GroupCreatedEvent event) {
        catalogId = PolicyIds.CATALOG;
        groups.put(event.name(), event.groupId());
    }

    @EventSourcingHandler
    void on(GroupRenamedEvent event) {
        groups.remove(event.oldName());
        groups.put(event.name(), event.groupId());
    }

    @EventSourcingHandler
    void on(GroupDeletedEvent event) {
        groups.remove(event.name());
    }

    @EventSourcingHandler
    void on(BlueprintAttachedEvent event) {
        catalogId = PolicyIds.CATALOG;
        attachments.put(event.group(), new Attachment(event.blueprint(), event.precedence()));
    }

    @EventSourcingHandler
    void on(BlueprintDetachedEvent event) {
        attachments.remove(event.group());
    }

    @EventSourcingHandler
    void on(DefaultBlueprintSetEvent event) {
        catalogId = PolicyIds.CATALOG;
        defaultBlueprint = event.blueprint();
    }

    private static java.time.Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
