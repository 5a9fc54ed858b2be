package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jams.gateway.it.JamsClient.Response;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every read model is a pure function of the event store: resetting a tracking projection's processor and replaying
 * all events rebuilds exactly the same rows. A projection that used the wall clock, a random value or the order of its
 * own earlier writes would fail here. (The projections updated in the appending transaction have no position to
 * reset; the rebuild, which replays every projection, is checked by ReadModelRebuildTest.)
 */
class ReplayIntegrationTest extends SharedServerTestBase {

    /**
     * The read models, compared after each processor's replay. A new projection's tables belong here too (other
     * tables, such as the event store, positions or operational state kept outside projections, do not).
     */
    private static final List<String> READ_MODELS = List.of("admin_account", "organisation_ca", "directory_config",
            "server_settings", "users", "devices", "revoked_certificates", "auditor_account", "audit_index");

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void replayingEachProjectionRebuildsIdenticalReadModels() {
        String active = SetupSteps.unique("replay-on");
        String leaving = SetupSteps.unique("replay-off");
        SetupSteps.inParallel(() -> createUser(active), () -> createUser(leaving));
        List<String> devices = SetupSteps.inParallel(() -> enrollDevice(active, "desk"),
                () -> enrollDevice(leaving, "phone"));
        Response revoked = client.delete("/api/admin/users/" + leaving + "?reason=replay").as(ADMIN).send();
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);

        ApiAssertions.awaitCrlsCurrent(jdbc);
        Map<String, List<Map<String, Object>>> before = snapshot();
        assertThat(before.get("admin_account")).isNotEmpty();
        assertThat(before.get("organisation_ca")).hasSize(1);
        assertThat(before.get("directory_config")).hasSize(1);
        assertThat(before.get("server_settings")).hasSize(1);
        assertThat(before.get("users")).extracting(row -> row.get("username") + ":" + row.get("status"))
                .contains(active + ":ACTIVE", leaving + ":REVOKED");
        assertThat(before.get("devices")).extracting(row -> row.get("device_id") + ":" + row.get("status"))
                .contains(devices.get(0) + ":ACTIVE", devices.get(1) + ":REVOKED");
        assertThat(before.get("revoked_certificates")).extracting(row -> row.get("subject_id"))
                .contains(devices.get(1));

        assertThat(ReadModels.TRACKING).hasSizeGreaterThanOrEqualTo(3);
        for (String name : ReadModels.TRACKING) {
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                    .orElseThrow(() -> new AssertionError("no streaming processor " + name));
            long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
            processor.shutDown();
            assertThat(processor.isRunning()).isFalse();
            processor.resetTokens();
            processor.start();
            awaitCaughtUp(name, processor, head);
            Map<String, List<Map<String, Object>>> after = snapshot();
            assertThat(after.keySet()).isEqualTo(before.keySet());
            for (String table : before.keySet()) {
                assertThat(after.get(table)).as("%s after replaying %s", table, name).isEqualTo(before.get(table));
            }
        }

        // the replayed processors are live again: a new write is read back at once
        String afterReplay = SetupSteps.unique("replay-new");
        createUser(afterReplay);
        assertThat(client.get("/api/admin/users/" + afterReplay).as(ADMIN).send().status()).isEqualTo(200);
    }

    /**
     * Waits until every segment has processed (and committed) the event at {@code head}. Axon keeps reporting
     * "replaying" until an event after the reset position arrives, so the position is what counts here.
     */
    private void awaitCaughtUp(String name, StreamingEventProcessor processor, long head) {
        await(name + " caught up after reset").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Map<Integer, EventTrackerStatus> status = processor.processingStatus();
                    return !status.isEmpty() && status.values().stream().allMatch(segment ->
                            !segment.isErrorState() && segment.getCurrentPosition().orElse(-1) >= head);
                });
        assertThat(processor.isError()).as("%s in error", name).isFalse();
    }

    /** Every read-model table, rows ordered by primary key. */
    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> snapshot = new LinkedHashMap<>();
        for (String table : READ_MODELS) {
            List<String> key = jdbc.queryForList("""
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                    WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)""",
                    String.class, table);
            assertThat(key).as("primary key of %s", table).isNotEmpty();
            snapshot.put(table, jdbc.query("SELECT * FROM " + table + " ORDER BY " + String.join(", ", key),
                    (rs, i) -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                            row.put(rs.getMetaData().getColumnLabel(column), comparable(rs.getObject(column)));
                        }
                        return row;
                    }));
        }
        return snapshot;
    }

    /** Column values that compare by content (byte arrays and SQL arrays do not). */
    private static Object comparable(Object value) throws java.sql.SQLException {
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof java.sql.Array array) {
            return java.util.Arrays.deepToString((Object[]) array.getArray());
        }
        return value;
    }
}
