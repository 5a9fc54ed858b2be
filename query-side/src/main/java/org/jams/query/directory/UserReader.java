package org.jams.query.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the users read model. */
@Component
public class UserReader {

    public record UserView(String username, String displayName, String source, String jamiId,
                           String accountCertificatePem, String accountSerial, Instant certificateNotAfter,
                           String status, Instant registeredAt, Instant revokedAt) {
    }

    public record UserPage(List<UserView> users, long total, int page, int size) {
    }

    private static final String COLUMNS = """
            username, display_name, source, jami_id, account_certificate_pem, account_serial,
            certificate_not_after, status, registered_at, revoked_at""";

    /**
     * A user whose username or display name contains the pattern's text, case-insensitively (usernames are stored
     * lower-case): the two parameters are the same {@code %text%} pattern. The trigram indexes of migration V7 serve
     * exactly these two expressions.
     */
    static final String MATCHES = "(username LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\')";

    /** Every status {@link UserDirectoryProjection} writes. */
    public static final List<String> STATUSES = List.of("ACTIVE", "REVOKED");

    private final JdbcTemplate jdbc;

    public UserReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserView> find(String username) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE username = ?", UserReader::map, username)
                .stream().findFirst();
    }

    /** A page of users whose username or display name contains the filter (case-insensitive), by username. */
    public UserPage page(String filter, int page, int size) {
        String pattern = "%" + escapeLike(filter == null ? "" : filter.toLowerCase()) + "%";
        String where = " FROM users WHERE " + MATCHES;
        Long total = jdbc.queryForObject("SELECT count(*)" + where, Long.class, pattern, pattern);
        List<UserView> users = jdbc.query("SELECT " + COLUMNS + where + " ORDER BY username LIMIT ? OFFSET ?",
                UserReader::map, pattern, pattern, size, (long) page * size);
        return new UserPage(users, total == null ? 0 : total, page, size);
    }

    public Optional<UserView> findByJamiId(String jamiId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE jami_id = ?", UserReader::map, jamiId)
                .stream().findFirst();
    }

    /** Active users whose username or display name contains the query, for the device directory search. */
    public UserPage searchActive(String query, int page, int size) {
        String pattern = "%" + escapeLike(query == null ? "" : query.toLowerCase()) + "%";
        String where = " FROM users WHERE status = 'ACTIVE' AND " + MATCHES;
        Long total = jdbc.queryForObject("SELECT count(*)" + where, Long.class, pattern, pattern);
        List<UserView> users = jdbc.query("SELECT " + COLUMNS + where + " ORDER BY username LIMIT ? OFFSET ?",
                UserReader::map, pattern, pattern, size, (long) page * size);
        return new UserPage(users, total == null ? 0 : total, page, size);
    }

    /** How many users each status has (ACTIVE, REVOKED): one grouped query. */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT status, count(*) FROM users GROUP BY status", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static UserView map(ResultSet rs, int row) throws SQLException {
        return new UserView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), instant(rs, 7), rs.getString(8), instant(rs, 9), instant(rs, 10));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
