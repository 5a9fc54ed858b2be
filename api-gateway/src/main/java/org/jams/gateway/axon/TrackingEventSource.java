package org.jams.gateway.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.jams.query.readmodel.ReadModels;

/**
 * What the tracking processors read: the event store, fetched when an event they handle was committed on this node
 * (commits close together share a fetch), and otherwise once a second (events appended by other nodes). Axon's event
 * store wakes its reader after every local commit; but most appends here are device requests that only the in-append
 * read models handle, and waking the reader and every tracking processor for each of them cost a fetch (two
 * database transactions) per request for nothing. An Axon component ({@link AxonJdbcConfiguration#eventProcessors}),
 * stopped with Axon.
 */
public final class TrackingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, Lifecycle {

    private static final long FETCH_DELAY_MILLIS = 1_000;

    /**
     * The most recent events Axon's store keeps in memory for the tracking processors that follow the head. Axon's
     * default, 10,000, held about 28 MB of event rows for good once that many were appended (the old generation
     * after a mixed collection: 92 MB, 64 MB with 1,000), a seventh of the heap the 512 MB budget gives. The
     * processors read in batches of 100 and follow within {@link #WAKE_INTERVAL}; one further behind than this
     * reads from the database instead, as it would after a restart.
     */
    public static final int CACHED_EVENTS = 1_000;

    /**
     * Commits closer together than this share one fetch (see {@link WakeThrottle}); a lone commit is fetched at
     * once. Under load a projection then follows within this much more, and reads events in batches.
     */
    static final Duration WAKE_INTERVAL = Duration.ofMillis(20);

    private final WakeableStore store;
    private final WakeThrottle wakes;

    public TrackingEventSource(EventStorageEngine storageEngine, EventStore eventStore) {
        this.store = new WakeableStore(EmbeddedEventStore.builder().storageEngine(storageEngine)
                .fetchDelay(FETCH_DELAY_MILLIS).cachedEvents(CACHED_EVENTS).optimizeEventConsumption(true));
        this.wakes = new WakeThrottle(store::wake, WAKE_INTERVAL, "jams-tracking-wake");
        LocalCommits.afterCommitOf(eventStore, TrackingEventSource::handledByATrackingProcessor, wakes::request);
    }

    private static boolean handledByATrackingProcessor(List<? extends EventMessage<?>> events) {
        Set<String> types = events.stream().map(event -> event.getPayloadType().getName())
                .collect(Collectors.toSet());
        return !ReadModels.trackingHandling(types).isEmpty();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return store.openStream(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    @Override
    public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
        store.registerLifecycleHandlers(lifecycle);
        lifecycle.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, wakes::close);
    }

    /** Axon's embedded store (its reader and event cache), woken on demand instead of by its own appends. */
    private static final class WakeableStore extends EmbeddedEventStore {

        private WakeableStore(Builder builder) {
            super(builder);
        }

        void wake() {
            afterCommit(List.of());
        }
    }
}
