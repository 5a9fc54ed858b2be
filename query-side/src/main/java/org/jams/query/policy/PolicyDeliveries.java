package org.jams.query.policy;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which devices received which version of a blueprint, read from the stored {@code PolicyDeliveredEvent}s themselves
 * (newest first, through the audit index's type column), not from a read model: what a device was given is history.
 */
@Component
public class PolicyDeliveries {

    /** A device received {@code version} of the blueprint, at enrollment or when it asked (via). */
    public record Delivery(long sequence, String username, String deviceId, int version, String via,
                           Instant deliveredAt) {
    }

    private final JdbcTemplate jdbc;

    public PolicyDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest deliveries that carried this blueprint, at most {@code limit}. */
    public List<Delivery> latestOf(String blueprint, int limit) {
        return jdbc.query("""
                SELECT i.globalindex, e.event ->> 'username', e.event ->> 'deviceId',
                       (e.event -> 'versions' ->> ?)::int, e.event ->> 'via', i.time
                FROM audit_index i
                JOIN LATERAL (SELECT convert_from(d.payload, 'UTF8')::jsonb AS event FROM domainevententry d
                              WHERE d.globalindex = i.globalindex) e ON true
                WHERE i.type = 'PolicyDeliveredEvent' AND e.event -> 'versions' ->> ? IS NOT NULL
                ORDER BY i.globalindex DESC LIMIT ?""", (rs, row) -> new Delivery(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant()),
                blueprint, blueprint, limit);
    }
}
