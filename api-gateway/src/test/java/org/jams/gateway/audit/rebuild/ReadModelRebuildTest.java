package org.jams.gateway.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.gateway.audit.trail.AuditHttp;
import org.jams.gateway.audit.trail.AuditTestServer;
import org.jams.gateway.cli.JamsCli;
import org.jams.query.readmodel.ReadModelCatchUp;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Rebuilds through the real server and PostgreSQL: the API (progress, diff, roles), the switch under a live server
 * that keeps answering, a corrupted live row found and repaired, and the CLI against the same database.
 */
class ReadModelRebuildTest extends AuditTestServer {

    private static final int SYNTHETIC_EVENTS = 4_000;

    private static String alice;
    private static String bob;
    private static String auditor;

    @Autowired
    private EventStore eventStore;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private ReadModelCatchUp catchUp;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private synchronized void population() {
        if (alice != null) {
            return;
        }
        alice = unique("rb-alice");
        bob = unique("rb-bob");
        createUser(alice);
        createUser(bob);
        String desk = enroll(alice, "desk");
        enroll(alice, "phone");
        expect(200, admin(http.delete("/api/admin/devices/" + desk + "?reason=lost")).send());
        auditor = auditorToken(unique("rb-officer"));
        // Groups and blueprints: a renamed group with a member and a blueprint of two versions, and the default.
        String group = unique("rb-group");
        String blueprint = unique("rb-blueprint");
        expect(201, admin(http.post("/api/admin/blueprints")).json(AuditHttp.json("name", blueprint, "settings",
                Map.of("TURN.enable", "true"))).send());
        expect(200, admin(http.put("/api/admin/blueprints/" + blueprint)).json(AuditHttp.json("settings",
                Map.of("TURN.enable", "false", "Account.uiCustomization", "{\"title\":\"é\"}"))).send());
        expect(201, admin(http.post("/api/admin/groups")).json(AuditHttp.json("name", group, "description", "x"))
                .send());
        expect(200, admin(http.put("/api/admin/groups/" + group + "/members/" + alice)).send());
        expect(200, admin(http.put("/api/admin/groups/" + group)).json(AuditHttp.json("name", group + "-renamed"))
                .send());
        expect(200, admin(http.put("/api/admin/groups/" + group + "-renamed/blueprint")).json(AuditHttp.json(
                "blueprint", blueprint, "precedence", 500_000 + java.util.concurrent.ThreadLocalRandom.current()
                        .nextInt(400_000))).send());
        // Many events fast: contact syncs of a synthetic aggregate, appended straight to the store.
        String aggregate = unique("rb-sync");
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < SYNTHETIC_EVENTS; i++) {
            batch.add(new GenericDomainEventMessage<>("UserAggregate", aggregate, i, new ContactsSyncedEvent(alice,
                    "device-" + (i % 7), 1, List.of(new Contact("c" + i, i, 0, true, false, null))),
                    // The full audit metadata every stored event carries (AuditTrailApiTest checks all events).
                    Map.of("actor", "rebuild-test", "authMethod", "test", "sourceAddress", "127.0.0.1",
                            "userAgent", "rebuild-test", "correlationId", aggregate + "-" + i,
                            "traceId", aggregate + "-" + i)));
            if (batch.size() == 500) {
                eventStore.publish(batch);
                batch.clear();
            }
        }
        eventStore.publish(batch);
    }

    @Test
    void rebuildingAllGivesIdenticalTablesAnEmptyDiffAndTheLiveApiKeepsAnswering() throws Exception {
        population();
        awaitProjectionsCaughtUp();
        Map<String, String> before = fingerprints();
        List<String> schemaBefore = readModelSchema();
        long events = eventCount();

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<Integer> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            AuditHttp client = new AuditHttp(port);
            while (rebuilding.get()) {
                int status = admin(client.get("/api/admin/users/" + alice)).send().status();
                reads.incrementAndGet();
                if (status != 200) {
                    synchronized (failures) {
                        failures.add(status);
                    }
                }
            }
        });
        reader.start();
        JsonNode done;
        try {
            JsonNode started = expect(202, http.post("/api/audit/rebuilds").bearer(auditor)
                    .json(AuditHttp.json("projection", "all")).send()).json();
            done = awaitDone(started.get("id").asText());
        } finally {
            rebuilding.set(false);
            reader.join();
        }

        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("DONE");
        assertThat(done.get("eventsDone").asLong()).isEqualTo(done.get("eventsTotal").asLong())
                .isGreaterThanOrEqualTo(events);
        assertThat(done.get("etaSeconds").asDouble()).isZero();
        for (JsonNode table : done.get("diff")) {
            assertThat(table.get("onlyLive").asLong()).as("%s", table).isZero();
            assertThat(table.get("onlyRebuilt").asLong()).as("%s", table).isZero();
        }
        assertThat(done.get("diff")).hasSize(org.jams.query.readmodel.ReadModels.all().stream()
                .mapToInt(model -> model.tables().size()).sum());
        assertThat(fingerprints()).isEqualTo(before);
        // The rebuilt tables replaced the live ones: same indexes and constraints (names too), durable again.
        assertThat(readModelSchema()).isEqualTo(schemaBefore);
        // Vacuumed before the switch: the rebuilt rows are marked visible to all, so the admin's short searches
        // read the narrow index alone (an index-only scan) instead of being planned as a scan of the whole table.
        assertThat(jdbc.queryForObject("SELECT relallvisible FROM pg_class WHERE oid = 'public.users'::regclass",
                Integer.class)).as("pages of the rebuilt users table marked all-visible").isPositive();
        assertThat(failures).as("live reads during the rebuild").isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.schemata "
                + "WHERE schema_name LIKE 'rebuild\\_%'", Long.class)).as("shadow schema dropped").isZero();
        double raw = rawReadAndDeserializeRate();
        System.out.printf("REBUILD all: %d events in %s..%s at %.0f events/s (raw read+deserialize %.0f events/s, "
                        + "ratio %.2f); %d live reads answered meanwhile%n",
                done.get("eventsDone").asLong(), done.get("startedAt").asText(), done.get("finishedAt").asText(),
                done.get("eventsPerSecond").asDouble(), raw, done.get("eventsPerSecond").asDouble() / raw,
                reads.get());

        JsonNode listed = expect(200, http.get("/api/audit/rebuilds").bearer(auditor).send()).json();
        assertThat(listed.findValuesAsText("id")).contains(done.get("id").asText());
    }

    @Test
    void theInAppendReadModelsSwitchWhileAppendsGoOnAndNoAppendIsLost() throws Exception {
        population();
        awaitProjectionsCaughtUp();
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<String> enrolled = Collections.synchronizedList(new ArrayList<>());
        AtomicLong slowestNanos = new AtomicLong();
        // Four writers: each login is an event in the audit index; every tenth write is an enrollment (the device
        // list too). Enough appends that some fall between the rebuild's last events and its switch.
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(new Thread(() -> {
                AuditHttp client = new AuditHttp(port);
                for (int i = 0; rebuilding.get(); i++) {
                    long started = System.nanoTime();
                    if (i % 10 == 0) {
                        KeyPair keys = rsa2048();
                        statuses.add(client.post("/api/auth/device").basic(bob, USER_PASSWORD)
                                .json(AuditHttp.json("csr", csr(keys, "during-" + i), "deviceName", "during-" + i))
                                .send().status());
                        enrolled.add(sha256Hex(keys.getPublic().getEncoded()));
                    } else {
                        statuses.add(client.post("/api/login").basic(bob, USER_PASSWORD).send().status());
                    }
                    slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                }
            }));
        }
        writers.forEach(Thread::start);
        JsonNode done;
        try {
            Thread.sleep(200);
            JsonNode started = expect(202, admin(http.post("/api/audit/rebuilds"))
                    .json(AuditHttp.json("projection", "all")).send()).json();
            done = awaitDone(started.get("id").asText());
            Thread.sleep(200);
        } finally {
            rebuilding.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }

        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("DONE");
        for (JsonNode table : done.get("diff")) {
            // Compared with the appends held back: exact although they went on.
            assertThat(table.get("onlyLive").asLong()).as("%s", table).isZero();
            assertThat(table.get("onlyRebuilt").asLong()).as("%s", table).isZero();
        }
        assertThat(statuses).as("writes during the rebuild").isNotEmpty().allMatch(status -> status == 200);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry e WHERE NOT EXISTS
                  (SELECT 1 FROM audit_index i WHERE i.globalindex = e.globalindex)""", Long.class))
                .as("stored events missing from the audit index").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_index", Long.class)).isEqualTo(eventCount());
        assertThat(jdbc.queryForList("SELECT device_id FROM devices WHERE username = ?", String.class, bob))
                .as("devices enrolled during the rebuild").containsAll(enrolled);
        System.out.printf("REBUILD during appends: %d writes (%d enrollments) answered meanwhile, the slowest in %d ms "
                + "(rebuild %s..%s)%n", statuses.size(), enrolled.size(), slowestNanos.get() / 1_000_000,
                done.get("startedAt").asText(), done.get("finishedAt").asText());
    }

    /** Every read model table's persistence, indexes and constraints, as PostgreSQL describes them. */
    private List<String> readModelSchema() {
        List<String> schema = new ArrayList<>();
        for (ReadModels.ReadModel model : ReadModels.all()) {
            for (String table : model.tables()) {
                schema.add(table + " persistence " + jdbc.queryForObject(
                        "SELECT relpersistence FROM pg_class WHERE oid = ?::regclass", String.class, "public." + table));
                schema.addAll(jdbc.queryForList("SELECT indexname || ': ' || indexdef FROM pg_indexes "
                        + "WHERE schemaname = 'public' AND tablename = ? ORDER BY indexname", String.class, table));
                schema.addAll(jdbc.queryForList("SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint "
                        + "WHERE conrelid = ?::regclass ORDER BY conname", String.class, "public." + table));
            }
        }
        assertThat(schema).anyMatch(line -> line.startsWith("audit_index_device: "))
                .anyMatch(line -> line.startsWith("users_jami_id_key: UNIQUE"));
        return schema;
    }

    @Test
    void aCorruptedLiveRowShowsInTheDiffAndIsRepairedAndTheProcessorResumes() throws Exception {
        population();
        awaitProjectionsCaughtUp();
        jdbc.update("UPDATE users SET display_name = 'Forged Name' WHERE username = ?", bob);

        JsonNode started = expect(202, admin(http.post("/api/audit/rebuilds"))
                .json(AuditHttp.json("projection", "users-projection")).send()).json();
        JsonNode done = awaitDone(started.get("id").asText());

        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("DONE");
        assertThat(done.get("diff")).hasSize(1);
        JsonNode users = done.get("diff").get(0);
        assertThat(users.get("table").asText()).isEqualTo("users");
        assertThat(users.get("onlyLive").asLong()).isEqualTo(1);
        assertThat(users.get("onlyRebuilt").asLong()).isEqualTo(1);
        assertThat(users.get("sampleOnlyLive").get(0).asText()).isEqualTo(bob);
        assertThat(users.get("sampleOnlyRebuilt").get(0).asText()).isEqualTo(bob);
        assertThat(jdbc.queryForObject("SELECT display_name FROM users WHERE username = ?", String.class, bob))
                .isEqualTo("Audit " + bob);

        // The processor resumed from the rebuilt position: a new user shows up (read-your-writes waits on its token).
        String carol = unique("rb-carol");
        createUser(carol);
        expect(200, admin(http.get("/api/admin/users/" + carol)).send());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = ?", Long.class, carol))
                .isEqualTo(1);
    }

    @Test
    void onlyAuditorsAndAdminsRebuild() {
        population();
        String userToken = login(bob, USER_PASSWORD);
        expect(403, http.post("/api/audit/rebuilds").bearer(userToken).json(AuditHttp.json("projection", "all"))
                .send());
        expect(403, http.get("/api/audit/rebuilds").bearer(userToken).send());
        expect(401, http.post("/api/audit/rebuilds").json(AuditHttp.json("projection", "all")).send());
        expect(400, admin(http.post("/api/audit/rebuilds")).json(AuditHttp.json("projection", "nope")).send());
        expect(404, admin(http.get("/api/audit/rebuilds/0123456789ab")).send());
    }

    @Test
    void theCliRebuildsBesideTheRunningServerAndAnswersAsOf() throws Exception {
        population();
        awaitProjectionsCaughtUp();
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        }
        String password = ((com.zaxxer.hikari.HikariDataSource) dataSource).getPassword();
        jdbc.update("DELETE FROM devices WHERE username = ?", alice);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JamsCli.run(new String[] {"rebuild", "--projection", "devices-projection", "--jdbc-url", url,
                "--db-user", "postgres", "--db-password", password}, new PrintWriter(out), new PrintWriter(err));
        System.out.println("CLI rebuild:\n" + out + err);
        assertThat(code).as("%s%s", out, err).isEqualTo(JamsCli.BROKEN); // live differed: two rows were missing
        assertThat(out.toString()).contains("devices", "0 rows only live", "2 only rebuilt");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ?", Long.class, alice))
                .isEqualTo(2);

        // The device list is written in each enrollment's transaction: the next one is in the rebuilt table at once.
        String tablet = enroll(bob, "tablet");
        assertThat(expect(200, admin(http.get("/api/admin/users/" + bob + "/devices")).send()).body())
                .contains(tablet);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ?", Long.class, alice))
                .as("events not applied twice, nothing lost").isEqualTo(2);

        out = new StringWriter();
        code = JamsCli.run(new String[] {"as-of", "--at", Instant.now().plusSeconds(1).toString(), "--user", alice,
                "--jdbc-url", url, "--db-user", "postgres", "--db-password", password}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).as("%s", err).isZero();
        JsonNode asOf = AuditHttp.JSON.readTree(out.toString());
        assertThat(asOf.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(asOf.get("validDevices")).hasSize(1);
    }

    /** Reading every stored event in batches and deserializing payload and metadata: the floor of a rebuild. */
    private double rawReadAndDeserializeRate() {
        long start = System.nanoTime();
        long count = 0;
        long last = -1;
        while (true) {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT globalindex, payload, payloadtype, "
                    + "payloadrevision, metadata FROM domainevententry WHERE globalindex > ? ORDER BY globalindex "
                    + "LIMIT 2000", last);
            if (rows.isEmpty()) {
                break;
            }
            for (Map<String, Object> row : rows) {
                eventSerializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("payload"), byte[].class,
                        new SimpleSerializedType((String) row.get("payloadtype"), (String) row.get("payloadrevision"))));
                eventSerializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("metadata"), byte[].class,
                        new SimpleSerializedType(MetaData.class.getName(), null)));
                last = ((Number) row.get("globalindex")).longValue();
                count++;
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private JsonNode awaitDone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        JsonNode status;
        do {
            Thread.sleep(100);
            status = expect(200, admin(http.get("/api/audit/rebuilds/" + id)).send()).json();
            System.out.println("rebuild " + id + ": " + status.get("state").asText() + " "
                    + status.get("eventsDone") + "/" + status.get("eventsTotal") + " "
                    + status.get("eventsPerSecond") + " events/s, ETA " + status.get("etaSeconds"));
        } while (List.of("RUNNING", "SWITCHING").contains(status.get("state").asText())
                && System.nanoTime() < deadline);
        return status;
    }

    /** Every live projection at the head of the store (tokens cover it), so live and rebuilt can be compared. */
    private void awaitProjectionsCaughtUp() {
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        assertThat(catchUp.awaitGlobalIndex(head, ReadModels.NAMES)).as("projections at %d", head).isTrue();
    }

    private Map<String, String> fingerprints() {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (ReadModels.ReadModel model : ReadModels.all()) {
            for (String table : model.tables()) {
                fingerprints.put(table, jdbc.queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, "
                        + "',' ORDER BY t::text)), '') FROM " + table + " t", String.class));
            }
        }
        return fingerprints;
    }
}
