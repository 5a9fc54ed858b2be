package org.jams.query.database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.stereotype.Component;

/**
 * Runs several reads in one round trip to PostgreSQL: the driver sends their statements together and the database
 * answers them in one implicit transaction, so a sign-in that needs the account and its guessing record pays for one
 * trip and one transaction, not two. Each read is still its own prepared statement on the server. Reads only: the
 * statements run to their end before their results are read, so one that changed rows would have changed them.
 */
@Component
public class OneRoundTrip {

    /** The rows of each read, by the read. */
    public static final class Results {

        private final Map<PendingRead<?>, Object> byRead = new IdentityHashMap<>();

        @SuppressWarnings("unchecked")
        public <T> T of(PendingRead<T> read) {
            if (!byRead.containsKey(read)) {
                throw new IllegalArgumentException("This read was not run in this round trip");
            }
            return (T) byRead.get(read);
        }
    }

    private final JdbcTemplate jdbc;

    public OneRoundTrip(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Results run(PendingRead<?>... reads) {
        List<PendingRead<?>> all = List.of(reads);
        String sql = all.stream().map(PendingRead::sql).collect(Collectors.joining(";\n"));
        return jdbc.execute(sql, (PreparedStatementCallback<Results>) statement -> {
            int index = 1;
            for (PendingRead<?> read : all) {
                for (Object argument : read.arguments()) {
                    StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN, argument);
                }
            }
            Results results = new Results();
            boolean rows = statement.execute();
            for (PendingRead<?> read : all) {
                results.byRead.put(read, extract(statement, rows, read));
                rows = statement.getMoreResults();
            }
            return results;
        });
    }

    private static Object extract(PreparedStatement statement, boolean rows, PendingRead<?> read)
            throws SQLException {
        if (!rows) {
            throw new DataRetrievalFailureException("A pending read returned no rows to read: " + read.sql());
        }
        try (ResultSet resultSet = statement.getResultSet()) {
            return read.extractor().extractData(resultSet);
        }
    }
}
