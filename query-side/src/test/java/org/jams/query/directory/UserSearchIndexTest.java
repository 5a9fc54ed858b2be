package org.jams.query.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jams.query.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * User search must stay servable by the trigram indexes (migration V7): with 100,000 users, a search that reads every
 * row takes ten times the 50 ms an admin may wait. PostgreSQL prefers reading a table of a few test rows, so the plan
 * is asked for with sequential scans ruled out: it must then use both indexes, which it can only if the search's
 * expressions are the indexed ones.
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
        String plan = database.jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = connection.prepareStatement(
                    "EXPLAIN SELECT count(*) FROM users WHERE status = 'ACTIVE' AND " + UserReader.MATCHES)) {
                explain.setString(1, "%oli%");
                explain.setString(2, "%oli%");
                StringBuilder lines = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        lines.append(rs.getString(1)).append('\n');
                    }
                }
                return lines.toString();
            } finally {
                try (Statement settings = connection.createStatement()) {
                    settings.execute("RESET enable_seqscan");
                }
            }
        });
        assertThat(plan).contains("users_username_trgm").contains("users_display_name_trgm");
    }
}
