package org.jams.query.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The event store's insert, as Axon's JDBC event store runs it for each appended event, which also writes the event's
 * audit index row ({@link AuditIndexProjection#INSERT_FOR_STORED_EVENT}) in the same statement: the audit index is an
 * index of the store itself, and it costs an append no round trip to the database of its own. The rows are the ones
 * Axon writes: an event without an aggregate is stored as its own aggregate, sequence 0 and no type.
 */
public final class IndexedEventInsert implements AppendEventsStatementBuilder {

    private final Supplier<String> selectedFrom;

    /**
     * @param selectedFrom a one-row subquery the event's values are selected from, called once per appending
     *                     statement: how a lock the append must hold first is taken in the same statement (the
     *                     server's read-model switch lock)
     */
    public IndexedEventInsert(Supplier<String> selectedFrom) {
        this.selectedFrom = selectedFrom;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("WITH stored_event AS (INSERT INTO "
                + schema.domainEventTable() + " (" + schema.domainEventFields() + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " FROM " + selectedFrom.get() + " RETURNING " + schema.globalIndexColumn()
                + " AS globalindex, " + schema.timestampColumn() + " AS timestamp) "
                + AuditIndexProjection.INSERT_FOR_STORED_EVENT);
        try {
            for (EventMessage<?> message : events) {
                DomainEventMessage<?> event = asDomainEvent(message);
                SerializedObject<?> payload = event.serializePayload(serializer, dataType);
                SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
                statement.setString(1, event.getIdentifier());
                statement.setString(2, event.getAggregateIdentifier());
                statement.setLong(3, event.getSequenceNumber());
                statement.setString(4, event.getType());
                timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
                statement.setString(6, payload.getType().getName());
                statement.setString(7, payload.getType().getRevision());
                statement.setObject(8, payload.getData());
                statement.setObject(9, metaData.getData());
                AuditIndexProjection.Entry.of(message).bind(statement, 10);
                statement.addBatch();
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
