package org.jams.gateway.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The directory synchronisation's current or last run as every node sees it ({@code directory_sync_run}): who
 * started it, how far it got, and how it ended. What a run changed is in the events; this is only its progress.
 */
@Component
public class DirectorySyncRuns {

    /** How a run stands. */
    public enum State {
        /** Under way on a node, which holds the synchronisation's advisory lock. */
        RUNNING,
        /** Done: what it found was acted on. */
        FINISHED,
        /** It would have disabled too many people, and changed nothing: the settings are likely wrong. */
        HELD_BACK,
        /** The directory stopped answering; no one was disabled. */
        FAILED,
        /** Its node stopped during the run; the next run starts over. */
        INTERRUPTED
    }

    /** What a run did so far: directory entries read, people known here found among them, and the changes. */
    public static final class Counts {
        int scanned;
        int checked;
        int removed;
        int disabled;
        int enabled;
        int profilesUpdated;
        int devicesRevoked;
    }

    /** A run as an admin follows it; {@code finishedAt} is null while it runs. */
    public record Status(long run, State state, String startedBy, Instant startedAt, Instant finishedAt,
                         int scanned, int checked, int removed, int disabled, int enabled, int profilesUpdated,
                         int devicesRevoked, String message) {
    }

    private final JdbcTemplate jdbc;

    public DirectorySyncRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new run as running, under the synchronisation's lock; answers its number. */
    long begin(String startedBy, Instant now) {
        return jdbc.queryForObject("""
                INSERT INTO directory_sync_run (id, run_number, started_at, started_by, state)
                VALUES (1, 1, ?, ?, 'RUNNING')
                ON CONFLICT (id) DO UPDATE SET run_number = directory_sync_run.run_number + 1,
                    started_at = EXCLUDED.started_at, started_by = EXCLUDED.started_by, state = 'RUNNING',
                    scanned = 0, checked = 0, removed = 0, disabled = 0, enabled = 0, profiles_updated = 0,
                    devices_revoked = 0, message = NULL
                RETURNING run_number""", Long.class, Timestamp.from(now), startedBy);
    }

    void progress(Counts counts) {
        jdbc.update("UPDATE directory_sync_run SET " + COUNTS + " WHERE id = 1", countArguments(counts, List.of()));
    }

    void end(State state, Counts counts, String message, Instant now) {
        jdbc.update("UPDATE directory_sync_run SET state = ?, message = ?, finished_at = ?, " + COUNTS
                + " WHERE id = 1", countArguments(counts, List.of(state.name(), message == null ? "" : message,
                Timestamp.from(now))));
    }

    /** When the last run ended (whatever its outcome), or empty when none ever did. */
    Optional<Instant> lastFinished() {
        return jdbc.query("SELECT finished_at FROM directory_sync_run WHERE id = 1 AND finished_at IS NOT NULL",
                (rs, row) -> rs.getTimestamp(1).toInstant()).stream().findFirst();
    }

    /**
     * The current or last run. A run recorded as running whose lock no session holds any more lost its node midway:
     * it is shown as interrupted.
     */
    public Optional<Status> current() {
        return jdbc.query("""
                SELECT run_number, state, started_by, started_at, finished_at, scanned, checked, removed, disabled,
                       enabled, profiles_updated, devices_revoked, message,
                       EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
                               AND l.classid = ? AND l.objid = ? AND l.objsubid = 1
                               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
                FROM directory_sync_run WHERE id = 1 AND started_at IS NOT NULL""",
                DirectorySyncRuns::status, DirectorySync.LOCK_KEY >>> 32, DirectorySync.LOCK_KEY & 0xFFFF_FFFFL)
                .stream().findFirst();
    }

    private static final String COUNTS = "scanned = ?, checked = ?, removed = ?, disabled = ?, enabled = ?, "
            + "profiles_updated = ?, devices_revoked = ?";

    private static Object[] countArguments(Counts counts, List<Object> before) {
        List<Object> arguments = new java.util.ArrayList<>(before);
        arguments.addAll(List.of(counts.scanned, counts.checked, counts.removed, counts.disabled, counts.enabled,
                counts.profilesUpdated, counts.devicesRevoked));
        return arguments.toArray();
    }

    private static Status status(ResultSet rs, int row) throws SQLException {
        State state = State.valueOf(rs.getString(2));
        boolean locked = rs.getBoolean(14);
        if (state == State.RUNNING && !locked) {
            state = State.INTERRUPTED;
        }
        Timestamp finished = rs.getTimestamp(5);
        String message = rs.getString(13);
        return new Status(rs.getLong(1), state, rs.getString(3), rs.getTimestamp(4).toInstant(),
                state == State.RUNNING || state == State.INTERRUPTED || finished == null ? null : finished.toInstant(),
                rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                message == null || message.isEmpty() ? null : message);
    }
}
