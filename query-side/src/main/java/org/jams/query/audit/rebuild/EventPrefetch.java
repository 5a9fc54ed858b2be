package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.jams.command.audit.StoredEvent;
import org.jams.query.eventstore.StoredEventReader;

/**
 * Reads the stored events after a global index, in order, until the head of the store, and turns them into messages
 * ({@link StoredEventReader}, through the upcaster chain) on its own thread and connection, a few batches ahead of the
 * thread that applies them: reading overlaps with the projections' writes instead of alternating with them. Keeps
 * track of the gaps in the global index (events whose transaction had not committed when a later one was read), which
 * the tokens carry.
 */
final class EventPrefetch implements AutoCloseable {

    /** One batch of events, read in one query; {@code last} is the highest global index read. */
    record Batch(List<TrackedEventMessage<?>> events, int read, long last) {
    }

    /** Gaps in the global index older than this below the newest event are taken as rolled back for good. */
    static final int GAP_WINDOW = 10_000;
    private static final int BATCHES_AHEAD = 4;
    private static final Batch END = new Batch(List.of(), 0, -1);

    private final Connection connection;
    private final StoredEventReader rows;
    private final Predicate<String> wanted;
    private final int batchSize;
    private final TreeSet<Long> gaps;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private long last;

    /**
     * Starts reading after {@code after}. {@code gaps} is this reader's until {@link #close}: it adds the gaps it
     * finds and forgets those older than the window. Only events whose (upcast) payload type {@code wanted} accepts
     * are returned; the others are counted as read but never deserialized.
     */
    EventPrefetch(Connection connection, StoredEventReader rows, Predicate<String> wanted, int batchSize, long after,
                  TreeSet<Long> gaps) {
        this.connection = connection;
        this.rows = rows;
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
                StoredEventReader.SELECT + " WHERE globalindex > ? ORDER BY globalindex LIMIT ?")) {
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
        List<StoredEvent> read = new ArrayList<>(batchSize);
        Map<StoredEvent, TrackingToken> tokens = new IdentityHashMap<>(batchSize);
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                StoredEvent row = StoredEventReader.row(rs, 1);
                long index = row.globalIndex();
                if (last >= 0 && index > last + 1 && index - last < GAP_WINDOW) {
                    for (long gap = last + 1; gap < index; gap++) {
                        gaps.add(gap);
                    }
                }
                last = index;
                read.add(row);
                tokens.put(row, token(row, gaps));
            }
        }
        gaps.headSet(last - GAP_WINDOW).clear();
        List<TrackedEventMessage<?>> events = rows.messages(read, tokens::get).stream()
                .filter(event -> wanted.test(event.getPayloadType().getName())).toList();
        for (TrackedEventMessage<?> event : events) {
            // The messages deserialize when first asked: ask here, so that it happens on this thread, overlapping
            // with the writes, and not on the thread that applies them.
            event.getPayload();
            event.getMetaData();
        }
        return new Batch(events, read.size(), last);
    }

    /**
     * The token a live processor would hold after this event: positioned at the event's own global index, with the
     * gaps below it.
     */
    static TrackingToken token(StoredEvent row, TreeSet<Long> gaps) {
        return GapAwareTrackingToken.newInstance(row.globalIndex(), gaps.headSet(row.globalIndex()));
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
