package org.jams.query.audit.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;
import org.jams.query.eventstore.StoredEventReader;

/**
 * Plain JDBC on the event store and the integrity tables ({@code db/migrations/V5__audit_integrity.sql}), shared by
 * the server, the chainer and the command line (which has no Spring). Nothing here writes {@code domainevententry}.
 */
public final class AuditStore {

    private static final int FETCH_SIZE = 500;

    private AuditStore() {
    }

    /** A SQL failure while streaming rows. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public record ChainHead(long globalIndex, byte[] chainHash) {
        static final ChainHead EMPTY = new ChainHead(0L, Canonical.genesis());
    }

    /**
     * Verifies the whole store in one consistent snapshot (a read-only repeatable-read transaction), so the chainer
     * and appends running meanwhile do not disturb it.
     */
    public static VerificationReport verify(Connection connection, java.security.PublicKey key) throws SQLException {
        return inSnapshot(connection, () -> {
            List<Checkpoint> checkpoints = checkpoints(connection);
            long chainHead = chainHead(connection).globalIndex();
            try (Entries entries = entries(connection)) {
                return IntegrityVerifier.verify(entries, chainHead, checkpoints, key);
            }
        });
    }

    public interface SnapshotWork<T> {
        T run() throws SQLException;
    }

    public static <T> T inSnapshot(Connection connection, SnapshotWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            return work.run();
        } catch (StoreException e) {
            throw (SQLException) e.getCause();
        } finally {
            connection.rollback();
            connection.setReadOnly(false);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    public static ChainHead chainHead(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT globalindex, chain_hash FROM audit_chain ORDER BY globalindex DESC LIMIT 1");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? new ChainHead(row.getLong(1), row.getBytes(2)) : ChainHead.EMPTY;
        }
    }

    /**
     * How far the chain follows the store, for monitoring: the highest global index stored, the highest chained and
     * when the latest checkpoint was signed (null before the first).
     */
    public record ChainProgress(long storeHead, long chainHead, Instant lastCheckpointAt) {
    }

    /** One statement, three index lookups: cheap enough for every scrape. */
    public static ChainProgress progress(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT (SELECT max(globalindex) FROM domainevententry), (SELECT max(globalindex) FROM audit_chain),
                       (SELECT created_at FROM audit_checkpoint ORDER BY sequence DESC LIMIT 1)""");
             ResultSet row = statement.executeQuery()) {
            row.next();
            OffsetDateTime checkpoint = row.getObject(3, OffsetDateTime.class);
            return new ChainProgress(row.getLong(1), row.getLong(2), checkpoint == null ? null : checkpoint.toInstant());
        }
    }

    public static List<Checkpoint> checkpoints(Connection connection) throws SQLException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sequence, chain_hash, created_at, signature FROM audit_checkpoint ORDER BY sequence");
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                checkpoints.add(checkpoint(row));
            }
        }
        return checkpoints;
    }

    public static Optional<Checkpoint> latestCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT sequence, chain_hash, created_at, "
                + "signature FROM audit_checkpoint ORDER BY sequence DESC LIMIT 1");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(checkpoint(row)) : Optional.empty();
        }
    }

    private static Checkpoint checkpoint(ResultSet row) throws SQLException {
        return new Checkpoint(row.getLong(1), row.getBytes(2), row.getObject(3, OffsetDateTime.class).toInstant(),
                row.getBytes(4));
    }

    /** Stores a checkpoint unless one exists at that sequence already; returns the stored one. */
    static Checkpoint insertCheckpoint(Connection connection, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO audit_checkpoint (sequence, "
                + "chain_hash, created_at, signature) VALUES (?, ?, ?, ?) ON CONFLICT (sequence) DO NOTHING")) {
            statement.setLong(1, checkpoint.sequence());
            statement.setBytes(2, checkpoint.chainHash());
            statement.setObject(3, OffsetDateTime.ofInstant(checkpoint.createdAt(), ZoneOffset.UTC));
            statement.setBytes(4, checkpoint.signature());
            if (statement.executeUpdate() == 1) {
                return checkpoint;
            }
        }
        return latestCheckpoint(connection).orElseThrow();
    }

    static void insertLinks(Connection connection, List<ChainLink> links) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO audit_chain (globalindex, event_hash, chain_hash) VALUES (?, ?, ?)")) {
            for (ChainLink link : links) {
                statement.setLong(1, link.globalIndex());
                statement.setBytes(2, link.eventHash());
                statement.setBytes(3, link.chainHash());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Up to {@code limit} committed events after {@code afterIndex}, in global order. */
    static List<StoredEvent> eventsAfter(Connection connection, long afterIndex, int limit) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                StoredEventReader.SELECT + " WHERE globalindex > ? ORDER BY globalindex LIMIT ?")) {
            statement.setLong(1, afterIndex);
            statement.setInt(2, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    events.add(StoredEventReader.row(row, 1));
                }
            }
        }
        return events;
    }

    /**
     * Every global index holding an event or a chain link, in order: a merge of two cursors over
     * {@code domainevententry} and {@code audit_chain} (the connection must be in a transaction for cursors).
     */
    public static Entries entries(Connection connection) throws SQLException {
        return new Entries(connection);
    }

    /** A streaming merge of events and chain links. */
    public static final class Entries implements Iterator<IntegrityVerifier.Entry>, AutoCloseable {
        private final PreparedStatement eventStatement;
        private final PreparedStatement chainStatement;
        private final ResultSet events;
        private final ResultSet links;
        private StoredEvent nextEvent;
        private ChainLink nextLink;

        private Entries(Connection connection) throws SQLException {
            eventStatement = connection.prepareStatement(StoredEventReader.SELECT + " ORDER BY globalindex");
            eventStatement.setFetchSize(FETCH_SIZE);
            chainStatement = connection.prepareStatement(
                    "SELECT globalindex, event_hash, chain_hash FROM audit_chain ORDER BY globalindex");
            chainStatement.setFetchSize(FETCH_SIZE * 4);
            events = eventStatement.executeQuery();
            links = chainStatement.executeQuery();
            advanceEvent();
            advanceLink();
        }

        private void advanceEvent() throws SQLException {
            nextEvent = events.next() ? StoredEventReader.row(events, 1) : null;
        }

        private void advanceLink() throws SQLException {
            nextLink = links.next() ? new ChainLink(links.getLong(1), links.getBytes(2), links.getBytes(3)) : null;
        }

        @Override
        public boolean hasNext() {
            return nextEvent != null || nextLink != null;
        }

        @Override
        public IntegrityVerifier.Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                long index = Math.min(nextEvent == null ? Long.MAX_VALUE : nextEvent.globalIndex(),
                        nextLink == null ? Long.MAX_VALUE : nextLink.globalIndex());
                StoredEvent event = null;
                ChainLink link = null;
                if (nextEvent != null && nextEvent.globalIndex() == index) {
                    event = nextEvent;
                    advanceEvent();
                }
                if (nextLink != null && nextLink.globalIndex() == index) {
                    link = nextLink;
                    advanceLink();
                }
                return new IntegrityVerifier.Entry(index, event, link);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public void close() throws SQLException {
            try (eventStatement; chainStatement) {
                events.close();
                links.close();
            }
        }
    }
}
