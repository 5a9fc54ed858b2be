package org.jams.command.revocation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.CrlSeriesIds;
import org.jams.api.revocation.RevocationCommands.PublishCrlCommand;
import org.jams.api.revocation.RevocationEvents.CrlPublishedEvent;

/**
 * The CRLs one issuer published. It holds the last CRL number so that numbers only grow (RFC 5280 §5.2.3), even when
 * several nodes publish at once: the event store's optimistic concurrency orders them, and a number not above the
 * last is refused.
 */
@Aggregate(snapshotTriggerDefinition = "crlSeriesSnapshotTrigger")
@Revision("1")
public class CrlSeries {

    @AggregateIdentifier
    private String seriesId;
    private long lastNumber = -1;

    protected CrlSeries() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PublishCrlCommand command) {
        if (!CrlSeriesIds.of(command.issuerKeyId()).equals(command.seriesId())) {
            throw new IllegalArgumentException("The series " + command.seriesId() + " is not the issuer "
                    + command.issuerKeyId() + "'s");
        }
        if (command.number() <= lastNumber) {
            throw DomainException.conflict("crl_number_not_newer", "CRL number " + command.number() + " of "
                    + command.issuerKeyId() + " is not above the last one published, " + lastNumber + ".");
        }
        apply(new CrlPublishedEvent(command.issuerKeyId(), command.kind(), command.number(), command.thisUpdate(),
                command.nextUpdate(), command.entries(), command.sha256(), GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(CrlPublishedEvent event) {
        seriesId = CrlSeriesIds.of(event.issuerKeyId());
        lastNumber = event.number();
    }
}
