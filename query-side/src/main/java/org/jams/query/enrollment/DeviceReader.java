package org.jams.query.enrollment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the devices read model. */
@Component
public class DeviceReader {

    /**
     * status is ACTIVE, EXPIRED (its newest certificate's validity ended; told at the moment of reading) or REVOKED;
     * namesOcsp whether that certificate names the OCSP responder, which peers need to learn of a revocation.
     */
    public record DeviceView(String username, String deviceId, String deviceSha1Id, String name, String serial,
                             String status, Instant issuedAt, Instant expiresAt, Instant revokedAt,
                             String revokeReason, boolean namesOcsp) {
    }

    private static final String COLUMNS = """
            username, device_id, device_sha1_id, name, serial, status, issued_at, expires_at, revoked_at, revoke_reason,
            names_ocsp""";

    /** Every status a device shows. */
    public static final List<String> STATUSES = List.of("ACTIVE", "EXPIRED", "REVOKED");

    private final JdbcTemplate jdbc;
    /** EXPIRED is no stored status: an active device becomes it when its certificate's validity ends. */
    private final Clock clock;

    public DeviceReader(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<DeviceView> devicesOf(String username) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE username = ? ORDER BY issued_at, device_id",
                this::map, username);
    }

    /** Every user's device with this id; normally one, but nothing stops two users enrolling the same key. */
    public List<DeviceView> byDeviceId(String deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE device_id = ?", this::map, deviceId);
    }

    /** How many active devices expire before {@code until}, counted up to {@code limit}. */
    public int countExpiringBefore(Instant until, int limit) {
        return jdbc.queryForObject("SELECT count(*) FROM (SELECT 1 FROM devices WHERE status = 'ACTIVE'"
                + " AND expires_at < ? LIMIT ?) soon", Integer.class, Timestamp.from(until), limit);
    }

    /**
     * Active devices whose certificate expires before {@code until} (already expired ones included), soonest first,
     * at most {@code limit}.
     */
    public List<DeviceView> expiringBefore(Instant until, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE status = 'ACTIVE' AND expires_at < ?"
                + " ORDER BY expires_at, username, device_id LIMIT ?", this::map,
                Timestamp.from(until), limit);
    }

    /**
     * Active devices, still valid, whose certificate names no OCSP responder (issued before the server had a public
     * URL), by user, at most {@code limit}: they must enroll again for peers to learn of their revocation.
     */
    public List<DeviceView> lackingOcsp(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM devices WHERE status = 'ACTIVE' AND NOT names_ocsp"
                + " AND expires_at > ? ORDER BY username, device_id LIMIT ?", this::map,
                Timestamp.from(clock.instant()), limit);
    }

    /** How many devices each status has (ACTIVE, EXPIRED, REVOKED): one grouped query. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT CASE WHEN status = 'ACTIVE' AND expires_at <= ? THEN 'EXPIRED' ELSE status END, count(*)"
                + " FROM devices GROUP BY 1", rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, Timestamp.from(clock.instant()));
        return counts;
    }

    private DeviceView map(ResultSet rs, int row) throws SQLException {
        Instant expiresAt = instant(rs, 8);
        String status = "ACTIVE".equals(rs.getString(6)) && !expiresAt.isAfter(clock.instant()) ? "EXPIRED"
                : rs.getString(6);
        return new DeviceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                status, instant(rs, 7), expiresAt, instant(rs, 9), rs.getString(10), rs.getBoolean(11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
