package org.jams.command.audit;

/**
 * One row of {@code domainevententry}, exactly as stored: what is signed, hashed, exported and verified (the query
 * side's {@code StoredEventReader} reads them).
 * {@code globalIndex} is the row's position in the global order (0 while the event is not stored yet, at signing);
 * {@code payload} and {@code metadata} are the stored bytes (the JSON written by Axon's event serializer).
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                          String type, String timestamp, String payloadType, String payloadRevision, byte[] payload,
                          byte[] metadata) {

    /** A domain event of an aggregate (Axon stores other events with type null, sequence 0, id as aggregate id). */
    public boolean isAggregateEvent() {
        return type != null;
    }

    @Override
    public String toString() {
        return "StoredEvent[" + globalIndex + " " + eventIdentifier + " " + payloadType + "]";
    }
}
