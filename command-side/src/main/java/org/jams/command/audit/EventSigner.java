package org.jams.command.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Signs every event as it is appended: adds the metadata entry {@code auditSignature}, the Ed25519 signature of the
 * event's {@linkplain Canonical signed content} computed from exactly what the JDBC storage engine will write (the
 * payload and metadata serialized with the same event serializer, the timestamp formatted as Axon formats it, and the
 * aggregate id, sequence and type Axon stores; for an event that is not an aggregate's, Axon stores its id as the
 * aggregate id, sequence 0 and no type).
 *
 * <p>Registered on the event store (the event bus), whose dispatch interceptors see each unit of work's events when it
 * prepares its commit, just before they are stored, so aggregates' events pass here with their final aggregate id and
 * sequence. Signing holds no lock: appends stay as concurrent as before. It must be the last interceptor that changes
 * an event (it is registered after all beans are created); one registered later that changed an event would make
 * its signature fail verification, which the integrity tests would notice.
 */
public final class EventSigner implements MessageDispatchInterceptor<EventMessage<?>> {

    private final AuditKeys keys;
    private final Serializer eventSerializer;

    public EventSigner(AuditKeys keys, Serializer eventSerializer) {
        this.keys = keys;
        this.eventSerializer = eventSerializer;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, event) -> sign(event);
    }

    public EventMessage<?> sign(EventMessage<?> event) {
        EventMessage<?> unsigned = event.getMetaData().containsKey(Canonical.SIGNATURE_KEY)
                ? event.withMetaData(event.getMetaData().withoutKeys(Set.of(Canonical.SIGNATURE_KEY))) : event;
        SerializedObject<byte[]> payload = unsigned.serializePayload(eventSerializer, byte[].class);
        SerializedObject<byte[]> metadata = unsigned.serializeMetaData(eventSerializer, byte[].class);
        String aggregateIdentifier = unsigned.getIdentifier();
        long sequenceNumber = 0L;
        String type = null;
        if (unsigned instanceof DomainEventMessage<?> domain) {
            aggregateIdentifier = domain.getAggregateIdentifier();
            sequenceNumber = domain.getSequenceNumber();
            type = domain.getType();
        }
        StoredEvent pending = new StoredEvent(0L, unsigned.getIdentifier(), aggregateIdentifier, sequenceNumber, type,
                DateTimeUtils.formatInstant(unsigned.getTimestamp()), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), metadata.getData());
        try {
            byte[] signature = keys.sign(Canonical.signedContentForAppend(pending));
            return signed(unsigned, payload, Base64.getEncoder().encodeToString(signature));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read back the serialized metadata of " + unsigned.getIdentifier(),
                    e);
        }
    }

    /** The event with its signature, carrying the payload bytes just signed: the store writes them as they are. */
    private <T> EventMessage<T> signed(EventMessage<T> unsigned, SerializedObject<byte[]> payload, String signature) {
        SignedEventBody<T> body = new SignedEventBody<>(unsigned,
                unsigned.getMetaData().and(Canonical.SIGNATURE_KEY, signature), eventSerializer, payload);
        Instant timestamp = unsigned.getTimestamp();
        if (unsigned instanceof DomainEventMessage<T> domain) {
            return new GenericDomainEventMessage<>(domain.getType(), domain.getAggregateIdentifier(),
                    domain.getSequenceNumber(), body, () -> timestamp);
        }
        return new GenericEventMessage<>(body, () -> timestamp);
    }
}
