package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jams.query.audit.rebuild.RebuildStatus.TableDiff;
import org.jams.query.readmodel.ReadModels.ReadModel;

/** Live against rebuilt: each read model table's rows found only on one side, with a few primary keys of each. */
final class TableComparison {

    private static final int SAMPLE_KEYS = 5;

    private TableComparison() {
    }

    /** Each table's rows only in {@code liveSchema} and only in {@code rebuiltSchema}. */
    static List<TableDiff> diff(Connection on, String liveSchema, String rebuiltSchema, List<ReadModel> models)
            throws SQLException {
        List<TableDiff> diffs = new ArrayList<>();
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                String live = liveSchema + "." + table;
                String rebuilt = rebuiltSchema + "." + table;
                String key = keyExpression(on, live);
                long onlyLive = queryLong(on, "SELECT count(*) FROM (SELECT * FROM " + live + " EXCEPT ALL SELECT * FROM "
                        + rebuilt + ") d");
                long onlyRebuilt = queryLong(on, "SELECT count(*) FROM (SELECT * FROM " + rebuilt
                        + " EXCEPT ALL SELECT * FROM " + live + ") d");
                diffs.add(new TableDiff(table, onlyLive, onlyRebuilt,
                        onlyLive == 0 ? List.of() : queryStrings(on, "SELECT " + key + " FROM (SELECT * FROM " + live
                                + " EXCEPT SELECT * FROM " + rebuilt + ") d ORDER BY 1 LIMIT " + SAMPLE_KEYS),
                        onlyRebuilt == 0 ? List.of() : queryStrings(on, "SELECT " + key + " FROM (SELECT * FROM "
                                + rebuilt + " EXCEPT SELECT * FROM " + live + ") d ORDER BY 1 LIMIT " + SAMPLE_KEYS)));
            }
        }
        return diffs;
    }

    /**
     * A read-only transaction on a connection whose snapshot is taken when it begins (repeatable read keeps it to the
     * end); closing it ends the transaction and gives the connection back its settings.
     */
    record Snapshot(Connection on, boolean autoCommit, int isolation, boolean readOnly) implements AutoCloseable {

        static Snapshot begin(Connection on) throws SQLException {
            Snapshot snapshot = new Snapshot(on, on.getAutoCommit(), on.getTransactionIsolation(), on.isReadOnly());
            on.setAutoCommit(false);
            on.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            on.setReadOnly(true);
            queryLong(on, "SELECT 1");
            return snapshot;
        }

        @Override
        public void close() throws SQLException {
            on.rollback();
            on.setReadOnly(readOnly);
            on.setTransactionIsolation(isolation);
            on.setAutoCommit(autoCommit);
        }
    }

    /** The table's primary key columns joined with '/', as an SQL expression over the row. */
    private static String keyExpression(Connection on, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement select = on.prepareStatement("""
                SELECT a.attname FROM pg_index i JOIN pg_attribute a
                  ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = ?::regclass AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)""")) {
            select.setString(1, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    columns.add("d.\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
                }
            }
        }
        return columns.isEmpty() ? "d::text" : "concat_ws('/', " + String.join(", ", columns) + ")";
    }

    static long queryLong(Connection on, String sql) throws SQLException {
        try (Statement statement = on.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> queryStrings(Connection on, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = on.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
