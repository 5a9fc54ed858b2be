package org.jams.query.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lifts the pool's statement and socket timeouts (a request waits a few seconds at most) on one connection, for work
 * that reads or rewrites the whole history: verification, export, rebuilds. Closing it (before the connection goes back
 * to the pool) restores the connection's default.
 */
public final class Unbounded implements AutoCloseable {

    private final Connection connection;

    private Unbounded(Connection connection) {
        this.connection = connection;
    }

    public static Unbounded of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = 0");
        }
        // Nor a socket timeout: building an index over the history can keep the server silent for a while. The pool
        // restores the connection's network timeout when it takes the connection back.
        connection.setNetworkTimeout(Runnable::run, 0);
        return new Unbounded(connection);
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.rollback();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET statement_timeout");
            }
        }
    }
}
