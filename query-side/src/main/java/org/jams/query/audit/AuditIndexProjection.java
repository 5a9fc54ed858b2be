package org.jams.query.audit;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
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

    private final JdbcTemplate jdbc;

    public AuditIndexProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        Object actor = message.getMetaData().get("actor");
        // The event's own global index comes from the store, in the same statement: a tracking token's position is
        // the highest index seen, which for an event that fills a gap (committed after a later one) is another's.
        jdbc.update("""
                INSERT INTO audit_index (globalindex, time, type, actor, username, device_id)
                SELECT globalindex, ?, ?, ?, ?, ? FROM domainevententry WHERE eventidentifier = ?
                ON CONFLICT (globalindex) DO UPDATE SET time = EXCLUDED.time, type = EXCLUDED.type,
                  actor = EXCLUDED.actor, username = EXCLUDED.username, device_id = EXCLUDED.device_id""",
                Timestamp.from(message.getTimestamp()),
                truncate(typeName(message.getPayloadType().getName()), MAX_TYPE),
                actor == null ? null : truncate(actor.toString(), MAX_ACTOR), subjects.username(),
                subjects.deviceId(), message.getIdentifier());
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
