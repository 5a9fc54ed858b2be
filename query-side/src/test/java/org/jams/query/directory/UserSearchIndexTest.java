package org.jams.query.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.jams.query.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * User search must stay servable by its indexes (migrations V7 and V8): with 100,000 users, a search that reads every
 * row of the table takes up to ten times the 50 ms an admin may wait. PostgreSQL prefers reading a table of a few test
 * rows, so plans are asked for with sequential scans ruled out: they must then use the indexes, which they can only if
 * the search's expressions are the indexed ones.
 */
class UserSearchIndexTest {

    private MigratedDatabase database;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void theSearchOfAUsernameOrDisplayNameUsesBothTrigramIndexes() {
        String plan = planWithout(List.of("seqscan"), "EXPLAIN SELECT count(*) FROM users WHERE status = 'ACTIVE' AND "
                + UserReader.MATCHES, "%oli%", "%oli%");
        assertThat(plan).contains("users_username_trgm").contains("users_display_name_trgm");
    }

    /**
     * Texts too short for trigrams: the page and the count come off users_search in one scan in its order, without
     * reading the table (bitmap scans ruled out too: with no statistics, PostgreSQL cannot know that the table's
     * pages are all visible, which a full index-only scan relies on).
     */
    @Test
    void aSearchOfOneOrTwoCharactersReadsOnlyTheNarrowIndex() {
        List<String> tableReads = List.of("seqscan", "bitmapscan");
        for (String condition : List.of("", "status = 'ACTIVE' AND ")) {
            String scan = planWithout(tableReads, "EXPLAIN SELECT username FROM users WHERE " + condition
                    + UserReader.SHORT_TEXT_MATCHES + " ORDER BY username LIMIT 1001", "%li%");
            assertThat(scan).contains("Index Only Scan using users_search").doesNotContain("Sort");
        }
    }

    private String planWithout(List<String> scans, String explain, String... parameters) {
        return database.jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement settings = connection.createStatement()) {
                for (String scan : scans) {
                    settings.execute("SET enable_" + scan + " = off");
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(explain)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                StringBuilder lines = new StringBuilder();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        lines.append(rs.getString(1)).append('\n');
                    }
                }
                return lines.toString();
            } finally {
                try (Statement settings = connection.createStatement()) {
                    for (String scan : scans) {
                        settings.execute("RESET enable_" + scan);
                    }
                }
            }
        });
    }
}
