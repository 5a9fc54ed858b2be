package org.jams.query.audit;

import java.sql.Timestamp;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.jams.api.audit.AuditMetaData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit index: one row per stored event, whatever its type, keyed by its global index, with its time, type, actor
 * and the user and device it concerns. Audit trails and the audit feed filter here and read the events themselves
 * from the event store. Rebuilt like any read model by resetting this processor.
 */
@Component
@ProcessingGroup(AuditIndexProjection.NAME)
public class AuditIndexProjection {

    public static final String NAME = "audit-index";
    static final int MAX_TYPE = 128;
    static final int MAX_ACTOR = 255;

    private static final String UPSERT = """
            INSERT INTO audit_index (globalindex, time, type, actor, username, device_id) %s
            ON CONFLICT (globalindex) DO UPDATE SET time = EXCLUDED.time, type = EXCLUDED.type,
              actor = EXCLUDED.actor, username = EXCLUDED.username, device_id = EXCLUDED.device_id""";
    // Live, the event's own global index comes from the store, in the same statement: a tracking token's position
    // is the highest index seen, which for an event that fills a gap (committed after a later one) is another's.
    private static final String LIVE = UPSERT.formatted(
            "SELECT globalindex, ?, ?, ?, ?, ? FROM domainevententry WHERE eventidentifier = ?");
    // A replay applies each event once, into an empty table: a plain insert, which can be sent many rows at a time.
    private static final String REPLAY = """
            INSERT INTO audit_index (globalindex, time, type, actor, username, device_id) VALUES (?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final boolean exactPositions;

    @Autowired
    public AuditIndexProjection(JdbcTemplate jdbc) {
        this(jdbc, false);
    }

    private AuditIndexProjection(JdbcTemplate jdbc, boolean exactPositions) {
        this.jdbc = jdbc;
        this.exactPositions = exactPositions;
    }

    /**
     * For a replay that gives each event a token positioned exactly at its own global index (the rebuild does): the
     * index is then taken from the token, sparing a lookup in the event store per event.
     */
    public static AuditIndexProjection forReplay(JdbcTemplate jdbc) {
        return new AuditIndexProjection(jdbc, true);
    }

    /** Every event: the payload is of any type. */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        String aggregateType = null;
        String aggregateId = null;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
        }
        AuditSubjects.Subjects subjects = AuditSubjects.of(payload, aggregateType, aggregateId);
        Object actor = message.getMetaData().get(AuditMetaData.ACTOR);
        // As the store keeps it (milliseconds): the live message carries the clock's full precision, a replay not.
        Timestamp time = Timestamp.from(
                DateTimeUtils.parseInstant(DateTimeUtils.formatInstant(message.getTimestamp())));
        String type = truncate(typeName(message.getPayloadType().getName()), MAX_TYPE);
        String actorName = actor == null ? null : truncate(actor.toString(), MAX_ACTOR);
        if (exactPositions) {
            long globalIndex = ((TrackedEventMessage<?>) message).trackingToken().position().orElseThrow();
            jdbc.update(REPLAY, globalIndex, time, type, actorName, subjects.username(), subjects.deviceId());
        } else {
            jdbc.update(LIVE, time, type, actorName, subjects.username(), subjects.deviceId(),
                    message.getIdentifier());
        }
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
