package org.jams.query.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jams.query.audit.integrity.IntegrityTestDatabase;
import org.jams.query.readmodel.ReadModels;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.junit.jupiter.api.Test;

/**
 * A rebuilt table keeps the live table's storage parameters (such as {@code toast_tuple_target} on the device list,
 * V19): the shadow table is made with LIKE, which copies columns but not those, and is then swapped in.
 */
class ShadowTablesStorageTest {

    private static final ReadModel MODEL = new ReadModel("probe", Object.class, ReadModels.Mode.TRACKING,
            List.of("storage_probe"), Set.of(), jdbc -> null);

    @Test
    void theRebuiltTableHasTheLiveTablesStorageParameters() throws Exception {
        try (IntegrityTestDatabase database = IntegrityTestDatabase.create(false, 4);
             Connection rebuilding = database.dataSource().getConnection();
             Connection helper = database.dataSource().getConnection()) {
            database.jdbc.execute("CREATE TABLE storage_probe (id INT PRIMARY KEY, note TEXT)"
                    + " WITH (toast_tuple_target = 8160, fillfactor = 90)");
            rebuilding.setAutoCommit(false);
            ShadowTables shadow = new ShadowTables(rebuilding, helper, "rebuild_storage", List.of(MODEL));
            shadow.create();
            assertThat(parameters(database, "rebuild_storage.storage_probe"))
                    .containsExactlyInAnyOrder("toast_tuple_target=8160", "fillfactor=90");

            shadow.prepareSwitch();
            assertThat(shadow.tryLockLive(Duration.ofSeconds(1))).isTrue();
            shadow.swapIn("rebuild_storage_replaced");
            rebuilding.commit();
            assertThat(parameters(database, "public.storage_probe"))
                    .containsExactlyInAnyOrder("toast_tuple_target=8160", "fillfactor=90");
            shadow.drop("rebuild_storage_replaced");
        }
    }

    private static List<String> parameters(IntegrityTestDatabase database, String table) {
        return database.jdbc.queryForList("SELECT unnest(reloptions) FROM pg_class WHERE oid = ?::regclass",
                String.class, table);
    }
}
