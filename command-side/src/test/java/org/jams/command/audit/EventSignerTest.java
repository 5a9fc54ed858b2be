package org.jams.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.stored.EventJson;
import org.junit.jupiter.api.Test;

class EventSignerTest {

    private static final AuditKeys KEYS = AuditKeys.generate();
    private static final AdminAccountCreatedEvent PAYLOAD = new AdminAccountCreatedEvent("setup", "admin",
            "$argon2id$hash", Instant.parse("2026-12-03T10:15:30.123Z"));

    private final CountingSerializer serializer = new CountingSerializer(EventJson.eventSerializer());
    private final EventSigner signer = new EventSigner(KEYS, serializer);

    @Test
    void anAggregateEventIsSignedOverTheRowTheStoreWritesAndItsPayloadIsSerializedOnce() {
        Instant timestamp = Instant.parse("2026-12-03T10:15:31.456Z");
        DomainEventMessage<AdminAccountCreatedEvent> event = new GenericDomainEventMessage<>("Setup", "setup", 7L,
                PAYLOAD, Map.of("actor", "admin"), "event-1", timestamp);

        EventMessage<?> signed = signer.sign(event);
        // What the JDBC storage engine asks of the event when it writes the row:
        SerializedObject<byte[]> payload = signed.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metadata = signed.serializeMetaData(serializer, byte[].class);

        assertThat(serializer.payloadSerializations).as("payload serialized for signing only").hasValue(1);
        assertThat(signed).isInstanceOf(DomainEventMessage.class);
        DomainEventMessage<?> domain = (DomainEventMessage<?>) signed;
        assertThat(domain.getType()).isEqualTo("Setup");
        assertThat(domain.getAggregateIdentifier()).isEqualTo("setup");
        assertThat(domain.getSequenceNumber()).isEqualTo(7L);
        assertThat(signed.getIdentifier()).isEqualTo("event-1");
        assertThat(signed.getTimestamp()).isEqualTo(timestamp);
        assertThat(signed.getPayload()).isEqualTo(PAYLOAD);
        assertThat(signed.getMetaData()).containsEntry("actor", "admin").containsKey(Canonical.SIGNATURE_KEY);
        assertThat(verifies(new StoredEvent(1L, "event-1", "setup", 7L, "Setup",
                DateTimeUtils.formatInstant(timestamp), payload.getType().getName(), payload.getType().getRevision(),
                payload.getData(), metadata.getData()))).isTrue();
    }

    @Test
    void anEventOfNoAggregateIsSignedAsTheStoreWritesIt() {
        EventMessage<AdminAccountCreatedEvent> event = GenericEventMessage.asEventMessage(PAYLOAD);

        EventMessage<?> signed = signer.sign(event);
        SerializedObject<byte[]> payload = signed.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metadata = signed.serializeMetaData(serializer, byte[].class);

        assertThat(signed).isNotInstanceOf(DomainEventMessage.class);
        assertThat(serializer.payloadSerializations).hasValue(1);
        assertThat(verifies(new StoredEvent(1L, event.getIdentifier(), event.getIdentifier(), 0L, null,
                DateTimeUtils.formatInstant(event.getTimestamp()), payload.getType().getName(),
                payload.getType().getRevision(), payload.getData(), metadata.getData()))).isTrue();
    }

    @Test
    void anotherSerializerOrRepresentationSerializesAfresh() {
        EventMessage<?> signed = signer.sign(GenericEventMessage.asEventMessage(PAYLOAD));
        CountingSerializer other = new CountingSerializer(EventJson.eventSerializer());

        signed.serializePayload(other, byte[].class);
        signed.serializePayload(serializer, String.class);

        assertThat(other.payloadSerializations).hasValue(1);
        assertThat(serializer.payloadSerializations).hasValue(2);
    }

    @Test
    void aChangedPayloadWouldNotVerify() {
        EventMessage<?> signed = signer.sign(GenericEventMessage.asEventMessage(PAYLOAD));
        SerializedObject<byte[]> metadata = signed.serializeMetaData(serializer, byte[].class);
        byte[] other = serializer.serialize(new AdminAccountCreatedEvent("setup", "mallory", "$argon2id$hash",
                PAYLOAD.createdAt()), byte[].class).getData();

        assertThat(verifies(new StoredEvent(1L, signed.getIdentifier(), signed.getIdentifier(), 0L, null,
                DateTimeUtils.formatInstant(signed.getTimestamp()), AdminAccountCreatedEvent.class.getName(), null,
                other, metadata.getData()))).isFalse();
    }

    private static boolean verifies(StoredEvent row) {
        Canonical.Digest digest = Canonical.digest(row);
        return digest.signature() != null && AuditKeys.verify(KEYS.publicKey(), digest.signedContent(),
                Base64.getDecoder().decode(digest.signature()));
    }

    /** The event serializer, counting how often a payload (anything but metadata) is serialized. */
    private static final class CountingSerializer implements Serializer {

        private final Serializer delegate;
        private final AtomicInteger payloadSerializations = new AtomicInteger();

        CountingSerializer(Serializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (!(object instanceof org.axonframework.messaging.MetaData)) {
                payloadSerializations.incrementAndGet();
            }
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            return delegate.deserialize(serializedObject);
        }

        @Override
        public Class classForType(SerializedType type) {
            return delegate.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public org.axonframework.serialization.Converter getConverter() {
            return delegate.getConverter();
        }
    }
}
