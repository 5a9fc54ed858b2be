package org.jams.query.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.jams.api.audit.AuditMetaData;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit index: one row per stored event, whatever its type, keyed by its global index, with its time, type, actor
 * and the user and device it concerns. Audit trails and the audit feed filter here and read the events themselves
 * from the event store.
 *
 * <p>It is an index of the store itself, so the statement that stores an event writes its row too
 * ({@link #INSERT_FOR_STORED_EVENT}): one statement and one round trip to PostgreSQL instead of two, and the row has
 * the event's own global index with no lookup. This projection writes it in a replay, as a rebuild does; both take the
 * row's values from {@link Entry#of}.
 */
@ProcessingGroup(AuditIndexProjection.NAME)
public class AuditIndexProjection {

    public static final String NAME = "audit-index";
    static final int MAX_TYPE = 128;
    static final int MAX_ACTOR = 255;

    /**
     * The row of an event being stored, for the statement that stores it: selects from {@code stored_event}, a
     * common table expression returning the stored row's {@code globalindex} and {@code timestamp} (the time as the
     * store keeps it, to the millisecond), and takes the {@link Entry}'s four values as parameters
     * ({@link Entry#bind}).
     */
    public static final String INSERT_FOR_STORED_EVENT = """
            INSERT INTO audit_index (globalindex, time, type, actor, username, device_id)
            SELECT stored_event.globalindex, CAST(stored_event.timestamp AS timestamptz), ?, ?, ?, ?
            FROM stored_event""";

    // A replay applies each event once, into an empty table, at the global index its token gives.
    private static final String REPLAY = """
            INSERT INTO audit_index (globalindex, time, type, actor, username, device_id) VALUES (?, ?, ?, ?, ?, ?)""";

    /** What the index says of an event besides its global index and time. */
    public record Entry(String type, String actor, String username, String deviceId) {

        public static Entry of(EventMessage<?> message) {
            String aggregateType = null;
            String aggregateId = null;
            if (message instanceof DomainEventMessage<?> domain) {
                aggregateType = domain.getType();
                aggregateId = domain.getAggregateIdentifier();
            }
            AuditSubjects.Subjects subjects = AuditSubjects.of(message.getPayload(), aggregateType, aggregateId);
            Object actor = message.getMetaData().get(AuditMetaData.ACTOR);
            return new Entry(truncate(typeName(message.getPayloadType().getName()), MAX_TYPE),
                    actor == null ? null : truncate(actor.toString(), MAX_ACTOR), subjects.username(),
                    subjects.deviceId());
        }

        /** Sets the four values as the parameters from {@code first} on. */
        public void bind(PreparedStatement statement, int first) throws SQLException {
            statement.setString(first, type);
            statement.setString(first + 1, actor);
            statement.setString(first + 2, username);
            statement.setString(first + 3, deviceId);
        }
    }

    private final JdbcTemplate jdbc;

    private AuditIndexProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** For a replay that gives each event a token positioned exactly at its own global index (the rebuild does). */
    public static AuditIndexProjection forReplay(JdbcTemplate jdbc) {
        return new AuditIndexProjection(jdbc);
    }

    /** Every event: the payload is of any type. */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        Entry entry = Entry.of(message);
        long globalIndex = ((TrackedEventMessage<?>) message).trackingToken().position().orElseThrow();
        // As the store keeps it (to the millisecond), as in the row written with the event.
        Timestamp time = Timestamp.from(message.getTimestamp().truncatedTo(ChronoUnit.MILLIS));
        jdbc.update(REPLAY, globalIndex, time, entry.type(), entry.actor(),
                entry.username(), entry.deviceId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_index");
    }

    /** The simple name of an event type: {@code org.jams.api.user.UserEvents$UserRevokedEvent} → UserRevokedEvent. */
    public static String typeName(String payloadType) {
        if (payloadType == null) {
            return "";
        }
        int cut = Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$'));
        return payloadType.substring(cut + 1);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
