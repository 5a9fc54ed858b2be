package org.jams.command.audit;

import org.axonframework.messaging.AbstractMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * A signed event's payload and metadata, keeping the payload bytes that were signed. The event store asks the event
 * for its serialized payload when it writes the row; this answers with those very bytes instead of serializing the
 * payload a second time (Axon's own messages drop what they serialized once their metadata changes, as signing does).
 * Any other serializer or representation serializes afresh.
 */
final class SignedEventBody<T> extends AbstractMessage<T> {

    private final T payload;
    private final Class<T> payloadType;
    private final MetaData metaData;
    // Transient as Axon's own cache of serialized forms: a copy made by Java serialization serializes afresh.
    private final transient Serializer signedWith;
    private final transient SerializedObject<byte[]> signedPayload;

    SignedEventBody(Message<T> unsigned, MetaData metaData, Serializer signedWith,
                    SerializedObject<byte[]> signedPayload) {
        this(unsigned.getIdentifier(), unsigned.getPayload(), unsigned.getPayloadType(), metaData, signedWith,
                signedPayload);
    }

    private SignedEventBody(String identifier, T payload, Class<T> payloadType, MetaData metaData,
                            Serializer signedWith, SerializedObject<byte[]> signedPayload) {
        super(identifier);
        this.payload = payload;
        this.payloadType = payloadType;
        this.metaData = metaData;
        this.signedWith = signedWith;
        this.signedPayload = signedPayload;
    }

    @Override
    public MetaData getMetaData() {
        return metaData;
    }

    @Override
    public T getPayload() {
        return payload;
    }

    @Override
    public Class<T> getPayloadType() {
        return payloadType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> SerializedObject<R> serializePayload(Serializer serializer, Class<R> expectedRepresentation) {
        if (serializer == signedWith && expectedRepresentation == byte[].class) {
            return (SerializedObject<R>) signedPayload;
        }
        return serializer.serialize(payload, expectedRepresentation);
    }

    @Override
    public <R> SerializedObject<R> serializeMetaData(Serializer serializer, Class<R> expectedRepresentation) {
        return serializer.serialize(metaData, expectedRepresentation);
    }

    @Override
    protected Message<T> withMetaData(MetaData newMetaData) {
        return new SignedEventBody<>(getIdentifier(), payload, payloadType, newMetaData, signedWith, signedPayload);
    }
}
