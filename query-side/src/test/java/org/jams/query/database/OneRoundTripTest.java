package org.jams.query.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.jams.query.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Reads of several owners run together in one round trip, on real PostgreSQL. */
class OneRoundTripTest {

    private MigratedDatabase database;
    private OneRoundTrip roundTrip;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        roundTrip = new OneRoundTrip(database.jdbc);
        database.jdbc.update("INSERT INTO password_guessing (subject, failures, last_failure) VALUES (?, 3, now())",
                "account:alice");
    }

    @AfterEach
    void drop() {
        database.close();
    }

    private static PendingRead<List<String>> names(String sql, Object... arguments) {
        return PendingRead.of(sql, rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }, arguments);
    }

    private static PendingRead<Timestamp> transactionStart() {
        return PendingRead.of("SELECT now()", rs -> rs.next() ? rs.getTimestamp(1) : null);
    }

    @Test
    void eachReadGetsItsOwnRowsWithItsOwnArguments() {
        PendingRead<List<String>> guessing = names("SELECT subject FROM password_guessing WHERE subject = ?",
                "account:alice");
        PendingRead<List<String>> nobody = names("SELECT subject FROM password_guessing WHERE subject IN (?, ?)",
                "account:bob", "address:10.0.0.1");
        PendingRead<List<String>> literal = names("SELECT ? || ';' || ?", "semi", "colon");

        OneRoundTrip.Results results = roundTrip.run(guessing, nobody, literal);

        assertThat(results.of(guessing)).containsExactly("account:alice");
        assertThat(results.of(nobody)).isEmpty();
        assertThat(results.of(literal)).containsExactly("semi;colon");
        assertThat(guessing.runOn(database.jdbc)).containsExactly("account:alice");
    }

    @Test
    void aNullArgumentIsSqlNull() {
        PendingRead<List<String>> absent = names("SELECT coalesce(?::text, 'null') || '/' || ?", null, "given");

        assertThat(roundTrip.run(absent).of(absent)).containsExactly("null/given");
        assertThat(absent.runOn(database.jdbc)).containsExactly("null/given");
    }

    @Test
    void theReadsShareOneTransactionWhereSeparateReadsDoNot() {
        PendingRead<Timestamp> first = transactionStart();
        PendingRead<Timestamp> second = transactionStart();

        OneRoundTrip.Results together = roundTrip.run(first, second);

        assertThat(together.of(first)).isEqualTo(together.of(second));
        assertThat(first.runOn(database.jdbc)).isNotEqualTo(second.runOn(database.jdbc));
    }

    @Test
    void eachReadStaysAPreparedStatementOnTheServer() throws SQLException {
        try (Connection connection = database.dataSource.getConnection()) {
            OneRoundTrip onOneConnection = new OneRoundTrip(new JdbcTemplate(
                    new SingleConnectionDataSource(connection, true)));
            for (int run = 0; run < 8; run++) {
                onOneConnection.run(names("SELECT 'first read' WHERE ? = 1", run),
                        names("SELECT 'second read' WHERE ? = 2", run));
            }
            List<String> prepared = new JdbcTemplate(new SingleConnectionDataSource(connection, true)).queryForList(
                    "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%read''%' ORDER BY 1",
                    String.class);
            assertThat(prepared).hasSize(2).anySatisfy(sql -> assertThat(sql).contains("'first read'"))
                    .anySatisfy(sql -> assertThat(sql).contains("'second read'"));
        }
    }

    @Test
    void aResultNotRunInTheRoundTripIsRefused() {
        OneRoundTrip.Results results = roundTrip.run(transactionStart());

        assertThatThrownBy(() -> results.of(transactionStart())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatementThatReturnsNoRowsIsNotARead() {
        PendingRead<List<String>> update = names("UPDATE password_guessing SET failures = 0 WHERE subject = ?",
                "account:alice");

        assertThatThrownBy(() -> roundTrip.run(transactionStart(), update)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("returned no rows to read");
    }

    @Test
    void aReadEndingInASemicolonIsRefused() {
        assertThatThrownBy(() -> names("SELECT 1;")).isInstanceOf(IllegalArgumentException.class);
    }
}
