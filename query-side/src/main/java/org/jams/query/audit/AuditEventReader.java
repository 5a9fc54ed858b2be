package org.jams.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jams.api.stored.StoredTypes;
import org.jams.command.audit.StoredEvent;
import org.jams.query.eventstore.StoredEventReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads stored events for audits: found through the audit index (by actor, type, user, device, time), or straight
 * from the event store (one aggregate's stream, or given global indexes). Returns the stored rows as they are
 * ({@link StoredEventReader} turns them into events).
 */
@Component
public class AuditEventReader {

    /** What to select; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record AuditFilter(String actor, String type, String username, String deviceId, Instant from,
                              Instant to) {
        public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

        public static AuditFilter user(String username) {
            return new AuditFilter(null, null, username, null, null, null);
        }

        public static AuditFilter device(String deviceId) {
            return new AuditFilter(null, null, null, deviceId, null, null);
        }
    }

    private static final String EVENT_COLUMNS = StoredEventReader.columns("d");

    private final JdbcTemplate jdbc;

    public AuditEventReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest global index the audit index holds, or -1 when it is empty. */
    public long lastIndexed() {
        Long last = jdbc.queryForObject("SELECT max(globalindex) FROM audit_index", Long.class);
        return last == null ? -1 : last;
    }

    /**
     * Matching events with a global index in {@code (after, upTo]}, oldest first, at most {@code limit}: call again
     * with the last index returned to read on (keyset paging, cheap at any depth).
     */
    public List<StoredEvent> matching(AuditFilter filter, long after, long upTo, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(EVENT_COLUMNS)
                .append(" FROM audit_index a JOIN domainevententry d ON d.globalindex = a.globalindex")
                .append(" WHERE a.globalindex > ? AND a.globalindex <= ?");
        args.add(after);
        args.add(upTo);
        where(filter, sql, args);
        sql.append(" ORDER BY a.globalindex LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), AuditEventReader::map, args.toArray());
    }

    /** One page of matching events in global order (oldest first, or newest first when descending). */
    public List<StoredEvent> page(AuditFilter filter, long offset, int limit, boolean descending) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(EVENT_COLUMNS)
                .append(" FROM audit_index a JOIN domainevententry d ON d.globalindex = a.globalindex WHERE TRUE");
        where(filter, sql, args);
        sql.append(" ORDER BY a.globalindex").append(descending ? " DESC" : "").append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), AuditEventReader::map, args.toArray());
    }

    /** Whether the audit index holds any event about this user or device (null: not filtered). */
    public boolean anyAbout(String username, String deviceId) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT EXISTS (SELECT 1 FROM audit_index a WHERE TRUE");
        where(new AuditFilter(null, null, username, deviceId, null, null), sql, args);
        sql.append(")");
        return Boolean.TRUE.equals(jdbc.queryForObject(sql.toString(), Boolean.class, args.toArray()));
    }

    /**
     * One aggregate's events of the given types straight from the event store, in the aggregate's order, whatever
     * name each was stored under ({@link StoredTypes}); the others (syncs, say) are not even read.
     */
    public List<StoredEvent> aggregateStream(String aggregateIdentifier, Collection<Class<?>> eventTypes) {
        Set<String> payloadTypes = new TreeSet<>();
        eventTypes.forEach(type -> payloadTypes.addAll(StoredTypes.storedNames(type)));
        return jdbc.query("SELECT " + EVENT_COLUMNS + " FROM domainevententry d WHERE d.aggregateidentifier = ?"
                        + " AND d.payloadtype = ANY (?) ORDER BY d.sequencenumber",
                ps -> {
                    ps.setString(1, aggregateIdentifier);
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar", payloadTypes.toArray()));
                }, AuditEventReader::map);
    }

    /** The people registered at or before {@code upTo}, by username, a page of them ({@code limit} from offset). */
    public List<String> usernamesRegisteredBy(Instant upTo, long offset, int limit) {
        return jdbc.queryForList("""
                SELECT username FROM audit_index WHERE type = 'UserRegisteredEvent' AND time <= ?
                  AND username IS NOT NULL
                GROUP BY username ORDER BY username OFFSET ? LIMIT ?""", String.class, Timestamp.from(upTo), offset,
                limit);
    }

    /** Global indexes of the indexed events of one type with a time at or before {@code upTo}, in global order. */
    public List<Long> indexesOfType(String type, Instant upTo) {
        return jdbc.queryForList("SELECT globalindex FROM audit_index WHERE type = ? AND time <= ? ORDER BY globalindex",
                Long.class, type, Timestamp.from(upTo));
    }

    /** The events at these global indexes, straight from the event store, in global order. */
    public List<StoredEvent> byGlobalIndex(Collection<Long> indexes) {
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<StoredEvent> events = new ArrayList<>();
        List<Long> all = List.copyOf(indexes);
        for (int start = 0; start < all.size(); start += 1000) {
            List<Long> chunk = all.subList(start, Math.min(all.size(), start + 1000));
            events.addAll(jdbc.query("SELECT " + EVENT_COLUMNS + " FROM domainevententry d"
                            + " WHERE d.globalindex = ANY (?) ORDER BY d.globalindex",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", chunk.toArray())),
                    AuditEventReader::map));
        }
        return events;
    }

    private static void where(AuditFilter filter, StringBuilder sql, List<Object> args) {
        if (filter.actor() != null) {
            sql.append(" AND a.actor = ?");
            args.add(filter.actor());
        }
        if (filter.type() != null) {
            sql.append(" AND a.type = ?");
            args.add(filter.type());
        }
        if (filter.username() != null) {
            sql.append(" AND a.username = ?");
            args.add(filter.username());
        }
        if (filter.deviceId() != null) {
            sql.append(" AND a.device_id = ?");
            args.add(filter.deviceId());
        }
        if (filter.from() != null) {
            sql.append(" AND a.time >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND a.time < ?");
            args.add(Timestamp.from(filter.to()));
        }
    }

    private static StoredEvent map(ResultSet rs, int row) throws SQLException {
        return StoredEventReader.row(rs, 1);
    }
}
