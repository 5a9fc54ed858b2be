package org.jams.gateway.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.jams.query.readmodel.ReadModelSwitchLock;

/**
 * The event store's insert, which also takes the read-model switch lock ({@link ReadModelSwitchLock}) shared: every
 * append is followed in its transaction by writes to the in-append read models, which needed the lock first, and
 * taking it in the insert spares each append a round trip to the database. The rows are the ones Axon writes: an
 * event without an aggregate is stored as its own aggregate, sequence 0 and no type.
 */
final class SwitchLockedAppends implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable()
                + " (" + schema.domainEventFields() + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM "
                + ReadModelSwitchLock.sharedRowForAppend());
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
