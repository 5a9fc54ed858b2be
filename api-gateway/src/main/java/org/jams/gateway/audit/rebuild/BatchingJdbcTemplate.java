package org.jams.gateway.audit.rebuild;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JdbcTemplate the projections write the shadow tables with during a rebuild: consecutive {@code update}s of the
 * same statement are sent as one JDBC batch (one round trip), in order; a different statement, or {@link #flush},
 * sends what is pending first. The projections only write (their {@code update} results are not used), so nothing
 * reads a row before it is sent. Other calls (queries) are not batched and do not flush: a projection that reads its
 * own tables would need {@link #flush} there. The rebuild flushes before each commit.
 */
final class BatchingJdbcTemplate extends JdbcTemplate {

    private static final int MAX_PENDING = 1_000;

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
        if (!pending.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(pending);
            pending.clear();
            super.batchUpdate(pendingSql, rows);
        }
    }
}
