package org.jams.query.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.jams.api.stored.StoredTypes;
import org.jams.command.audit.StoredEvent;

/**
 * The one reader of stored event rows outside Axon's own event store. Rows are read with one column list into one
 * type, {@link StoredEvent}, exactly as stored: integrity verification and export use them so. Everything that needs
 * the events themselves (trails, state as of a moment, rebuilds) turns rows into messages here, through the upcaster
 * chain of {@link StoredTypes}, as Axon's event store does for aggregates and processors.
 */
public final class StoredEventReader {

    /** The columns of {@code domainevententry}, in the order {@link #row} reads them. */
    public static final String COLUMNS = columns("");
    /** Every stored row, unfiltered: append {@code WHERE …} and {@code ORDER BY …}. */
    public static final String SELECT = "SELECT " + COLUMNS + " FROM public.domainevententry";

    private final Serializer serializer;
    private final EventUpcaster upcasters;

    /** With the event serializer (payloads and metadata) and the server's upcaster chain. */
    public StoredEventReader(Serializer eventSerializer) {
        this(eventSerializer, StoredTypes.upcasters());
    }

    /** With other upcasters than the server's (a test shows what the chain changes). */
    public StoredEventReader(Serializer eventSerializer, EventUpcaster upcasters) {
        this.serializer = eventSerializer;
        this.upcasters = upcasters;
    }

    /** {@link #COLUMNS} qualified by a table alias, for joins ({@code columns("d")} → {@code d.globalindex, …}). */
    public static String columns(String alias) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return Stream.of("globalindex", "eventidentifier", "aggregateidentifier", "sequencenumber", "type",
                        "timestamp", "payloadtype", "payloadrevision", "payload", "metadata")
                .map(column -> prefix + column).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    /** The row at the result set's cursor, whose columns from {@code offset} on are {@link #COLUMNS}. */
    public static StoredEvent row(ResultSet rs, int offset) throws SQLException {
        return new StoredEvent(rs.getLong(offset), rs.getString(offset + 1), rs.getString(offset + 2),
                rs.getLong(offset + 3), rs.getString(offset + 4), rs.getString(offset + 5), rs.getString(offset + 6),
                rs.getString(offset + 7), rs.getBytes(offset + 8), rs.getBytes(offset + 9));
    }

    /**
     * The rows as a processor would see them, upcast to today's classes, in the same order; {@code tokens} gives each
     * its tracking token. Payloads and metadata are deserialized when first asked for. A row whose class this server
     * does not have (after upcasting) is left out.
     */
    public List<TrackedEventMessage<?>> messages(List<StoredEvent> rows, Function<StoredEvent, TrackingToken> tokens) {
        return EventUtils.upcastAndDeserializeTrackedEvents(
                        rows.stream().map(row -> new TrackedDomainEventData<>(tokens.apply(row), data(row))),
                        serializer, upcasters)
                .filter(message -> !UnknownSerializedType.class.equals(message.getPayloadType()))
                .toList();
    }

    /** One row's payload as today's class ({@link UnknownSerializedType} when this server lacks it). */
    public Object payload(StoredEvent row) {
        DomainEventStream upcast = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(data(row)),
                serializer, upcasters);
        return upcast.hasNext() ? upcast.next().getPayload() : null;
    }

    /** The row's payload type as today's class name, after the upcasters, without reading the payload. */
    public String payloadType(StoredEvent row) {
        return upcasters.upcast(Stream.of(new InitialEventRepresentation(data(row), serializer)))
                .map(representation -> representation.getType().getName()).findFirst().orElse(row.payloadType());
    }

    /** The row as Axon's storage engine hands it to the upcasters. */
    private static GenericDomainEventEntry<byte[]> data(StoredEvent row) {
        return new GenericDomainEventEntry<>(row.type(), row.aggregateIdentifier(), row.sequenceNumber(),
                row.eventIdentifier(), row.timestamp(), row.payloadType(), row.payloadRevision(), row.payload(),
                row.metadata());
    }
}
