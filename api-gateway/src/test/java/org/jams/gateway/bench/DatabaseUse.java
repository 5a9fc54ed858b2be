package org.jams.gateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** PostgreSQL's own counters for this database (pg_stat_database) between two moments: commits and rows touched. */
final class DatabaseUse {

    private static final String[] COUNTERS = {"xact_commit", "tup_returned", "tup_fetched", "tup_inserted",
            "tup_updated", "tup_deleted", "blks_hit"};

    private final JdbcTemplate jdbc;
    private final Map<String, Long> start;
    private final Map<String, Long> startByTable;

    private DatabaseUse(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.start = counters();
        this.startByTable = rowsWrittenByTable();
    }

    static DatabaseUse start(DataSource dataSource) {
        return new DatabaseUse(new JdbcTemplate(dataSource));
    }

    String report(int operations) throws InterruptedException {
        // A busy backend publishes its counters at most once a second, an idle one within 10 s (PostgreSQL 15 and
        // later): without this wait the last second's rows went missing (0.85 rows a device instead of 1).
        Thread.sleep(11_000);
        Map<String, Long> end = counters();
        StringBuilder out = new StringBuilder();
        for (String counter : COUNTERS) {
            out.append(String.format("  %-40s %8.1f%n", counter,
                    (end.get(counter) - start.get(counter)) / (double) operations));
        }
        rowsWrittenByTable().forEach((table, written) -> {
            double perOperation = (written - startByTable.getOrDefault(table, 0L)) / (double) operations;
            if (perOperation >= 0.01) {
                out.append(String.format("    rows written to %-23s %8.2f%n", table, perOperation));
            }
        });
        return out.toString();
    }

    /** Rows inserted, updated or deleted, by table. */
    private Map<String, Long> rowsWrittenByTable() {
        Map<String, Long> values = new LinkedHashMap<>();
        jdbc.query("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables ORDER BY relname",
                rs -> {
                    values.put(rs.getString(1), rs.getLong(2));
                });
        return values;
    }

    private Map<String, Long> counters() {
        Map<String, Long> values = new LinkedHashMap<>();
        jdbc.query("SELECT " + String.join(", ", COUNTERS)
                + " FROM pg_stat_database WHERE datname = current_database()", rs -> {
            for (String counter : COUNTERS) {
                values.put(counter, rs.getLong(counter));
            }
        });
        return values;
    }
}
