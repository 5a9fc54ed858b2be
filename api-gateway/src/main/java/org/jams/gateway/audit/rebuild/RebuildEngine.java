package org.jams.gateway.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.jams.gateway.audit.rebuild.ReadModels.ReadModel;
import org.jams.gateway.audit.rebuild.RebuildStatus.TableDiff;
import org.jams.gateway.axon.Projections;
import org.jams.gateway.axon.ReadModelSwitchLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Rebuilds read models from the event store beside the live tables: the projections' own classes
 * write tables of the same names in a shadow schema ({@code search_path} = shadow, public), fed the stored events in
 * global order, one transaction per batch, read ahead on a second connection ({@link EventPrefetch}). The shadow tables
 * then get the live tables' indexes. Then the live writers are held back: tracking processors are paused and their
 * segments claimed here; appends that update in-append read models wait on {@link ReadModelSwitchLock}. The last events
 * are applied, and in one transaction the rebuilt tables replace the live ones (moved aside) and the tracking
 * processors get a token at the last event applied; they resume from there, and the appends go on into the new tables.
 * Live and rebuilt are then compared in a snapshot taken at the switch. Readers never see an empty table.
 * Works inside the server and from the command line (where the live processors of a running server are paused by
 * taking their claims: they retry once the claims are released).
 */
final class RebuildEngine {

    /** Pauses and resumes the live processors (in the server); a no-op from the command line. */
    interface LiveProcessors {
        void stop(List<String> processors);

        void start(List<String> processors);

        LiveProcessors NONE = new LiveProcessors() {
            @Override
            public void stop(List<String> processors) {
            }

            @Override
            public void start(List<String> processors) {
            }
        };
    }

    interface Progress {
        void started(long total);

        void advanced(long done, long total, long lastGlobalIndex);

        void switching();
    }

    static final int DEFAULT_BATCH = 2_000;
    private static final int SAMPLE_KEYS = 5;

    private final Connection connection;
    private final Connection reader;
    private final Serializer eventSerializer;
    private final Serializer tokenSerializer;
    private final int batchSize;

    private final TreeSet<Long> gaps = new TreeSet<>();
    private final List<BatchingJdbcTemplate> writers = new ArrayList<>();
    private long last = -1;
    private long done;
    private long total;

    /**
     * @param connection writes the shadow tables and switches them over
     * @param reader     reads the events ahead of the writes (see {@link EventPrefetch}); autocommit
     */
    RebuildEngine(Connection connection, Connection reader, Serializer eventSerializer, Serializer tokenSerializer,
                  int batchSize) {
        this.connection = connection;
        this.reader = reader;
        this.eventSerializer = eventSerializer;
        this.tokenSerializer = tokenSerializer;
        this.batchSize = batchSize;
    }

    /** Rebuilds these read models and switches the live tables over; the diff of live and rebuilt at the switch. */
    List<TableDiff> run(String id, List<ReadModel> models, LiveProcessors live, Progress progress) throws Exception {
        if (!id.matches("[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("A rebuild id is lower-case letters, digits and _: " + id);
        }
        String schema = "rebuild_" + id;
        String replaced = schema + "_replaced";
        String owner = "jams-rebuild-" + id;
        List<String> processors = models.stream().map(ReadModel::processor).filter(Projections.TRACKING::contains)
                .toList();
        boolean inAppend = models.stream().anyMatch(model -> Projections.IN_APPEND.contains(model.processor()));
        boolean autoCommit = connection.getAutoCommit();
        boolean stopped = false;
        boolean claimed = false;
        boolean locked = false;
        try {
            connection.setAutoCommit(false);
            createShadow(schema, models);
            List<Handler> handlers = handlers(models);
            total = queryLong("SELECT count(*) FROM public.domainevententry");
            progress.started(total);
            catchUp(handlers, progress);

            progress.switching();
            prepareSwitch(schema, models);
            live.stop(processors);
            stopped = true;
            claim(processors, owner);
            claimed = true;
            if (inAppend) {
                ReadModelSwitchLock.acquireExclusive(connection);
                locked = true;
            }
            applyFilledGaps(handlers);
            catchUp(handlers, progress);
            // Processors of this server were shut down: they start from the new token. Others (a server beside the
            // command line) may still believe they own their segments: the claim is kept, so their next store or
            // claim extension fails, their batch rolls back, and they take the token once the claim has timed out.
            switchOver(schema, replaced, models, processors, live == LiveProcessors.NONE ? owner : null);
            claimed = false;
            // Live and rebuilt are compared in a snapshot taken before the appends resume: the replaced tables as
            // they were, the rebuilt ones as they were switched in. The appends wait for the switch, not the diff.
            try (Snapshot snapshot = Snapshot.begin(reader)) {
                if (locked) {
                    ReadModelSwitchLock.release(connection);
                    locked = false;
                }
                return diff(reader, replaced, "public", models);
            }
        } catch (Exception | Error e) {
            connection.rollback();
            if (claimed) {
                release(processors, owner);
            }
            throw e;
        } finally {
            try {
                if (stopped) {
                    live.start(processors);
                }
            } finally {
                try {
                    if (locked) {
                        ReadModelSwitchLock.release(connection);
                    }
                } finally {
                    dropShadow(schema);
                    dropShadow(replaced);
                    connection.setAutoCommit(autoCommit);
                }
            }
        }
    }

    long lastGlobalIndex() {
        return last;
    }

    private record Handler(ReadModel model, AnnotationEventHandlerAdapter adapter) {
    }

    /** The table's primary key, unique and exclusion constraints, as {@code ADD CONSTRAINT} clauses. */
    private List<String> keyConstraints(String table) throws SQLException {
        List<String> clauses = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'x') ORDER BY contype, conname""")) {
            query.setString(1, "public." + table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    clauses.add("ADD CONSTRAINT " + quoted(result.getString(1)) + " " + result.getString(2));
                }
            }
        }
        if (clauses.stream().noneMatch(clause -> clause.contains("PRIMARY KEY"))) {
            throw new IllegalStateException("Read model table " + table + " has no primary key");
        }
        return clauses;
    }

    /** The live table's other indexes (not backing a constraint), as CREATE INDEX statements on the shadow table. */
    private List<String> plainIndexes(String table, String schema) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = ?::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY i.indexrelid""")) {
            query.setString(1, "public." + table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String definition = result.getString(1);
                    String live = " ON public." + table + " ";
                    if (!definition.contains(live)) {
                        throw new IllegalStateException("Unexpected index definition on " + table + ": " + definition);
                    }
                    statements.add(definition.replace(live, " ON " + schema + "." + table + " "));
                }
            }
        }
        return statements;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private void createShadow(String schema, List<ReadModel> models) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
            for (ReadModel model : models) {
                for (String table : model.tables()) {
                    // Unlogged, and only the keys the projections' upserts need: the other indexes are built once
                    // at the end (see prepareSwitch), which costs far less than maintaining them row by row. A crash
                    // loses nothing but this rebuild.
                    statement.execute("CREATE UNLOGGED TABLE " + schema + "." + table + " (LIKE public." + table
                            + " INCLUDING ALL EXCLUDING INDEXES)");
                    statement.execute("ALTER TABLE " + schema + "." + table + " "
                            + String.join(", ", keyConstraints(table)));
                }
            }
            // Session-wide: the projections' unqualified SQL writes the shadow tables.
            statement.execute("SET search_path TO " + schema + ", public");
        }
        connection.commit();
    }

    /**
     * While the live processors still run: the shadow tables become durable tables with the live ones' indexes and
     * fresh statistics, so that the switch only has to exchange them. The indexes are built two at a time, one on
     * each connection (the reader is idle by now).
     */
    private void prepareSwitch(String schema, List<ReadModel> models) throws Exception {
        List<String> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (ReadModel model : models) {
                for (String table : model.tables()) {
                    statement.execute("ALTER TABLE " + schema + "." + table + " SET LOGGED");
                    indexes.addAll(plainIndexes(table, schema));
                }
            }
        }
        connection.commit();
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            (i % 2 == 0 ? mine : theirs).add(indexes.get(i));
        }
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                build(reader, theirs);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not index the rebuilt tables", e);
            }
        });
        try {
            build(connection, mine);
        } finally {
            other.join();
        }
        try (Statement statement = connection.createStatement()) {
            for (ReadModel model : models) {
                for (String table : model.tables()) {
                    statement.execute("ANALYZE " + schema + "." + table);
                }
            }
        }
        connection.commit();
    }

    private static void build(Connection on, List<String> indexes) throws SQLException {
        boolean autoCommit = on.getAutoCommit();
        on.setAutoCommit(false);
        try (Statement statement = on.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
            for (String index : indexes) {
                statement.execute(index);
            }
            on.commit();
        } catch (SQLException | RuntimeException e) {
            on.rollback();
            throw e;
        } finally {
            on.setAutoCommit(autoCommit);
        }
    }

    private void dropShadow(String schema) {
        try (Statement statement = connection.createStatement()) {
            connection.rollback();
            statement.execute("RESET search_path");
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the shadow schema " + schema, e);
        }
    }

    private List<Handler> handlers(List<ReadModel> models) throws SQLException {
        SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
        // pgjdbc's reWriteBatchedInserts would merge a batch of upserts into one statement touching a row twice.
        boolean batching = !connection.getMetaData().getURL().contains("reWriteBatchedInserts=true");
        JdbcTemplate shadow = batching ? new BatchingJdbcTemplate(single) : new JdbcTemplate(single);
        if (shadow instanceof BatchingJdbcTemplate writer) {
            writers.add(writer);
        }
        List<Handler> handlers = new ArrayList<>();
        for (ReadModel model : models) {
            handlers.add(new Handler(model, new AnnotationEventHandlerAdapter(model.forReplay().apply(shadow))));
        }
        return handlers;
    }

    /** Applies batches until the head of the store; each batch in one transaction. */
    private void catchUp(List<Handler> handlers, Progress progress) throws Exception {
        try (EventPrefetch prefetch = new EventPrefetch(reader, eventSerializer,
                type -> handlers.stream().anyMatch(handler -> handler.model().handles(type)), batchSize, last, gaps)) {
            for (EventPrefetch.Batch batch = prefetch.next(); batch.read() > 0; batch = prefetch.next()) {
                for (TrackedEventMessage<?> event : batch.events()) {
                    apply(handlers, event);
                }
                done += batch.read();
                last = batch.last();
                flushAndCommit();
                total = Math.max(total, done);
                progress.advanced(done, total, last);
            }
        }
    }

    /** Events that were still being written when the index passed them, and are now stored: applied now. */
    private void applyFilledGaps(List<Handler> handlers) throws Exception {
        if (gaps.isEmpty()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(
                EventPrefetch.SELECT_EVENTS + " WHERE globalindex = ANY(?) ORDER BY globalindex")) {
            select.setArray(1, connection.createArrayOf("bigint", gaps.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(1);
                    done++;
                    TrackedEventMessage<?> event = EventPrefetch.message(eventSerializer, gaps, rs);
                    if (event != null) {
                        apply(handlers, event);
                    }
                    gaps.remove(index);
                }
            }
        }
        flushAndCommit();
    }

    private void flushAndCommit() throws SQLException {
        writers.forEach(BatchingJdbcTemplate::flush);
        connection.commit();
    }

    private static void apply(List<Handler> handlers, TrackedEventMessage<?> event) throws Exception {
        String type = event.getPayloadType().getName();
        for (Handler handler : handlers) {
            if (handler.model().handles(type)) {
                handler.adapter().handle(event);
            }
        }
    }

    /**
     * Takes the processors' segments for this rebuild: a live processor (of this or another node) that still holds
     * one fails to store its next position, rolls that batch back, and waits for the claim to be released.
     */
    private void claim(List<String> processors, String owner) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT segment FROM public.tokenentry WHERE processorname = ANY(?) FOR UPDATE");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE public.tokenentry SET owner = ?, timestamp = ? WHERE processorname = ANY(?)")) {
            lock.setArray(1, connection.createArrayOf("varchar", processors.toArray()));
            lock.executeQuery().close();
            update.setString(1, owner);
            update.setString(2, DateTimeUtils.formatInstant(Instant.now()));
            update.setArray(3, connection.createArrayOf("varchar", processors.toArray()));
            update.executeUpdate();
        }
        connection.commit();
    }

    private void release(List<String> processors, String owner) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE public.tokenentry SET owner = NULL WHERE processorname = ANY(?) AND owner = ?")) {
            update.setArray(1, connection.createArrayOf("varchar", processors.toArray()));
            update.setString(2, owner);
            update.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release the processors' claims " + processors, e);
        }
    }

    /** Each table's rows only in {@code liveSchema} and only in {@code rebuiltSchema}, with a few keys of each. */
    private static List<TableDiff> diff(Connection on, String liveSchema, String rebuiltSchema, List<ReadModel> models)
            throws SQLException {
        List<TableDiff> diffs = new ArrayList<>();
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                String live = liveSchema + "." + table;
                String rebuilt = rebuiltSchema + "." + table;
                String key = keyExpression(on, live);
                long onlyLive = queryLong(on, "SELECT count(*) FROM (SELECT * FROM " + live + " EXCEPT ALL SELECT * FROM "
                        + rebuilt + ") d");
                long onlyRebuilt = queryLong(on, "SELECT count(*) FROM (SELECT * FROM " + rebuilt
                        + " EXCEPT ALL SELECT * FROM " + live + ") d");
                diffs.add(new TableDiff(table, onlyLive, onlyRebuilt,
                        onlyLive == 0 ? List.of() : queryStrings(on, "SELECT " + key + " FROM (SELECT * FROM " + live
                                + " EXCEPT SELECT * FROM " + rebuilt + ") d ORDER BY 1 LIMIT " + SAMPLE_KEYS),
                        onlyRebuilt == 0 ? List.of() : queryStrings(on, "SELECT " + key + " FROM (SELECT * FROM "
                                + rebuilt + " EXCEPT SELECT * FROM " + live + ") d ORDER BY 1 LIMIT " + SAMPLE_KEYS)));
            }
        }
        return diffs;
    }

    /**
     * A read-only transaction on a connection whose snapshot is taken when it begins (repeatable read keeps it to the
     * end); closing it ends the transaction and gives the connection back its settings.
     */
    private record Snapshot(Connection on, boolean autoCommit, int isolation, boolean readOnly)
            implements AutoCloseable {

        static Snapshot begin(Connection on) throws SQLException {
            Snapshot snapshot = new Snapshot(on, on.getAutoCommit(), on.getTransactionIsolation(), on.isReadOnly());
            on.setAutoCommit(false);
            on.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            on.setReadOnly(true);
            queryLong(on, "SELECT 1");
            return snapshot;
        }

        @Override
        public void close() throws SQLException {
            on.rollback();
            on.setReadOnly(readOnly);
            on.setTransactionIsolation(isolation);
            on.setAutoCommit(autoCommit);
        }
    }

    /** The table's primary key columns joined with '/', as an SQL expression over the row. */
    private static String keyExpression(Connection on, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement select = on.prepareStatement("""
                SELECT a.attname FROM pg_index i JOIN pg_attribute a
                  ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = ?::regclass AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)""")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.add("d.\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
                }
            }
        }
        return columns.isEmpty() ? "d::text" : "concat_ws('/', " + String.join(", ", columns) + ")";
    }

    /**
     * One transaction: the rebuilt tables take the live ones' place, the live ones move to {@code replaced} (to be
     * compared, then dropped), every segment of the tracking processors gets the new position.
     */
    private void switchOver(String schema, String replaced, List<ReadModel> models, List<String> processors,
                            String keptOwner) throws SQLException {
        SerializedObject<byte[]> token = tokenSerializer.serialize(
                GapAwareTrackingToken.newInstance(last, gaps.headSet(last)), byte[].class);
        try (Statement statement = connection.createStatement();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE public.tokenentry SET token = ?, tokentype = ?, timestamp = ?, owner = ?
                     WHERE processorname = ?""");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO public.tokenentry (processorname, segment, token, tokentype, timestamp, owner)
                     VALUES (?, 0, ?, ?, ?, ?)""")) {
            // The rebuilt table takes the live one's place, indexes and constraints (same names) with it. A reader
            // waiting for the lock then finds the new table under the same name.
            statement.execute("CREATE SCHEMA " + replaced);
            for (ReadModel model : models) {
                for (String table : model.tables()) {
                    statement.execute("ALTER TABLE public." + table + " SET SCHEMA " + replaced);
                    statement.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA public");
                }
            }
            String now = DateTimeUtils.formatInstant(Instant.now());
            for (String processor : processors) {
                update.setBytes(1, token.getData());
                update.setString(2, token.getType().getName());
                update.setString(3, now);
                update.setString(4, keptOwner);
                update.setString(5, processor);
                if (update.executeUpdate() == 0) {
                    insert.setString(1, processor);
                    insert.setBytes(2, token.getData());
                    insert.setString(3, token.getType().getName());
                    insert.setString(4, now);
                    insert.setString(5, keptOwner);
                    insert.executeUpdate();
                }
            }
        }
        connection.commit();
    }

    private long queryLong(String sql) throws SQLException {
        return queryLong(connection, sql);
    }

    private static long queryLong(Connection on, String sql) throws SQLException {
        try (Statement statement = on.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> queryStrings(Connection on, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = on.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
