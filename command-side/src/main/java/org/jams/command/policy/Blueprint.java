package org.jams.command.policy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.policy.PolicyCommands.SaveBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyIds;

/**
 * A named set of Jami client settings, versioned: each change is a new version, and every version stays in its
 * history. Saving the settings of the latest version again makes no version.
 */
@Aggregate
public class Blueprint {

    /** The name {@code PUT /api/admin/blueprints/default} takes for itself. */
    static final String RESERVED = "default";

    @AggregateIdentifier
    private String blueprintId;
    private int version;
    private Map<String, String> settings = Map.of();

    protected Blueprint() {
        // for Axon
    }

    /** Answers the version the settings are now: a new one, or the latest when they did not change. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(SaveBlueprintCommand command) {
        if (version == 0) {
            GroupNames.requireValid(command.name(), "blueprint");
            if (RESERVED.equals(command.name())) {
                throw org.jams.api.error.DomainException.invalid("invalid_blueprint_name", "A blueprint cannot be "
                        + "named default: PUT /api/admin/blueprints/default sets the default blueprint.");
            }
        }
        Map<String, String> normalised = BlueprintKeys.normalised(command.settings());
        if (version > 0 && normalised.equals(settings)) {
            return version;
        }
        apply(new BlueprintVersionCreatedEvent(command.name(), version + 1, normalised,
                GenericEventMessage.clock.instant()));
        return version;
    }

    @EventSourcingHandler
    void on(BlueprintVersionCreatedEvent event) {
        blueprintId = PolicyIds.blueprint(event.name());
        version = event.version();
        settings = event.settings();
    }
}
