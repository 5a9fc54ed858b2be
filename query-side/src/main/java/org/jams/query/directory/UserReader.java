package org.jams.query.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * A page of users and how many match: exactly, or when {@code totalExact} is false at least {@code total} (a text
     * of one or two characters is counted up to {@link #SHORT_TEXT_COUNT_LIMIT} matches).
     */
    public record UserPage(List<UserView> users, long total, int page, int size, boolean totalExact) {

        UserPage(List<UserView> users, long total, int page, int size) {
            this(users, total, page, size, true);
        }
    }

    /**
     * Matches of a one- or two-character text counted at most: counting every "a" among 100,000 people took longer
     * than the 50 ms a search may take, and no one reads such a count to the unit.
     */
    public static final int SHORT_TEXT_COUNT_LIMIT = 1000;

    private static final String COLUMNS = """
            username, display_name, source, jami_id, account_certificate_pem, account_serial,
            certificate_not_after, status, registered_at, revoked_at""";

    /**
     * A user whose username or display name contains the pattern's text, case-insensitively (usernames are stored
     * lower-case): the two parameters are the same {@code %text%} pattern. The trigram indexes of migration V7 serve
     * exactly these two expressions.
     */
    static final String MATCHES = "(username LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\')";

    /** What a text of one or two characters matches (migration V8); the parameter is a {@code %text%} pattern. */
    static final String SHORT_TEXT_MATCHES = "search_text LIKE ? ESCAPE '\\'";

    /** Every status {@link UserDirectoryProjection} writes. */
    public static final List<String> STATUSES = List.of("ACTIVE", "DISABLED", "REVOKED");

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
        return search(null, filter, page, size);
    }

    public Optional<UserView> findByJamiId(String jamiId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE jami_id = ?", UserReader::map, jamiId)
                .stream().findFirst();
    }

    /** The active users among these usernames, by username: one query. */
    public Map<String, UserView> activeByUsernames(List<String> usernames) {
        return byUsernames("status = 'ACTIVE' AND ", usernames);
    }

    /** The users among these usernames, whatever their status, by username: one query. */
    public Map<String, UserView> byUsernames(List<String> usernames) {
        return byUsernames("", usernames);
    }

    private Map<String, UserView> byUsernames(String condition, List<String> usernames) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        Map<String, UserView> found = new TreeMap<>();
        jdbc.query("SELECT " + COLUMNS + " FROM users WHERE " + condition + "username = ANY (?)",
                (rs, row) -> map(rs, row), (Object) usernames.toArray(String[]::new))
                .forEach(user -> found.put(user.username(), user));
        return found;
    }

    /** Active users whose username or display name contains the query, for the device directory search. */
    public UserPage searchActive(String query, int page, int size) {
        return search("status = 'ACTIVE'", query, page, size);
    }

    /**
     * A page in username order, and how many users match. Texts of three or more characters are found through the
     * trigram indexes (migration V7); shorter ones, and no text, through {@code users_search} (V8).
     */
    private UserPage search(String condition, String text, int page, int size) {
        String lowerCase = text == null ? "" : text.toLowerCase();
        if (lowerCase.length() < 3) {
            return shortTextSearch(condition, lowerCase, page, size);
        }
        String pattern = "%" + escapeLike(lowerCase) + "%";
        String where = " FROM users WHERE " + (condition == null ? "" : condition + " AND ") + MATCHES;
        return pageWithTotal(where, new Object[] {pattern, pattern}, page, size);
    }

    /**
     * No text, or one or two characters: they match many users, spread along the username order, or none at all.
     * The query reads only the narrow index {@code users_search}, which holds every column it reads, in username
     * order. With a text, one scan yields both the page and the count: it collects the matching usernames up to the
     * page's end or {@link #SHORT_TEXT_COUNT_LIMIT} and one more, whichever is further, so a rare pair of letters is
     * looked for along the index once, not once for the page and again for the count.
     */
    private UserPage shortTextSearch(String condition, String text, int page, int size) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            // No username or display name holds one, and a line break separates the two in search_text.
            return new UserPage(List.of(), 0, page, size);
        }
        long offset = (long) page * size;
        if (text.isEmpty()) {
            return everyone(condition, offset, page, size);
        }
        String where = " FROM users WHERE " + (condition == null ? "" : condition + " AND ") + SHORT_TEXT_MATCHES;
        long pageEnd = offset + size;
        long scanned = Math.max(pageEnd, SHORT_TEXT_COUNT_LIMIT + 1L);
        List<String> matching = jdbc.queryForList("SELECT username" + where + " ORDER BY username LIMIT ?",
                String.class, "%" + escapeLike(text) + "%", scanned);
        List<String> onPage = matching.subList((int) Math.min(offset, matching.size()),
                (int) Math.min(pageEnd, matching.size()));
        if (matching.size() <= SHORT_TEXT_COUNT_LIMIT) {
            return new UserPage(rowsOf(onPage), matching.size(), page, size);
        }
        // More than the limit: "at least", as far as the scan went.
        long atLeast = matching.size() < scanned ? matching.size() : Math.max(SHORT_TEXT_COUNT_LIMIT, pageEnd);
        return new UserPage(rowsOf(onPage), atLeast, page, size, matching.size() < scanned);
    }

    /** Everyone (or everyone with the condition): the page in username order, counted exactly off the index. */
    private UserPage everyone(String condition, long offset, int page, int size) {
        String where = " FROM users" + (condition == null ? "" : " WHERE " + condition);
        List<String> usernames = jdbc.queryForList("SELECT username" + where + " ORDER BY username LIMIT ? OFFSET ?",
                String.class, size, offset);
        if (usernames.size() < size && (page == 0 || !usernames.isEmpty())) {
            return new UserPage(rowsOf(usernames), offset + usernames.size(), page, size);
        }
        Long counted = jdbc.queryForObject("SELECT count(*)" + where, Long.class);
        return new UserPage(rowsOf(usernames), counted == null ? 0 : counted, page, size);
    }

    /** The named users' rows, in username order. */
    private List<UserView> rowsOf(List<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(usernames.size(), "?"));
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE username IN (" + placeholders
                + ") ORDER BY username", UserReader::map, usernames.toArray());
    }

    private UserPage pageWithTotal(String where, Object[] matching, int page, int size) {
        long[] total = {-1};
        List<UserView> users = jdbc.query("SELECT " + COLUMNS + ", count(*) OVER () AS matching_users" + where
                + " ORDER BY username LIMIT ? OFFSET ?", (rs, row) -> {
                    total[0] = rs.getLong("matching_users");
                    return map(rs, row);
                }, paging(matching, page, size));
        if (total[0] < 0) { // an empty page: nothing matches, or the page is past the last match
            Long counted = page == 0 ? Long.valueOf(0)
                    : jdbc.queryForObject("SELECT count(*)" + where, Long.class, matching);
            total[0] = counted == null ? 0 : counted;
        }
        return new UserPage(users, total[0], page, size);
    }

    private static Object[] paging(Object[] matching, int page, int size) {
        List<Object> arguments = new ArrayList<>(List.of(matching));
        arguments.add(size);
        arguments.add((long) page * size);
        return arguments.toArray();
    }

    /** What the directory said last about one of its people (empty strings for what it did not hold). */
    public record DirectoryProfileView(String username, String source, String status, String displayName,
                                       String firstName, String lastName, String email, String photoSha256,
                                       List<String> groups) {
    }

    /**
     * The people a directory vouches for (source ldap or ad) and not revoked, username to status (ACTIVE or
     * DISABLED): whom its synchronisation looks for.
     */
    public Map<String, String> directoryPeople(String source) {
        Map<String, String> statuses = new java.util.HashMap<>();
        jdbc.query("SELECT username, status FROM users WHERE source = ? AND status IN ('ACTIVE', 'DISABLED')",
                rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                }, source);
        return statuses;
    }

    /**
     * What the directory said last about those of these usernames it vouches for and that are not revoked, by
     * username: one query.
     */
    public Map<String, DirectoryProfileView> directoryProfiles(String source, java.util.Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        Map<String, DirectoryProfileView> found = new java.util.HashMap<>();
        jdbc.query("SELECT " + PROFILE_COLUMNS + " FROM users WHERE source = ? AND status IN ('ACTIVE', 'DISABLED')"
                + " AND username = ANY (?)", (rs, row) -> profile(rs, row), source,
                usernames.toArray(String[]::new)).forEach(profile -> found.put(profile.username(), profile));
        return found;
    }

    /** A user's source, status and what a directory said about them last (empty strings for local people). */
    public Optional<DirectoryProfileView> profileOf(String username) {
        return jdbc.query("SELECT " + PROFILE_COLUMNS + " FROM users WHERE username = ?", UserReader::profile,
                username).stream().findFirst();
    }

    private static final String PROFILE_COLUMNS = """
            username, source, status, display_name, coalesce(first_name, ''), coalesce(last_name, ''),
            coalesce(email, ''), coalesce(photo_sha256, ''), directory_groups""";

    private static DirectoryProfileView profile(ResultSet rs, int row) throws SQLException {
        return new DirectoryProfileView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                List.of((String[]) rs.getArray(9).getArray()));
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
