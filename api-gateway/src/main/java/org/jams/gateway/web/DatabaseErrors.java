package org.jams.gateway.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * What a database error means for the caller, decided by PostgreSQL's SQL state and the connection, never by the
 * exception's Java type alone: only a database that cannot be reached, is shutting down or has no connection to
 * spare is "unavailable" (503); a transaction it ended in favour of concurrent ones is "busy" (503, try again). A
 * value it refuses (a NUL in text, a date or number out of range) is bad input that the edge should have caught: a
 * 400. Anything else is the server's fault: a 500, logged.
 */
final class DatabaseErrors {

    /** The code of the one refusal that means "try again later": the database cannot be reached. */
    static final String UNAVAILABLE = "database_unavailable";

    /**
     * A transaction PostgreSQL ended to let others go on, which succeeds when tried again: a deadlock broken
     * (40P01), a serialization failure (40001), a lock that did not come within lock_timeout (55P03).
     */
    static final Set<String> BUSY_STATES = Set.of("40P01", "40001", "55P03");

    static final String BUSY = "database_busy";

    private DatabaseErrors() {
    }

    /** The 503 of an unreachable database. */
    static ApiError unavailable() {
        return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE,
                "The database is unavailable; nothing was changed. Try again shortly.");
    }

    static ApiError translate(Throwable error) {
        String state = sqlState(error);
        if (unavailable(error, state)) {
            return unavailable();
        }
        if (BUSY_STATES.contains(state)) {
            return ApiError.unavailable(BUSY, "The database stopped this request to let concurrent work finish; "
                    + "nothing was changed. Try again.", 1);
        }
        if (state != null && state.startsWith("22")) {
            return ApiError.badRequest("invalid_value",
                    "A value in the request cannot be stored (out of range, or a character such as NUL that text "
                            + "may not hold); nothing was changed.");
        }
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The server failed to handle this request; nothing was changed.");
    }

    /**
     * Connection exceptions (class 08), shutdowns and recovery (57P01 to 57P03), no connection slot left (53300),
     * or the pool giving up waiting for a connection.
     */
    static boolean unavailable(Throwable error, String state) {
        if (state != null) {
            return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** A short description for the log: the SQL state, or the exception's type; never a value from a request. */
    static String describe(Throwable error) {
        String state = sqlState(error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return state != null ? "SQL state " + state : root.getClass().getSimpleName();
    }

    /** The SQL state of the innermost SQL exception that has one. */
    static String sqlState(Throwable error) {
        String state = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return state;
    }
}
