package org.jams.gateway.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Reads the stored events after a global index, in order, until the head of the store, and deserializes them on its
 * own thread and connection, a few batches ahead of the thread that applies them: reading and deserializing then
 * overlap with the projections' writes instead of alternating with them. Keeps track of the gaps in the global index
 * (events whose transaction had not committed when a later one was read), which the tokens carry.
 */
final class EventPrefetch implements AutoCloseable {

    /** One batch of events, read in one query; {@code last} is the highest global index read. */
    record Batch(List<TrackedEventMessage<?>> events, int read, long last) {
    }

    /** Gaps in the global index older than this below the newest event are taken as rolled back for good. */
    static final int GAP_WINDOW = 10_000;
    static final String SELECT_EVENTS = """
            SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
              payloadrevision, payloadtype, timestamp FROM public.domainevententry""";
    private static final int BATCHES_AHEAD = 4;
    private static final Batch END = new Batch(List.of(), 0, -1);

    private final Connection connection;
    private final Serializer serializer;
    private final Predicate<String> wanted;
    private final int batchSize;
    private final TreeSet<Long> gaps;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private long last;

    /**
     * Starts reading after {@code after}. {@code gaps} is this reader's until {@link #close}: it adds the gaps it
     * finds and forgets those older than the window. Only payload types {@code wanted} accepts are deserialized.
     */
    EventPrefetch(Connection connection, Serializer serializer, Predicate<String> wanted, int batchSize, long after,
                  TreeSet<Long> gaps) {
        this.connection = connection;
        this.serializer = serializer;
        this.wanted = wanted;
        this.batchSize = batchSize;
        this.last = after;
        this.gaps = gaps;
        this.thread = new Thread(this::readAll, "jams-rebuild-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch, or an empty one at the head of the store; rethrows what stopped the reader. */
    Batch next() throws Exception {
        Object next = ready.take();
        if (next instanceof Exception e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        if (next == END) {
            ready.put(END); // the end stays the end for a caller that asks again
        }
        return (Batch) next;
    }

    private void readAll() {
        try (PreparedStatement select = connection.prepareStatement(
                SELECT_EVENTS + " WHERE globalindex > ? ORDER BY globalindex LIMIT ?")) {
            while (!Thread.currentThread().isInterrupted()) {
                Batch batch = readBatch(select);
                if (batch.read() == 0) {
                    ready.put(END);
                    return;
                }
                ready.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            ready.clear();
            ready.offer(e);
        }
    }

    private Batch readBatch(PreparedStatement select) throws SQLException {
        select.setLong(1, last);
        select.setInt(2, batchSize);
        select.setFetchSize(batchSize);
        List<TrackedEventMessage<?>> events = new ArrayList<>(batchSize);
        int read = 0;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                read++;
                long index = rs.getLong(1);
                if (last >= 0 && index > last + 1 && index - last < GAP_WINDOW) {
                    for (long gap = last + 1; gap < index; gap++) {
                        gaps.add(gap);
                    }
                }
                last = index;
                String payloadType = rs.getString(9);
                if (!wanted.test(payloadType)) {
                    continue;
                }
                TrackedEventMessage<?> message = message(serializer, gaps, rs);
                if (message != null) {
                    events.add(message);
                }
            }
        }
        gaps.headSet(last - GAP_WINDOW).clear();
        return new Batch(events, read, last);
    }

    /**
     * The stored event at the result set's row (columns as {@link #SELECT_EVENTS}) as a live processor would see it:
     * payload, metadata, time, aggregate, and a token whose position is this event's own global index. Null for a
     * payload type this server does not know.
     */
    static TrackedEventMessage<?> message(Serializer serializer, TreeSet<Long> gaps, ResultSet rs)
            throws SQLException {
        long globalIndex = rs.getLong(1);
        String aggregateIdentifier = rs.getString(2);
        long sequenceNumber = rs.getLong(3);
        String type = rs.getString(4);
        String eventIdentifier = rs.getString(5);
        byte[] metaData = rs.getBytes(6);
        byte[] payload = rs.getBytes(7);
        String payloadRevision = rs.getString(8);
        String payloadType = rs.getString(9);
        String timestamp = rs.getString(10);
        Object body = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class,
                new SimpleSerializedType(payloadType, payloadRevision)));
        if (body instanceof UnknownSerializedType) {
            return null;
        }
        Map<String, ?> meta = metaData == null ? MetaData.emptyInstance()
                : serializer.deserialize(new SimpleSerializedObject<>(metaData, byte[].class,
                        new SimpleSerializedType(MetaData.class.getName(), null)));
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(globalIndex, gaps.headSet(globalIndex));
        Instant time = DateTimeUtils.parseInstant(timestamp);
        return new GenericTrackedDomainEventMessage<>(token, type, aggregateIdentifier, sequenceNumber,
                new GenericMessage<>(eventIdentifier, body, meta), () -> time);
    }

    /** Stops the reader (if it is still reading) and waits for it: the gaps are the caller's again. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        ready.clear();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("The rebuild's event reader did not stop");
        }
    }
}
