package org.jams.command.policy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.SetDefaultBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyIds;

/**
 * Which blueprint each group gets and with what precedence, and the default blueprint: one aggregate, so that two
 * groups never share a precedence (a person in both would get an order no one chose). Whether the group and the
 * blueprint exist is checked before the command is sent.
 */
@Aggregate
public class PolicyAttachments {

    static final int MIN_PRECEDENCE = 1;
    static final int MAX_PRECEDENCE = 1_000_000;

    private record Attachment(String blueprint, int precedence) {
    }

    @AggregateIdentifier
    private String attachmentsId;
    private final Map<String, Attachment> byGroup = new LinkedHashMap<>();
    private String defaultBlueprint;

    protected PolicyAttachments() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AttachBlueprintCommand command) {
        attachmentsId = PolicyIds.ATTACHMENTS;
        if (command.precedence() < MIN_PRECEDENCE || command.precedence() > MAX_PRECEDENCE) {
            throw DomainException.invalid("invalid_precedence", "precedence must be between " + MIN_PRECEDENCE
                    + " and " + MAX_PRECEDENCE + "; the highest wins.");
        }
        Attachment wanted = new Attachment(command.blueprint(), command.precedence());
        if (wanted.equals(byGroup.get(command.group()))) {
            return;
        }
        byGroup.forEach((group, attachment) -> {
            if (!group.equals(command.group()) && attachment.precedence() == command.precedence()) {
                throw DomainException.invalid("duplicate_precedence", "The group " + group + " has the precedence "
                        + command.precedence() + " already; each group needs its own, so that the winner is clear.");
            }
        });
        apply(new BlueprintAttachedEvent(command.group(), command.blueprint(), command.precedence(), now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DetachBlueprintCommand command) {
        attachmentsId = PolicyIds.ATTACHMENTS;
        if (byGroup.containsKey(command.group())) {
            apply(new BlueprintDetachedEvent(command.group(), now()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetDefaultBlueprintCommand command) {
        attachmentsId = PolicyIds.ATTACHMENTS;
        if (!Objects.equals(defaultBlueprint, command.blueprint())) {
            apply(new DefaultBlueprintSetEvent(command.blueprint(), now()));
        }
    }

    @EventSourcingHandler
    void on(BlueprintAttachedEvent event) {
        attachmentsId = PolicyIds.ATTACHMENTS;
        byGroup.put(event.group(), new Attachment(event.blueprint(), event.precedence()));
    }

    @EventSourcingHandler
    void on(BlueprintDetachedEvent event) {
        byGroup.remove(event.group());
    }

    @EventSourcingHandler
    void on(DefaultBlueprintSetEvent event) {
        attachmentsId = PolicyIds.ATTACHMENTS;
        defaultBlueprint = event.blueprint();
    }

    private static java.time.Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
