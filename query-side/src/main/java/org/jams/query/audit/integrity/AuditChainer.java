package org.jams.query.audit.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links committed events into the hash chain ({@code audit_chain}) in global order, behind the appends: appends never
 * wait for it and hold no global lock. One node at a time (a transaction-scoped PostgreSQL advisory lock around each
 * batch); any node takes over when another stops.
 *
 * <p>Global indexes come from a sequence, so a transaction can commit index 12 while index 11 is still in flight
 * (or rolled back: a refused command, an optimistic-concurrency conflict). The chainer stops at such a gap and waits
 * up to {@code gapGrace} from when it first saw it; after that the index is taken as permanently empty and skipped
 * (the chain binds the indexes it covers, so a row that appears there later is reported by verify as inserted).
 * The grace must therefore exceed the longest append transaction; Axon's own gap timeout is 60 s.
 *
 * <p>It also signs a checkpoint ({@code audit_checkpoint}) when the chain has advanced and the last checkpoint is
 * older than {@code checkpointInterval}, and on demand.
 */
public final class AuditChainer implements AutoCloseable {

    /** "JAMSAUDT": the advisory lock that makes one node at a time the chainer. */
    static final long LOCK_KEY = 0x4A414D5341554454L;

    private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final Duration gapGrace;
    private final Duration checkpointInterval;
    private final Clock clock;
    private final int batchSize;
    private ScheduledExecutorService scheduler;

    /** The first global index of the gap the chainer is waiting on, and since when; -1 when none. */
    private long waitingGapStart = -1;
    private Instant waitingGapSince;

    public AuditChainer(DataSource dataSource, AuditKeys keys, Duration gapGrace, Duration checkpointInterval,
                        Clock clock, int batchSize) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.gapGrace = gapGrace;
        this.checkpointInterval = checkpointInterval;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Chains in the background every {@code pollInterval}, and checkpoints when due. */
    public synchronized void start(Duration pollInterval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jams-audit-chainer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            chainPending(false);
            checkpointIfDue();
        } catch (Exception e) {
            log.warn("Audit chaining failed, will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Chains every committed event it can (up to a gap still within its grace).
     *
     * @param wait whether to wait for another node's chaining batch (true) or leave the work to it (false)
     * @return the number of events chained
     */
    public synchronized long chainPending(boolean wait) throws SQLException {
        long total = 0;
        while (true) {
            int chained = chainBatch(wait);
            if (chained < 0) {
                return total; // another node is chaining
            }
            total += chained;
            if (chained < batchSize) {
                return total;
            }
        }
    }

    /** One batch in one transaction; -1 if another node holds the lock. */
    private int chainBatch(boolean wait) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection, wait)) {
                    connection.rollback();
                    return -1;
                }
                AuditStore.ChainHead head = AuditStore.chainHead(connection);
                List<StoredEvent> events = AuditStore.eventsAfter(connection, head.globalIndex(), batchSize);
                List<ChainLink> links = new ArrayList<>(events.size());
                long expected = head.globalIndex() + 1;
                byte[] chain = head.chainHash();
                for (StoredEvent event : events) {
                    if (event.globalIndex() > expected && !gapExpired(expected, event.globalIndex())) {
                        break;
                    }
                    byte[] eventHash = Canonical.digest(event).eventHash();
                    chain = Canonical.chainHash(chain, event.globalIndex(), eventHash);
                    links.add(new ChainLink(event.globalIndex(), eventHash, chain));
                    expected = event.globalIndex() + 1;
                }
                AuditStore.insertLinks(connection, links);
                connection.commit();
                // a short batch that stopped at a gap: report it as short so the caller stops polling
                return links.size() == events.size() ? links.size() : Math.min(links.size(), batchSize - 1);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Whether the empty indexes [start, next) have been empty for longer than the grace period. */
    private boolean gapExpired(long start, long next) {
        Instant now = clock.instant();
        if (waitingGapStart != start) {
            // Every index in [start, next) was allocated before the event at "next" committed, so before now.
            waitingGapStart = start;
            waitingGapSince = now;
        }
        if (Duration.between(waitingGapSince, now).compareTo(gapGrace) < 0) {
            return false;
        }
        log.info("Audit chain: global index{} {} stayed empty for {}; taken as rolled back",
                next - start > 1 ? "es" : "", next - start > 1 ? start + ".." + (next - 1) : start, gapGrace);
        waitingGapStart = -1;
        return true;
    }

    private static boolean lock(Connection connection, boolean wait) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                wait ? "SELECT pg_advisory_xact_lock(?), true" : "SELECT pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(wait ? 2 : 1);
            }
        }
    }

    /** Signs a checkpoint if the chain advanced and the last checkpoint is older than the interval. */
    public synchronized Optional<Checkpoint> checkpointIfDue() throws SQLException {
        return checkpoint(false, false);
    }

    /**
     * Chains what can be chained (waiting for another node's batch), then signs a checkpoint at the chain head unless
     * the latest checkpoint is already there. Empty if nothing was ever chained.
     */
    public synchronized Optional<Checkpoint> checkpointNow() throws SQLException {
        chainPending(true);
        return checkpoint(true, true);
    }

    private Optional<Checkpoint> checkpoint(boolean force, boolean wait) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection, wait)) {
                    connection.rollback();
                    return Optional.empty();
                }
                AuditStore.ChainHead head = AuditStore.chainHead(connection);
                Optional<Checkpoint> latest = AuditStore.latestCheckpoint(connection);
                Instant now = clock.instant();
                boolean advanced = head.globalIndex() > latest.map(Checkpoint::sequence).orElse(0L);
                boolean due = latest.map(c -> !c.createdAt().plus(checkpointInterval).isAfter(now)).orElse(true);
                if (!advanced || !(force || due)) {
                    connection.rollback();
                    return force ? latest : Optional.empty();
                }
                Checkpoint stored = AuditStore.insertCheckpoint(connection,
                        Checkpoint.sign(head.globalIndex(), head.chainHash(), now, keys));
                connection.commit();
                return Optional.of(stored);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
