package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jams.query.readmodel.ReadModelSwitchLock;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's switch holds every append back, and an append takes the switch lock in the very statement that stores
 * its events (not in a round trip of its own before the read models' first write): while the lock is held
 * exclusively, the event insert itself waits for it, and nothing of the change is stored until it is released.
 */
class ReadModelSwitchLockTest extends SharedServerTestBase {

    @Test
    void anAppendWaitsForTheSwitchInItsEventInsertAndCompletesAfterIt() throws Exception {
        String user = SetupSteps.unique("switch");
        CompletableFuture<JamsClient.Response> creation;
        try (Connection rebuild = jdbc.getDataSource().getConnection()) {
            ReadModelSwitchLock.acquireExclusive(rebuild);
            try {
                creation = CompletableFuture.supplyAsync(() -> client.post("/api/admin/users").as(ADMIN)
                        .json(JamsClient.json("username", user, "password", USER_PASSWORD, "displayName", "Held"))
                        .send());
                List<String> waiting = List.of();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (waiting.isEmpty() && System.nanoTime() < deadline && !creation.isDone()) {
                    Thread.sleep(20);
                    waiting = jdbc.queryForList("SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND wait_event = 'advisory' AND pid <> pg_backend_pid()", String.class);
                }
                assertThat(waiting).as("the statements waiting for the switch").isNotEmpty().allSatisfy(query ->
                        assertThat(query).startsWithIgnoringCase("WITH stored_event AS (INSERT INTO domainevententry"));
                assertThat(creation).as("answered while the switch held the lock").isNotDone();
                assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                        Long.class, user)).as("events stored while the switch held the lock").isZero();
            } finally {
                ReadModelSwitchLock.release(rebuild);
            }
        }
        JamsClient.Response answer = creation.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_index WHERE username = ?", Long.class, user))
                .as("the in-append audit index shows the change once the switch let it through").isPositive();
    }
}
