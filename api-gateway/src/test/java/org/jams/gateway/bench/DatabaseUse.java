package org.jams.gateway.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's own counters for this database (pg_stat_database) between two moments: commits and rows touched; the
 * server's write-ahead log (pg_stat_wal); and,
 * when the server loads pg_stat_statements ({@code jams.database.statement-statistics}), the statements' execution
 * time.
 */
final class DatabaseUse {

    private static final String[] COUNTERS = {"xact_commit", "tup_returned", "tup_fetched", "tup_inserted",
            "tup_updated", "tup_deleted", "blks_hit"};
    /**
     * The write-ahead log, for the whole server (pg_stat_wal): full-page images are what checkpoints cost; syncs are
     * the flushes that commits wait for (fewer than commits when concurrent ones share a flush).
     */
    private static final String[] WAL_COUNTERS = {"wal_records", "wal_fpi", "wal_bytes", "wal_write", "wal_sync"};

    private final JdbcTemplate jdbc;
    private final Map<String, Long> start;
    private final Map<String, Long> startWal;
    private final Map<String, Long> startByTable;
    private final Map<String, List<Long>> startMaintenance;
    /** Statement counters at the start, when the server loads pg_stat_statements; else null. */
    private final Map<Long, Statement> startStatements;

    /** One statement's calls, execution milliseconds, plans made and planning milliseconds so far. */
    private record Statement(String text, long calls, double milliseconds, long plans, double planning) {
    }

    private DatabaseUse(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.start = counters();
        this.startWal = walCounters();
        this.startByTable = rowsWrittenByTable();
        this.startMaintenance = maintenanceByTable();
        this.startStatements = statements();
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
        perOperation(out, COUNTERS, start, end, operations);
        perOperation(out, WAL_COUNTERS, startWal, walCounters(), operations);
        rowsWrittenByTable().forEach((table, written) -> {
            double perOperation = (written - startByTable.getOrDefault(table, 0L)) / (double) operations;
            if (perOperation >= 0.01) {
                out.append(String.format("    rows written to %-23s %8.2f%n", table, perOperation));
            }
        });
        maintenanceByTable().forEach((table, runs) -> {
            List<Long> before = startMaintenance.getOrDefault(table, List.of(0L, 0L));
            long vacuums = runs.get(0) - before.get(0);
            long analyzes = runs.get(1) - before.get(1);
            if (vacuums + analyzes > 0) {
                out.append(String.format("    autovacuum / autoanalyze runs on %-11s %3d / %d%n", table, vacuums,
                        analyzes));
            }
        });
        if (startStatements != null) {
            out.append(statementReport(statements(), operations));
        }
        return out.toString();
    }

    /**
     * Execution time by statement (pg_stat_statements: planning, parsing, the protocol and commits' WAL flushes are
     * not in it), to hold against the CPU PostgreSQL spent.
     */
    private String statementReport(Map<Long, Statement> end, int operations) {
        List<Statement> spent = new ArrayList<>();
        end.forEach((id, statement) -> {
            Statement before = startStatements.getOrDefault(id, new Statement("", 0, 0, 0, 0));
            if (statement.calls() > before.calls()) {
                spent.add(new Statement(statement.text(), statement.calls() - before.calls(),
                        statement.milliseconds() - before.milliseconds(), statement.plans() - before.plans(),
                        statement.planning() - before.planning()));
            }
        });
        spent.sort(Comparator.comparingDouble(Statement::milliseconds).reversed());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  statement execution (pg_stat_statements)  %6.3f ms, %.1f statements; planning %.3f ms, %.1f plans;"
                        + " the longest:%n",
                spent.stream().mapToDouble(Statement::milliseconds).sum() / operations,
                spent.stream().mapToLong(Statement::calls).sum() / (double) operations,
                spent.stream().mapToDouble(Statement::planning).sum() / operations,
                spent.stream().mapToLong(Statement::plans).sum() / (double) operations));
        spent.stream().limit(12).forEach(statement -> out.append(String.format(Locale.ROOT,
                "    %6.3f ms %5.2f calls %5.2f plans  %s%n", statement.milliseconds() / operations,
                statement.calls() / (double) operations, statement.plans() / (double) operations,
                oneLine(statement.text(), 70))));
        return out.toString();
    }

    private static String oneLine(String sql, int length) {
        String line = String.join(" ", PlainText.words(sql));
        return line.length() <= length ? line : line.substring(0, length);
    }

    /** Each statement's counters, or null when the server does not load pg_stat_statements. */
    private Map<Long, Statement> statements() {
        String preloaded = jdbc.queryForObject("SELECT current_setting('shared_preload_libraries')", String.class);
        if (preloaded == null || !preloaded.contains("pg_stat_statements")) {
            return null; // the report goes without it, and the store gets no extension it cannot use
        }
        // Created once: IF NOT EXISTS would answer every later call with a notice, a message the server's own
        // statements never get, whose first arrival deoptimizes the driver's code that reads every answer.
        Boolean created = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')", Boolean.class);
        if (!Boolean.TRUE.equals(created)) {
            jdbc.execute("CREATE EXTENSION pg_stat_statements");
        }
        Map<Long, Statement> values = new HashMap<>();
        jdbc.query("SELECT queryid, query, calls, total_exec_time, plans, total_plan_time FROM pg_stat_statements"
                        + " WHERE queryid IS NOT NULL",
                rs -> {
                    values.merge(rs.getLong(1), new Statement(rs.getString(2), rs.getLong(3), rs.getDouble(4),
                                    rs.getLong(5), rs.getDouble(6)),
                            (a, b) -> new Statement(a.text(), a.calls() + b.calls(),
                                    a.milliseconds() + b.milliseconds(), a.plans() + b.plans(),
                                    a.planning() + b.planning()));
                });
        return values;
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

    /**
     * Autovacuum and autoanalyze runs so far, by table: their CPU lands on the measured operations in lumps (the
     * report's PostgreSQL line for ended processes), so a phase with one is dearer than one without.
     */
    private Map<String, List<Long>> maintenanceByTable() {
        Map<String, List<Long>> values = new LinkedHashMap<>();
        jdbc.query("SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables ORDER BY relname",
                rs -> {
                    values.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3)));
                });
        return values;
    }

    private static void perOperation(StringBuilder out, String[] names, Map<String, Long> start,
                                     Map<String, Long> end, int operations) {
        for (String counter : names) {
            out.append(String.format("  %-40s %8.1f%n", counter,
                    (end.get(counter) - start.get(counter)) / (double) operations));
        }
    }

    private Map<String, Long> counters() {
        return counters(COUNTERS, "pg_stat_database WHERE datname = current_database()");
    }

    private Map<String, Long> walCounters() {
        return counters(WAL_COUNTERS, "pg_stat_wal");
    }

    /** One row's counters from a statistics view. */
    private Map<String, Long> counters(String[] names, String from) {
        Map<String, Long> values = new LinkedHashMap<>();
        jdbc.query("SELECT " + String.join(", ", names) + " FROM " + from, rs -> {
            for (String counter : names) {
                values.put(counter, rs.getLong(counter));
            }
        });
        return values;
    }
}
