package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jams.query.readmodel.ReadModels.ReadModel;

/**
 * The tables a rebuild writes: copies of the live read model tables in a schema of their own, with only the keys the
 * projections' upserts need while they fill; then the live tables' other indexes; then, in the switch's transaction,
 * exchanged with the live tables. All DDL goes through the rebuild's connection; index builds also use the reader's.
 */
final class ShadowTables {

    private final Connection connection;
    private final Connection helper;
    private final String schema;
    private final List<ReadModel> models;

    /**
     * @param connection the rebuild's connection (transactions are committed by these methods, except in
     *                   {@link #swapIn})
     * @param helper     a second connection, idle while indexes are built
     */
    ShadowTables(Connection connection, Connection helper, String schema, List<ReadModel> models) {
        this.connection = connection;
        this.helper = helper;
        this.schema = schema;
        this.models = models;
    }

    /** PostgreSQL's lock_not_available: lock_timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private boolean holdsLiveLocks;

    String schema() {
        return schema;
    }

    /**
     * Creates the shadow tables, unlogged and with only their keys, and points the connection's unqualified SQL at
     * them ({@code search_path} = shadow, public): the projections' own SQL then writes the shadow tables.
     */
    void create() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
            for (String table : tables()) {
                // Unlogged, and only the keys the projections' upserts need: the other indexes are built once
                // at the end (see prepareSwitch), which costs far less than maintaining them row by row. A crash
                // loses nothing but this rebuild.
                statement.execute("CREATE UNLOGGED TABLE " + schema + "." + table + " (LIKE public." + table
                        + " INCLUDING ALL EXCLUDING INDEXES)");
                statement.execute("ALTER TABLE " + schema + "." + table + " "
                        + String.join(", ", keyConstraints(table)));
                // LIKE copies columns, not the table's storage parameters (such as toast_tuple_target, V19).
                String parameters = storageParameters(table);
                if (parameters != null) {
                    statement.execute("ALTER TABLE " + schema + "." + table + " SET (" + parameters + ")");
                }
            }
            // Session-wide: the projections' unqualified SQL writes the shadow tables.
            statement.execute("SET search_path TO " + schema + ", public");
        }
        connection.commit();
    }

    /**
     * While the live processors still run: the shadow tables become durable tables with the live ones' indexes and
     * fresh statistics, vacuumed, so that the switch only has to exchange them. The indexes are built two at a time,
     * one on each connection.
     */
    void prepareSwitch() throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables()) {
                statement.execute("ALTER TABLE " + schema + "." + table + " SET LOGGED");
                indexes.addAll(plainIndexes(table));
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
                build(helper, theirs);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not index the rebuilt tables", e);
            }
        });
        try {
            build(connection, mine);
        } finally {
            other.join();
        }
        connection.commit();
        // VACUUM as well as ANALYZE: it marks the rebuilt rows visible to all, without which an index-only scan
        // reads the table for every row it returns, so PostgreSQL planned the admin's short searches (users_search)
        // as a scan and sort of the whole table until autovacuum came by: three to ten times slower at 100,000
        // people (ScaleBenchmark). VACUUM runs outside a transaction.
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String table : tables()) {
                statement.execute("VACUUM (ANALYZE) " + schema + "." + table);
            }
        } finally {
            connection.setAutoCommit(false);
        }
    }

    /**
     * In the caller's transaction (not committed here): the shadow tables take the live ones' place, indexes and
     * constraints (same names) with them, and the live ones move to {@code replaced}. A reader waiting for the lock
     * then finds the new table under the same name.
     */
    void swapIn(String replaced) throws SQLException {
        if (!holdsLiveLocks) {
            throw new IllegalStateException("Take the live tables' locks first (tryLockLive)");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + replaced);
            for (String table : tables()) {
                statement.execute("ALTER TABLE public." + table + " SET SCHEMA " + replaced);
                statement.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA public");
            }
        }
    }

    /**
     * In a new transaction of the caller's (left open on success): every live table's exclusive lock, in one
     * statement, waiting at most {@code wait}. The tables are then exchanged without waiting again.
     * <p>
     * Waiting longer could deadlock. A request reading several of these tables in one statement or transaction holds
     * the locks of those it has read while it waits for the others; an append holds what it read and waits for the
     * switch lock this rebuild holds. Locked table by table, without a bound, PostgreSQL would break such a cycle after
     * its deadlock_timeout (1 s) by failing one side: a person's request or this rebuild. Past {@code wait} (shorter),
     * the locks taken are given back (the transaction rolls back), the others finish, and the caller tries again.
     *
     * @return false when the wait ran out; nothing is then held
     */
    boolean tryLockLive(Duration wait) throws SQLException {
        String lock = "LOCK TABLE " + tables().stream().map(table -> "public." + table)
                .collect(Collectors.joining(", ")) + " IN ACCESS EXCLUSIVE MODE";
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = " + Math.max(1, wait.toMillis()));
            statement.execute(lock);
            statement.execute("SET LOCAL lock_timeout TO DEFAULT");
            holdsLiveLocks = true;
            return true;
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback();
            return false;
        }
    }

    /** Drops a schema this rebuild made (the shadow, or the replaced tables), after rolling back what is open. */
    void drop(String name) {
        try (Statement statement = connection.createStatement()) {
            connection.rollback();
            holdsLiveLocks = false;
            statement.execute("RESET search_path");
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the shadow schema " + name, e);
        }
    }

    private List<String> tables() {
        return models.stream().flatMap(model -> model.tables().stream()).toList();
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

    /** The live table's storage parameters ({@code name=value, …}), or null when it has none. */
    private String storageParameters(String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = ?::regclass")) {
            query.setString(1, "public." + table);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** The live table's other indexes (not backing a constraint), as CREATE INDEX statements on the shadow table. */
    private List<String> plainIndexes(String table) throws SQLException {
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

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
