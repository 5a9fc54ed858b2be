package org.jams.query.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jams.query.audit.integrity.IntegrityTestDatabase;
import org.jams.query.readmodel.ReadModels;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.junit.jupiter.api.Test;

/**
 * The switch of rebuilt tables never deadlocks with a request that reads several live tables. The request has read
 * one table and goes on to the next while the switch wants both: had the switch taken its locks table by table without
 * a bound, PostgreSQL would fail one of them after its deadlock_timeout (a person's request answered 500 once so,
 * during a rebuild). The switch instead gives its locks back after a short wait, the request completes, and the
 * switch succeeds at the next attempt.
 */
class ShadowTablesSwitchTest {

    private static final ReadModel MODEL = new ReadModel("probe", Object.class, ReadModels.Mode.TRACKING,
            List.of("switch_probe_a", "switch_probe_b"), Set.of(), jdbc -> null);

    @Test
    void aRequestReadingTwoLiveTablesCompletesAndTheSwitchSucceedsAfterIt() throws Exception {
        try (IntegrityTestDatabase database = IntegrityTestDatabase.create(false, 4);
             Connection switching = database.dataSource().getConnection();
             Connection helper = database.dataSource().getConnection();
             Connection request = database.dataSource().getConnection()) {
            database.jdbc.execute("CREATE TABLE switch_probe_a (id INT PRIMARY KEY, note TEXT)");
            database.jdbc.execute("CREATE TABLE switch_probe_b (id INT PRIMARY KEY, note TEXT)");
            database.jdbc.execute("INSERT INTO switch_probe_a VALUES (1, 'live a')");
            database.jdbc.execute("INSERT INTO switch_probe_b VALUES (1, 'live b')");
            switching.setAutoCommit(false);
            ShadowTables shadow = new ShadowTables(switching, helper, "rebuild_probe", List.of(MODEL));
            shadow.create();
            try (Statement fill = switching.createStatement()) {
                fill.execute("INSERT INTO switch_probe_a VALUES (1, 'rebuilt a')"); // the shadow, by search_path
                fill.execute("INSERT INTO switch_probe_b VALUES (1, 'rebuilt b')");
            }
            switching.commit();
            shadow.prepareSwitch();

            request.setAutoCommit(false);
            assertThat(note(request, "switch_probe_b")).isEqualTo("live b"); // the request holds b

            long started = System.nanoTime();
            CompletableFuture<Boolean> firstAttempt = CompletableFuture.supplyAsync(() -> {
                try {
                    return shadow.tryLockLive(Duration.ofMillis(200)); // takes a, waits for b
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            // The request goes on to a, which the switch holds while it waits for b.
            String a = note(request, "switch_probe_a");
            long requestMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(a).isEqualTo("live a");
            assertThat(requestMillis).as("the request waited only for the switch's short attempt").isLessThan(900);
            assertThat(firstAttempt.get(5, TimeUnit.SECONDS)).as("the first attempt gave its locks back").isFalse();
            request.commit();

            assertThat(shadow.tryLockLive(Duration.ofMillis(200))).isTrue();
            shadow.swapIn("rebuild_probe_replaced");
            switching.commit();
            request.setAutoCommit(true);
            assertThat(note(request, "switch_probe_a")).isEqualTo("rebuilt a");
            assertThat(note(request, "switch_probe_b")).isEqualTo("rebuilt b");
            shadow.drop("rebuild_probe_replaced");
        }
    }

    private static String note(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT note FROM public." + table + " WHERE id = 1")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
