package org.jams.query.directory;

import java.util.Optional;
import org.jams.query.database.PendingRead;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored password of whichever account has a name, in one query across the three kinds of accounts: an admin
 * first, then an auditor, then an active user (names are unique across them; the order decides should that ever
 * fail).
 */
@Component
public class AccountPasswordReader {

    public enum Kind { ADMIN, AUDITOR, USER }

    /**
     * displayName and source are a user's (null for admins and auditors). A person of a directory (source ldap or
     * ad) has an empty hash: the directory checks their password.
     */
    public record StoredPassword(Kind kind, String hash, String displayName, String source) {

        public boolean checkedByDirectory() {
            return kind == Kind.USER && !"local".equals(source);
        }
    }

    private final JdbcTemplate jdbc;

    public AccountPasswordReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredPassword> find(String canonicalUsername) {
        return read(canonicalUsername).runOn(jdbc);
    }

    /** {@link #find} as a read to run with others ({@link org.jams.query.database.OneRoundTrip}). */
    public PendingRead<Optional<StoredPassword>> read(String canonicalUsername) {
        return PendingRead.of("""
                        SELECT 0, password_hash, NULL AS display_name, NULL AS source FROM admin_account
                          WHERE username = ?
                        UNION ALL SELECT 1, password_hash, NULL, NULL FROM auditor_account WHERE username = ?
                        UNION ALL SELECT 2, password_hash, display_name, source FROM users
                          WHERE username = ? AND status = 'ACTIVE'
                        ORDER BY 1 LIMIT 1""",
                rs -> rs.next() ? Optional.of(new StoredPassword(Kind.values()[rs.getInt(1)], rs.getString(2),
                        rs.getString(3), rs.getString(4))) : Optional.empty(),
                canonicalUsername, canonicalUsername, canonicalUsername);
    }
}
