package org.jams.query.database;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * A read that its owner describes and someone else runs, so reads of several capabilities can share one round trip
 * to the database ({@link OneRoundTrip}) while each keeps its SQL and its reading of the rows at home.
 *
 * @param sql       one statement, without a closing semicolon
 * @param arguments the values of its {@code ?} placeholders, in order; null is SQL NULL
 * @param extractor what the rows mean
 */
public record PendingRead<T>(String sql, List<Object> arguments, ResultSetExtractor<T> extractor) {

    public PendingRead {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(extractor, "extractor");
        if (sql.strip().endsWith(";")) {
            throw new IllegalArgumentException("A pending read is one statement without a closing semicolon");
        }
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments)); // List.copyOf refuses nulls
    }

    /** Runs this read alone. */
    public T runOn(JdbcTemplate jdbc) {
        return jdbc.query(sql, extractor, arguments.toArray());
    }

    public static <T> PendingRead<T> of(String sql, ResultSetExtractor<T> extractor, Object... arguments) {
        return new PendingRead<>(sql, Arrays.asList(arguments), extractor);
    }
}
