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
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.jams.command.audit.StoredEvent;
import org.jams.query.eventstore.StoredEventReader;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Feeds the stored events, in global order, to the read models' own projection classes writing through the rebuild's
 * connection (into the shadow tables its {@code search_path} names), one transaction per batch. Remembers how far it
 * got and the gaps it passed (events not yet committed when a later one was read), so it can be called again to
 * apply what was appended meanwhile.
 */
final class EventReplay {

    private record Handler(ReadModel model, AnnotationEventHandlerAdapter adapter) {
    }

    private final Connection connection;
    private final Connection reader;
    private final StoredEventReader rows;
    private final int batchSize;
    private final List<Handler> handlers = new ArrayList<>();
    private final List<BatchingJdbcTemplate> writers = new ArrayList<>();
    private final TreeSet<Long> gaps = new TreeSet<>();
    private long last = -1;
    private long done;

    /**
     * @param connection writes the read models (its {@code search_path} points at the shadow tables)
     * @param reader     reads the events ahead of the writes (see {@link EventPrefetch}); autocommit
     */
    EventReplay(Connection connection, Connection reader, StoredEventReader rows, List<ReadModel> models,
                int batchSize) throws SQLException {
        this.connection = connection;
        this.reader = reader;
        this.rows = rows;
        this.batchSize = batchSize;
        SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
        // pgjdbc's reWriteBatchedInserts would merge a batch of upserts into one statement touching a row twice.
        boolean batching = !connection.getMetaData().getURL().contains("reWriteBatchedInserts=true");
        for (ReadModel model : models) {
            // A writer per read model: most events are handled by two (an enrollment by the device list and the audit
            // index), whose statements would alternate in one shared writer and each go alone. Read models write
            // tables of their own, so only the order within each one matters.
            JdbcTemplate shadow = batching ? new BatchingJdbcTemplate(single) : new JdbcTemplate(single);
            if (shadow instanceof BatchingJdbcTemplate writer) {
                writers.add(writer);
            }
            handlers.add(new Handler(model, new AnnotationEventHandlerAdapter(model.forReplay().apply(shadow))));
        }
    }

    /** The global index of the last event applied (-1 before any). */
    long last() {
        return last;
    }

    /** The gaps below {@link #last} that are still open. */
    TreeSet<Long> gaps() {
        return gaps;
    }

    /** How many stored events were read (applied, or handled by none of the read models). */
    long done() {
        return done;
    }

    /** Applies batches until the head of the store; each batch in one transaction. */
    void catchUp(RebuildEngine.Progress progress, long total) throws Exception {
        try (EventPrefetch prefetch = new EventPrefetch(reader, rows, this::anyHandles, batchSize, last, gaps)) {
            for (EventPrefetch.Batch batch = prefetch.next(); batch.read() > 0; batch = prefetch.next()) {
                for (TrackedEventMessage<?> event : batch.events()) {
                    apply(event);
                }
                done += batch.read();
                last = batch.last();
                flushAndCommit();
                progress.advanced(done, Math.max(total, done), last);
            }
        }
    }

    /** Events that were still being written when the index passed them, and are now stored: applied now. */
    void applyFilledGaps() throws Exception {
        if (gaps.isEmpty()) {
            return;
        }
        List<StoredEvent> filled = new ArrayList<>();
        Map<StoredEvent, TrackingToken> tokens = new IdentityHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                StoredEventReader.SELECT + " WHERE globalindex = ANY(?) ORDER BY globalindex")) {
            select.setArray(1, connection.createArrayOf("bigint", gaps.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = StoredEventReader.row(rs, 1);
                    filled.add(row);
                    tokens.put(row, EventPrefetch.token(row, gaps));
                }
            }
        }
        for (TrackedEventMessage<?> event : rows.messages(filled, tokens::get)) {
            if (anyHandles(event.getPayloadType().getName())) {
                apply(event);
            }
        }
        done += filled.size();
        filled.forEach(row -> gaps.remove(row.globalIndex()));
        flushAndCommit();
    }

    private boolean anyHandles(String payloadType) {
        return handlers.stream().anyMatch(handler -> handler.model().handles(payloadType));
    }

    private void apply(TrackedEventMessage<?> event) throws Exception {
        String type = event.getPayloadType().getName();
        for (Handler handler : handlers) {
            if (handler.model().handles(type)) {
                handler.adapter().handle(event);
            }
        }
    }

    private void flushAndCommit() throws SQLException {
        writers.forEach(BatchingJdbcTemplate::flush);
        connection.commit();
    }
}
