package org.jams.gateway.axon;

import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for the API: after a command, wait until every projection has processed the events it stored.
 * Positions are read from the shared token store, so this works whichever node owns a processor's segments.
 */
@Component
public class ReadModelCatchUp {

    private static final Duration POLL = Duration.ofMillis(10);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration timeout;

    public ReadModelCatchUp(JdbcTemplate jdbc, Serializer serializer,
                            @org.springframework.beans.factory.annotation.Value("${jams.read-model.catch-up-timeout:10s}")
                            Duration timeout) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.timeout = timeout;
    }

    /** Blocks (call it off the event loop) until the projections cover the last event of this aggregate. */
    public boolean awaitAggregate(String aggregateIdentifier) {
        Long index = jdbc.queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                aggregateIdentifier);
        return index == null || awaitGlobalIndex(index);
    }

    public boolean awaitGlobalIndex(long globalIndex) {
        TrackingToken target = GapAwareTrackingToken.newInstance(globalIndex, List.of());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (allProjectionsCover(target)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean allProjectionsCover(TrackingToken target) {
        for (String processor : Projections.NAMES) {
            List<TrackingToken> tokens = jdbc.query(
                    "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                    (rs, i) -> deserialize(rs.getBytes(1), rs.getString(2)), processor);
            if (tokens.isEmpty() || tokens.stream().anyMatch(token -> token == null || !token.covers(target))) {
                return false;
            }
        }
        return true;
    }

    private TrackingToken deserialize(byte[] token, String type) {
        if (token == null || type == null) {
            return null;
        }
        SerializedType serializedType = new SimpleSerializedType(type, null);
        return serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, serializedType));
    }
}
