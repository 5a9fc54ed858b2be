package org.jams.query.readmodel;

/** An event a command appended: its identifier and payload type, all read-your-writes needs to wait for it. */
public record AppendedEvent(String eventIdentifier, String payloadType) {
}
