package org.jams.gateway.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.jams.query.readmodel.AppendedEvent;
import org.springframework.stereotype.Component;

/**
 * The events a command appends, noted as they are published on the thread that runs the command (Axon's command bus
 * runs handlers on the sender's thread), so that read-your-writes can wait for exactly those events without asking the
 * event store which they were.
 */
@Component
public class AppendedEvents implements MessageDispatchInterceptor<EventMessage<?>> {

    private final ThreadLocal<List<AppendedEvent>> noting = new ThreadLocal<>();

    public AppendedEvents(EventStore eventStore) {
        eventStore.registerDispatchInterceptor(this);
    }

    /** Starts noting this thread's events (forgetting any noted before); {@link #stop} ends it. */
    public void start() {
        noting.set(new ArrayList<>());
    }

    /** The events noted since {@link #start}, and stops noting. */
    public List<AppendedEvent> stop() {
        List<AppendedEvent> noted = noting.get();
        noting.remove();
        return noted == null ? List.of() : List.copyOf(noted);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        List<AppendedEvent> noted = noting.get();
        if (noted != null) {
            messages.forEach(event -> noted.add(
                    new AppendedEvent(event.getIdentifier(), event.getPayloadType().getName())));
        }
        return (index, event) -> event;
    }
}
