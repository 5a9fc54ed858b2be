package org.jams.gateway.identity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jams.api.setup.ServerSetupId;
import org.jams.command.setup.IssuingSetup;
import org.jams.gateway.axon.LocalCommits;

/**
 * The issuing setup (CA, lifetimes) folded from the setup aggregate's events in the event store, not from a read
 * model, and kept in memory: every enrollment needs it. A setup change committed through this node's event store
 * clears the copy once it commits, so the next certificate follows it; a change committed by another node is read
 * once the copy is older than {@code maxAge}.
 */
public final class IssuingSetupSource {

    private record Folded(IssuingSetup setup, long generation, long foldedAtNanos) {
    }

    private final EventStore eventStore;
    private final long maxAgeNanos;
    /** Moves on with every local setup change; a copy folded under an older generation is not used again. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Folded folded;

    public IssuingSetupSource(EventStore eventStore, Duration maxAge) {
        this.eventStore = eventStore;
        this.maxAgeNanos = maxAge.toNanos();
        // A fold that read the events before the change committed was stored under the older generation.
        LocalCommits.afterCommitOf(eventStore, IssuingSetupSource::changeTheSetup, generation::incrementAndGet);
    }

    public IssuingSetup current() {
        Folded copy = folded;
        long now = System.nanoTime();
        if (copy != null && copy.generation == generation.get() && now - copy.foldedAtNanos < maxAgeNanos) {
            return copy.setup;
        }
        // The generation is taken before reading: a change committing meanwhile leaves this copy outdated.
        long readUnder = generation.get();
        IssuingSetup setup = IssuingSetup.INITIAL;
        DomainEventStream events = eventStore.readEvents(ServerSetupId.VALUE);
        while (events.hasNext()) {
            setup = setup.then(events.next().getPayload());
        }
        folded = new Folded(setup, readUnder, now);
        return setup;
    }

    private static boolean changeTheSetup(List<? extends EventMessage<?>> events) {
        return events.stream().anyMatch(event -> event instanceof DomainEventMessage<?> domain
                && ServerSetupId.VALUE.equals(domain.getAggregateIdentifier()));
    }
}
