package org.jams.gateway.axon;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for the API: after a command, wait until the projections have processed the events it stored.
 * Positions are read from the shared token store, so this works whichever node owns a processor's segments.
 */
@Component
public class ReadModelCatchUp {

    private static final long FIRST_POLL_MILLIS = 1;
    private static final long MAX_POLL_MILLIS = 25;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration timeout;

    public ReadModelCatchUp(JdbcTemplate jdbc, Serializer serializer,
                            @Value("${jams.read-model.catch-up-timeout:10s}") Duration timeout) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.timeout = timeout;
    }

    /** The aggregate's newest global index now: take it before a command, pass it to {@link #awaitAfter}. */
    public long position(String aggregateIdentifier) {
        Long index = jdbc.queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                aggregateIdentifier);
        return index == null ? -1 : index;
    }

    /**
     * Blocks (call it off the event loop) until the projections that handle the events this aggregate got after
     * {@code before} have processed them. Only those: a processor that handles none of them stores its position
     * lazily. Returns false if the timeout passed first (the change itself is stored either way).
     */
    public boolean awaitAfter(String aggregateIdentifier, long before) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT globalindex, payloadtype FROM domainevententry WHERE aggregateidentifier = ? AND globalindex > ?",
                aggregateIdentifier, before);
        if (rows.isEmpty()) {
            return true;
        }
        long last = rows.stream().mapToLong(row -> ((Number) row.get("globalindex")).longValue()).max().getAsLong();
        Set<String> types = rows.stream().map(row -> (String) row.get("payloadtype")).collect(Collectors.toSet());
        return awaitGlobalIndex(last, Projections.handling(types));
    }

    public boolean awaitGlobalIndex(long globalIndex, List<String> processors) {
        TrackingToken target = GapAwareTrackingToken.newInstance(globalIndex, List.of());
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (!allCover(processors, target)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(MAX_POLL_MILLIS, pause * 2); // back off: many waiting requests must not flood the database
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean allCover(List<String> processors, TrackingToken target) {
        for (String processor : processors) {
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
