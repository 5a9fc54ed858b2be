package org.jams.query.enrollment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the devices read model. */
@Component
public class DeviceReader {

    public record DeviceView(String username, String deviceId, String deviceSha1Id, String name, String serial,
                             String status, Instant issuedAt, Instant expiresAt, Instant revokedAt,
                             String revokeReason) {
    }

    private static final String COLUMNS = """
            username, device_id, device_sha1_id, name, serial, status, issued_at, expires_at, revoked_at, revoke_reason""";

    /** Every status {@link DeviceProjection} writes. */
    public static final List<String> STATUSES = List.of("ACTIVE", "REVOKED");

    private final JdbcTemplate jdbc;

    public DeviceReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<DeviceView> devicesOf(String username) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE username = ? ORDER BY issued_at, device_id",
                DeviceReader::map, username);
    }

    /** Every user's device with this id; normally one, but nothing stops two users enrolling the same key. */
    public List<DeviceView> byDeviceId(String deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE device_id = ?", DeviceReader::map, deviceId);
    }

    /**
     * Active devices whose certificate expires before {@code until} (already expired ones included), soonest first,
     * at most {@code limit}.
     */
    public List<DeviceView> expiringBefore(Instant until, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE status = 'ACTIVE' AND expires_at < ?"
                + " ORDER BY expires_at, username, device_id LIMIT ?", DeviceReader::map,
                java.sql.Timestamp.from(until), limit);
    }

    /** How many devices each status has (ACTIVE, REVOKED): one grouped query. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT status, count(*) FROM devices GROUP BY status", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    private static DeviceView map(ResultSet rs, int row) throws SQLException {
        return new DeviceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9), rs.getString(10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
