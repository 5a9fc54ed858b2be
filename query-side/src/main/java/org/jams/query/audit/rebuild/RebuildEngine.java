package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.serialization.Serializer;
import org.jams.query.audit.rebuild.RebuildStatus.TableDiff;
import org.jams.query.eventstore.StoredEventReader;
import org.jams.query.readmodel.ReadModelSwitchLock;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.jams.query.readmodel.ReadModels;

/**
 * Rebuilds read models from the event store beside the live tables ({@link ShadowTables}): the projections' own classes
 * write tables of the same names in a shadow schema ({@code search_path} = shadow, public), fed the stored events in
 * global order, one transaction per batch, read ahead on a second connection ({@link EventReplay}). The shadow tables
 * then get the live tables' indexes. Then the live writers are held back: tracking processors are paused and their
 * segments claimed ({@link ProcessorClaims}); appends that update in-append read models wait on
 * {@link ReadModelSwitchLock}. The last events are applied, and in one transaction the rebuilt tables replace the live
 * ones (moved aside) and the tracking processors get a token at the last event applied; they resume from there, and the
 * appends go on into the new tables. Live and rebuilt are then compared in a snapshot taken at the switch
 * ({@link TableComparison}). Readers never see an empty table. Works inside the server and from the command line (where
 * the live processors of a running server are paused by taking their claims: they retry once the claims are released).
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

    /** How long the switch waits for the live tables at a time: well under PostgreSQL's deadlock_timeout (1 s). */
    static final Duration LOCK_WAIT = Duration.ofMillis(200);

    /** About a minute of attempts at most; a table kept busy that long by readers is not a normal load. */
    private static final int LOCK_ATTEMPTS = 200;

    private final Connection connection;
    private final Connection reader;
    private final StoredEventReader rows;
    private final Serializer tokenSerializer;
    private final int batchSize;

    /**
     * @param connection writes the shadow tables and switches them over
     * @param reader     reads the events ahead of the writes (see {@link EventPrefetch}); autocommit
     */
    RebuildEngine(Connection connection, Connection reader, Serializer eventSerializer, Serializer tokenSerializer,
                  int batchSize) {
        this.connection = connection;
        this.reader = reader;
        this.rows = new StoredEventReader(eventSerializer);
        this.tokenSerializer = tokenSerializer;
        this.batchSize = batchSize;
    }

    /** Rebuilds these read models and switches the live tables over; the diff of live and rebuilt at the switch. */
    List<TableDiff> run(String id, List<ReadModel> models, LiveProcessors live, Progress progress) throws Exception {
        if (!id.matches("[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("A rebuild id is lower-case letters, digits and _: " + id);
        }
        ShadowTables shadow = new ShadowTables(connection, reader, "rebuild_" + id, models);
        String replaced = shadow.schema() + "_replaced";
        String owner = "jams-rebuild-" + id;
        List<String> processors = models.stream().map(ReadModel::processor).filter(ReadModels.TRACKING::contains)
                .toList();
        ProcessorClaims claims = new ProcessorClaims(connection, tokenSerializer, processors, owner);
        boolean inAppend = models.stream().anyMatch(model -> ReadModels.IN_APPEND.contains(model.processor()));
        boolean autoCommit = connection.getAutoCommit();
        boolean stopped = false;
        boolean claimed = false;
        boolean locked = false;
        try {
            connection.setAutoCommit(false);
            shadow.create();
            EventReplay replay = new EventReplay(connection, reader, rows, models, batchSize);
            long total = TableComparison.queryLong(connection, "SELECT count(*) FROM public.domainevententry");
            progress.started(total);
            replay.catchUp(progress, total);

            progress.switching();
            shadow.prepareSwitch();
            live.stop(processors);
            stopped = true;
            claims.claim();
            claimed = true;
            for (int attempt = 1; ; attempt++) {
                if (inAppend) {
                    ReadModelSwitchLock.acquireExclusive(connection);
                    locked = true;
                }
                replay.applyFilledGaps();
                replay.catchUp(progress, total);
                if (shadow.tryLockLive(LOCK_WAIT)) {
                    break;
                }
                // Someone holds a live table: perhaps an append that read one and now waits for the switch lock.
                // Let it finish, then catch up with what it stored.
                if (locked) {
                    ReadModelSwitchLock.release(connection);
                    locked = false;
                }
                if (attempt == LOCK_ATTEMPTS) {
                    throw new IllegalStateException("The live read model tables stayed in use for " + LOCK_ATTEMPTS
                            + " attempts to switch; nothing was switched. Try the rebuild again.");
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(20, 120));
            }
            // One transaction: the rebuilt tables take the live ones' place and the tracking processors get the new
            // position. Processors of this server were shut down: they start from the new token. Others (a server
            // beside the command line) may still believe they own their segments: the claim is kept, so their next
            // store or claim extension fails, their batch rolls back, and they take the token once the claim has
            // timed out.
            shadow.swapIn(replaced);
            claims.moveTo(replay.last(), replay.gaps(), live == LiveProcessors.NONE ? owner : null);
            connection.commit();
            claimed = false;
            // Live and rebuilt are compared in a snapshot taken before the appends resume: the replaced tables as
            // they were, the rebuilt ones as they were switched in. The appends wait for the switch, not the diff.
            try (TableComparison.Snapshot snapshot = TableComparison.Snapshot.begin(reader)) {
                if (locked) {
                    ReadModelSwitchLock.release(connection);
                    locked = false;
                }
                return TableComparison.diff(reader, replaced, "public", models);
            }
        } catch (Exception | Error e) {
            connection.rollback();
            if (claimed) {
                claims.release();
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
                    shadow.drop(shadow.schema());
                    shadow.drop(replaced);
                    connection.setAutoCommit(autoCommit);
                }
            }
        }
    }
}
