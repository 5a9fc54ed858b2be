package org.jams.query.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.jams.api.setup.ServerSetupId;

/**
 * Hands events to a projection as Axon's event processors do: through Axon's own handler resolution
 * ({@link AnnotationEventHandlerAdapter}), as messages of the aggregate that stores them, with a time.
 */
public final class ProjectionFeed {

    public static final String USER_AGGREGATE = "UserAccount";
    public static final String SETUP_AGGREGATE = "ServerSetup";
    public static final MetaData ADMIN = MetaData.with("actor", "admin:root").and("sourceAddress", "127.0.0.1");

    private final AnnotationEventHandlerAdapter adapter;
    private final Map<String, Long> sequences = new HashMap<>();

    public ProjectionFeed(Object projection) {
        this.adapter = new AnnotationEventHandlerAdapter(projection);
    }

    /** An event of the user's aggregate, next in its stream, stored at {@code at}. */
    public ProjectionFeed user(String username, Object payload, Instant at) {
        return handle(domainMessage(USER_AGGREGATE, username, next(username), payload, at));
    }

    /** An event of the server setup's aggregate, stored at {@code at}. */
    public ProjectionFeed setup(Object payload, Instant at) {
        return handle(domainMessage(SETUP_AGGREGATE, ServerSetupId.VALUE, next(ServerSetupId.VALUE), payload, at));
    }

    /** The message as is; the projection must have a handler for it (a test feeding it nothing would prove nothing). */
    public ProjectionFeed handle(EventMessage<?> message) {
        if (!adapter.canHandle(message)) {
            throw new IllegalArgumentException(adapter.getTargetType().getSimpleName() + " does not handle "
                    + message.getPayloadType().getName());
        }
        try {
            adapter.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException("The projection failed on " + message.getPayloadType().getName(), e);
        }
        return this;
    }

    /** What a processor reset (a replay from the start) does first. */
    public void reset() {
        adapter.prepareReset();
    }

    public static <T> GenericDomainEventMessage<T> domainMessage(String aggregateType, String aggregateId,
                                                                 long sequence, T payload, Instant at) {
        return new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload, ADMIN,
                UUID.randomUUID().toString(), at);
    }

    /** A stand-alone event (Axon stores it with no aggregate). */
    public static <T> GenericEventMessage<T> plainMessage(T payload, MetaData metaData, Instant at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, metaData, at);
    }

    private long next(String aggregateId) {
        return sequences.merge(aggregateId, 1L, Long::sum) - 1;
    }
}
