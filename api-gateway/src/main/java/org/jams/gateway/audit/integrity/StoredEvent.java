package org.jams.gateway.audit.integrity;

/**
 * One row of {@code domainevententry}, exactly as stored: what is signed, hashed, exported and verified.
 * {@code globalIndex} is the row's position in the global order (0 while the event is not stored yet, at signing);
 * {@code payload} and {@code metadata} are the stored bytes (the JSON written by Axon's event serializer).
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                          String type, String timestamp, String payloadType, String payloadRevision, byte[] payload,
                          byte[] metadata) {

    /** The column list every reader of rows uses, in the order {@link #fromRow} expects. */
    public static final String COLUMNS = "globalindex, eventidentifier, aggregateidentifier, sequencenumber, type, "
            + "timestamp, payloadtype, payloadrevision, payload, metadata";

    public static StoredEvent fromRow(java.sql.ResultSet row, int offset) throws java.sql.SQLException {
        return new StoredEvent(row.getLong(offset), row.getString(offset + 1), row.getString(offset + 2),
                row.getLong(offset + 3), row.getString(offset + 4), row.getString(offset + 5),
                row.getString(offset + 6), row.getString(offset + 7), row.getBytes(offset + 8),
                row.getBytes(offset + 9));
    }

    /** A domain event of an aggregate (Axon stores other events with type null, sequence 0, id as aggregate id). */
    public boolean isAggregateEvent() {
        return type != null;
    }

    @Override
    public String toString() {
        return "StoredEvent[" + globalIndex + " " + eventIdentifier + " " + payloadType + "]";
    }
}
