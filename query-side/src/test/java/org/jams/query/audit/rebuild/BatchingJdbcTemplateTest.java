package org.jams.query.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import org.jams.query.audit.integrity.IntegrityTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The rebuild's batching writer on real PostgreSQL: plain inserts merged into multi-row ones, upserts left alone. */
class BatchingJdbcTemplateTest {

    @Test
    void plainInsertsArriveAllAndInOrderAndUpsertsOfOneRowAreNotMerged() throws Exception {
        try (IntegrityTestDatabase database = IntegrityTestDatabase.create();
             Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            BatchingJdbcTemplate writer = new BatchingJdbcTemplate(new SingleConnectionDataSource(connection, true));
            writer.execute("CREATE TEMPORARY TABLE batching_probe (id BIGINT PRIMARY KEY, note VARCHAR(20))");
            for (int i = 0; i < 613; i++) { // more than one multi-row statement, with a partial last one
                writer.update("INSERT INTO batching_probe (id, note) VALUES (?, ?)", i, i % 3 == 0 ? null : "n" + i);
            }
            // The same row three times in one batch: merged into one statement this would fail.
            for (int i = 0; i < 3; i++) {
                writer.update("INSERT INTO batching_probe (id, note) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
                        + "SET note = EXCLUDED.note", 5, "upsert-" + i);
            }
            writer.flush();
            assertThat(writer.queryForObject("SELECT count(*) FROM batching_probe", Long.class)).isEqualTo(613);
            assertThat(writer.queryForObject("SELECT count(*) FROM batching_probe WHERE note IS NULL", Long.class))
                    .isEqualTo(205);
            assertThat(writer.queryForObject("SELECT note FROM batching_probe WHERE id = 5", String.class))
                    .isEqualTo("upsert-2");
            assertThat(writer.queryForList("SELECT note FROM batching_probe WHERE id IN (1, 2, 611) ORDER BY id",
                    String.class)).isEqualTo(List.of("n1", "n2", "n611"));

            // A duplicate key still fails the batch, as it would row by row.
            writer.update("INSERT INTO batching_probe (id, note) VALUES (?, ?)", 1000, "fresh");
            writer.update("INSERT INTO batching_probe (id, note) VALUES (?, ?)", 7, "duplicate");
            assertThatThrownBy(writer::flush).isInstanceOf(DuplicateKeyException.class);
            connection.rollback();
        }
    }
}
