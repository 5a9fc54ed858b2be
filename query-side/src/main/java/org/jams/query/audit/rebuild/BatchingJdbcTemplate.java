package org.jams.query.audit.rebuild;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JdbcTemplate a projection writes its shadow tables with during a rebuild: consecutive {@code update}s of the
 * same statement are sent as one JDBC batch (one round trip), in order; a different statement, or {@link #flush},
 * sends what is pending first. A plain {@code INSERT ... VALUES (?, …)} (no {@code ON CONFLICT}) is sent as multi-row
 * inserts, which PostgreSQL executes several times faster than the same rows one by one; it means the same (the batch
 * fails on a duplicate key either way). Upserts are not merged: one statement may not touch a row twice. The
 * projections only write (their {@code update} results are not used), so nothing reads a row before it is sent. Other
 * calls (queries) are not batched and do not flush: a projection that reads its own tables would need {@link #flush}
 * there. The rebuild flushes before each commit.
 */
final class BatchingJdbcTemplate extends JdbcTemplate {

    private static final int MAX_PENDING = 1_000;
    /** Rows per multi-row insert; PostgreSQL takes at most 65,535 parameters per statement. */
    private static final int ROWS_PER_INSERT = 250;
    private static final Pattern PLAIN_INSERT = Pattern.compile(
            "(?is)\\s*(INSERT\\s+INTO\\s+[\\w.]+\\s*\\([\\w\\s,]+\\)\\s*VALUES\\s*)(\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\))\\s*");

    private String pendingSql;
    private final List<Object[]> pending = new ArrayList<>();

    BatchingJdbcTemplate(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    public int update(String sql, Object... args) {
        if (!sql.equals(pendingSql)) {
            flush();
            pendingSql = sql;
        }
        pending.add(args.clone());
        if (pending.size() >= MAX_PENDING) {
            flush();
        }
        return 1;
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(pending);
        pending.clear();
        Matcher insert = PLAIN_INSERT.matcher(pendingSql);
        if (!insert.matches() || rows.size() == 1) {
            super.batchUpdate(pendingSql, rows);
            return;
        }
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder(insert.group(1));
            List<Object> args = new ArrayList<>(chunk.size() * chunk.get(0).length);
            for (Object[] row : chunk) {
                sql.append(args.isEmpty() ? "" : ", ").append(insert.group(2));
                args.addAll(Arrays.asList(row));
            }
            super.update(sql.toString(), args.toArray());
        }
    }
}
