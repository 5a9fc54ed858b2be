package org.jams.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code jams.database.statement-statistics} loads pg_stat_statements into the embedded PostgreSQL, which then times
 * statements; without it the server runs as before, and the same data directory starts either way.
 */
class StatementStatisticsTest {

    @TempDir
    Path home;

    @Test
    void theEmbeddedDatabaseTimesStatementsOnlyWhenAsked() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home, true);
             HikariDataSource pool = pool(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname = 'pg_class'", Long.class);

            assertThat(jdbc.queryForObject("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                    + " WHERE query LIKE '%relname = $1%'", Long.class)).isEqualTo(1L);
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home, false);
             HikariDataSource pool = pool(database)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);

            assertThat(jdbc.queryForObject("SELECT 6 * 7", Integer.class)).isEqualTo(42);
            assertThatThrownBy(() -> jdbc.queryForObject("SELECT count(*) FROM pg_stat_statements", Long.class))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("shared_preload_libraries");
        }
    }

    private static HikariDataSource pool(EmbeddedDatabase database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(2);
        return pool;
    }
}
