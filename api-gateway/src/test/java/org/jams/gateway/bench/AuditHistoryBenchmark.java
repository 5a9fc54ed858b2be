package org.jams.gateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.gateway.JamsServer;
import org.jams.query.audit.asof.AsOfQueries;
import org.jams.query.audit.asof.UserAsOf;
import org.jams.query.audit.rebuild.ReadModelRebuild;
import org.jams.query.audit.rebuild.RebuildStatus;
import org.jams.query.audit.trail.AuditTrails;
import org.jams.query.readmodel.ReadModelCatchUp;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Audit history at scale (issue 4, Benchmark). Boots the server on a temporary home (embedded PostgreSQL, fsync on,
 * background chainer off), sets it up and enrols a few devices over HTTP, then appends {@code bench.events}
 * (default 1,000,000) generated events straight into {@code domainevententry} with JDBC batches, serialized with the
 * server's own event serializer so they read back like real ones: many users' streams of contact syncs and device
 * certificate renewals, plus one real "target device" whose 200 events are spread over the whole store. The live
 * projections are shut down during the load; the measured rebuild fills every read model (the audit index included)
 * and restarts them.
 *
 * <p>Measured in the same run: the raw read-and-deserialize rate of every event, the rebuild of all read models
 * (ratio to it, target at least 0.5), the target device's audit trail and an as-of query for its user at a moment in
 * the middle of its history, each against a raw indexed read of the same rows (target at most 2, median of several
 * repetitions after a warm-up); then, after the server stopped, {@code AppendCostBenchmark} for the hash chain's cost
 * ({@code -Dbench.appendCost=false} skips it). The table is printed and written to
 * {@code api-gateway/target/audit-history-benchmark.txt}. Not part of the default suite: {@code mvn -o -pl api-gateway
 * -Pbenchmark test -Dtest=AuditHistoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=100000]}.
 */
@Tag("benchmark")
class AuditHistoryBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int TARGET_EVENTS = Integer.getInteger("bench.targetEvents", 200);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 21);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final boolean APPEND_COST = Boolean.parseBoolean(System.getProperty("bench.appendCost", "true"));
    private static final int REAL_USERS = 3;
    private static final int REAL_DEVICES_PER_USER = 2;
    private static final int INSERT_BATCH = 2_000;
    private static final int COMMIT_EVERY = 20_000;
    private static final String ADMIN = "admin:bench-admin-pw";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> figures = new LinkedHashMap<>();

    @Test
    void auditHistoryAtScale() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        long runStart = System.nanoTime();
        Path home = Files.createTempDirectory("jams-audit-bench");
        try {
            try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                    "--jams.home=" + home, "--jams.keys.pool-size=2", "--logging.level.root=WARN",
                    "--jams.audit.chain.enabled=false", BenchSetup.NO_ENROLLMENT_LIMIT)) {
                String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
                measure(server, base);
            }
            if (APPEND_COST) {
                appendCost();
            } else {
                figures.put("hash chain cost on appends", "skipped (-Dbench.appendCost=false): run "
                        + "-Dtest=AppendCostBenchmark");
            }
        } finally {
            BenchFiles.deleteTree(home);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n=== audit history benchmark: %,d generated events, %d target-device events, %d cores ===%n",
                EVENTS, TARGET_EVENTS, Runtime.getRuntime().availableProcessors()));
        figures.forEach((name, value) -> table.append(String.format(Locale.ROOT, "%-52s %s%n", name, value)));
        table.append(String.format(Locale.ROOT, "%-52s %.0f s%n", "whole run", (System.nanoTime() - runStart) / 1e9));
        System.out.println(table);
        // Surefire sends the test's output to target/surefire-reports; the table also goes where it is easy to find.
        Path report = Path.of("target", "audit-history-benchmark.txt");
        Files.writeString(report, table.toString());
        System.err.println("Audit history benchmark figures written to " + report.toAbsolutePath());
    }

    private void measure(ConfigurableApplicationContext server, String base) throws Exception {
        DataSource dataSource = server.getBean(DataSource.class);
        Serializer serializer = BeanFactoryAnnotationUtils.qualifiedBeanOfType(server.getBeanFactory(),
                Serializer.class, "eventSerializer");
        setUp(base);
        // Let the projections reach the head, then stop them: the bulk load is not theirs to process live.
        long head = queryLong(dataSource, "SELECT max(globalindex) FROM domainevententry");
        server.getBean(ReadModelCatchUp.class).awaitGlobalIndex(head, ReadModels.NAMES);
        EventProcessingConfiguration processing = server.getBean(EventProcessingConfiguration.class);
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);

        Target target = target(dataSource, serializer);
        long t0 = System.nanoTime();
        Instant middle = generate(dataSource, serializer, target);
        double generation = (System.nanoTime() - t0) / 1e9;
        long total = queryLong(dataSource, "SELECT count(*) FROM domainevententry");
        figures.put("events in the store", String.format(Locale.ROOT, "%,d", total));
        figures.put("generation (JDBC batch insert)", String.format(Locale.ROOT, "%.1f s, %,.0f events/s",
                generation, EVENTS / generation));

        // History that accumulated over months has long been vacuumed by autovacuum (hint bits set, statistics
        // known): do it now, so neither the first reader nor an autovacuum worker in the middle of a measurement pays.
        vacuum(dataSource, "domainevententry", "audit_index");

        // (a) raw read-and-deserialize of every event, payload and metadata (as a rebuild must), ordered by global
        // index; a warm-up pass over part of the store first, then the whole store.
        rawReadAll(dataSource, serializer, true, Math.min(EVENTS, 200_000));
        double[] rawFull = rawReadAll(dataSource, serializer, true, Long.MAX_VALUE);
        double[] rawPayloadOnly = rawReadAll(dataSource, serializer, false, Long.MAX_VALUE);

        // (b) rebuild of all read models through the server's rebuild service, while a device logs in every 50 ms:
        // each login appends an event to the audit index, which the switch holds back.
        ReadModels.SUBSCRIBING.forEach(name -> processing.eventProcessor(name).orElseThrow().start());
        ReadModelRebuild rebuild = server.getBean(ReadModelRebuild.class);
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicLong logins = new AtomicLong();
        AtomicLong slowestLogin = new AtomicLong();
        Thread appender = new Thread(() -> {
            try {
                while (rebuilding.get()) {
                    long started = System.nanoTime();
                    post(base + "/api/login", "bench0:bench-pw-0", "{}", 200);
                    slowestLogin.accumulateAndGet(System.nanoTime() - started, Math::max);
                    logins.incrementAndGet();
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long r0 = System.nanoTime();
        RebuildStatus status = rebuild.start("all");
        appender.start();
        while (!"DONE".equals(status.state()) && !"FAILED".equals(status.state())) {
            Thread.sleep(200);
            status = rebuild.status(status.id()).orElseThrow();
        }
        double rebuildWall = (System.nanoTime() - r0) / 1e9;
        rebuilding.set(false);
        appender.join();
        if ("FAILED".equals(status.state())) {
            throw new AssertionError("rebuild failed: " + status.error());
        }
        // The switch rewrote the live tables: vacuumed again before the measurements that follow.
        vacuum(dataSource, "audit_index", "users", "devices", "revoked_certificates", "tokenentry");
        // The raw read once more after the rebuild: the better of the two passes is the baseline (conservative).
        double[] rawAfter = rawReadAll(dataSource, serializer, true, Long.MAX_VALUE);
        double rawRate = Math.max(rawFull[0], rawAfter[0]);
        figures.put("(a) raw read + deserialize (payload+metadata)", String.format(Locale.ROOT,
                "%,.0f events/s  (passes: %,.0f before, %,.0f after the rebuild)", rawRate, rawFull[0], rawAfter[0]));
        figures.put("    raw read + deserialize (payload only)", String.format(Locale.ROOT, "%,.0f events/s",
                rawPayloadOnly[0]));
        figures.put("(b) rebuild all read models (engine's rate)", String.format(Locale.ROOT,
                "%,.0f events/s, %,d events; wall %.1f s incl. switch = %,.0f events/s", status.eventsPerSecond(),
                status.eventsDone(), rebuildWall, status.eventsDone() / rebuildWall));
        figures.put("    ratio rebuild / raw read (target >= 0.50)", String.format(Locale.ROOT,
                "%.2f  (wall incl. switch: %.2f; vs payload-only read: %.2f)  %s", status.eventsPerSecond() / rawRate,
                status.eventsDone() / rebuildWall / rawRate, status.eventsPerSecond() / rawPayloadOnly[0],
                status.eventsPerSecond() / rawRate >= 0.5 ? "MET" : "MISSED"));
        figures.put("    logins (appends) during the rebuild", String.format(Locale.ROOT,
                "%d, the slowest answered in %d ms (held back by the switch)", logins.get(),
                slowestLogin.get() / 1_000_000));


        // (c) the target device's audit trail against a raw indexed read of its rows.
        AuditTrails trails = server.getBean(AuditTrails.class);
        String rawDevice = """
                SELECT d.globalindex, d.payloadtype, d.payloadrevision, d.payload, d.metadata FROM domainevententry d
                JOIN audit_index i USING (globalindex) WHERE i.device_id = ? ORDER BY d.globalindex""";
        int trailSize = trails.deviceHistory(target.deviceId).size();
        int rawTrailSize = rawIndexed(dataSource, serializer, rawDevice, target.deviceId);
        double trail = median(() -> trails.deviceHistory(target.deviceId).size());
        double trailRaw = median(() -> rawIndexed(dataSource, serializer, rawDevice, target.deviceId));
        double trailHttp = median(() -> get(base + "/api/admin/devices/" + target.deviceId + "/history").length());
        figures.put("(c) device audit trail, AuditTrails service", String.format(Locale.ROOT,
                "%.2f ms  (%d entries)", trail, trailSize));
        figures.put("    raw indexed read of the device's rows", String.format(Locale.ROOT, "%.2f ms  (%d rows)",
                trailRaw, rawTrailSize));
        figures.put("    ratio trail / raw (target <= 2)", String.format(Locale.ROOT, "%.2f  %s", trail / trailRaw,
                trail / trailRaw <= 2 ? "MET" : "MISSED"));
        figures.put("    same trail over HTTP (JSON)", String.format(Locale.ROOT, "%.2f ms  (ratio to raw %.2f)",
                trailHttp, trailHttp / trailRaw));

        // (d) as-of for the device's user at a moment in the middle of the device's history.
        AsOfQueries asOf = server.getBean(AsOfQueries.class);
        String rawUser = """
                SELECT d.globalindex, d.payloadtype, d.payloadrevision, d.payload, d.metadata FROM domainevententry d
                JOIN audit_index i USING (globalindex) WHERE i.username = ? ORDER BY d.globalindex""";
        UserAsOf state = asOf.userAt(target.username, middle).orElseThrow();
        int rawUserRows = rawIndexed(dataSource, serializer, rawUser, target.username);
        double asOfMs = median(() -> asOf.userAt(target.username, middle).orElseThrow().eventsFolded());
        double asOfRaw = median(() -> rawIndexed(dataSource, serializer, rawUser, target.username));
        double asOfHttp = median(() -> get(base + "/api/audit/as-of?at=" + middle + "&user="
                + URLEncoder.encode(target.username, StandardCharsets.UTF_8)).length());
        figures.put("(d) as-of user query (AsOfQueries) at mid-history", String.format(Locale.ROOT,
                "%.2f ms  (%d events folded, %d devices, %d valid)", asOfMs, state.eventsFolded(),
                state.devices().size(), state.validDevices().size()));
        figures.put("    raw indexed read of the user's rows", String.format(Locale.ROOT, "%.2f ms  (%d rows)",
                asOfRaw, rawUserRows));
        figures.put("    ratio as-of / raw (target <= 2)", String.format(Locale.ROOT, "%.2f  %s", asOfMs / asOfRaw,
                asOfMs / asOfRaw <= 2 ? "MET" : "MISSED"));
        figures.put("    same as-of over HTTP (JSON)", String.format(Locale.ROOT, "%.2f ms  (ratio to raw %.2f)",
                asOfHttp, asOfHttp / asOfRaw));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Setup over HTTP

    private void setUp(String base) throws Exception {
        post(base + "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"bench-admin-pw\"}", 201);
        post(base + "/api/setup/ca", ADMIN, "{\"mode\":\"generate\",\"commonName\":\"Bench CA\",\"validityDays\":30}",
                201);
        post(base + "/api/setup/directory", ADMIN, "{\"type\":\"local\"}", 201);
        post(base + "/api/setup/settings", ADMIN, "{\"deviceLifetimeDays\":30,\"userLifetimeDays\":30,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", 201);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        for (int u = 0; u < REAL_USERS; u++) {
            post(base + "/api/admin/users", ADMIN, "{\"username\":\"bench" + u + "\",\"password\":\"bench-pw-" + u
                    + "\",\"displayName\":\"Bench " + u + "\"}", 201);
            for (int d = 0; d < REAL_DEVICES_PER_USER; d++) {
                String body = "{\"csr\":\"" + csr(generator.generateKeyPair()).replace("\n", "\\n")
                        + "\",\"deviceName\":\"bench-" + u + "-" + d + "\"}";
                post(base + "/api/auth/device", "bench" + u + ":bench-pw-" + u, body, 200);
            }
        }
    }

    private static String csr(KeyPair pair) throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Jami device"),
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA384withRSA").build(pair.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        return pem.toString().replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    }

    private void post(String url, String basic, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("User-Agent", "Jami")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (basic != null) {
            request.header("Authorization", basic(basic));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", basic(ADMIN)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Generation

    /** The real enrolment the generated history is modelled on, and the device whose history is spread out. */
    private record Target(String username, String deviceId, String aggregateType, long nextSequence,
                          DeviceCertificateIssuedEvent template, MetaData metaData) {
    }

    private static Target target(DataSource dataSource, Serializer serializer) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT aggregateidentifier, type, payload, payloadrevision, metadata FROM domainevententry
                WHERE payloadtype = ? ORDER BY globalindex LIMIT 1""")) {
            select.setString(1, DeviceCertificateIssuedEvent.class.getName());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No device was enrolled");
                }
                DeviceCertificateIssuedEvent event = serializer.deserialize(new SimpleSerializedObject<>(
                        rs.getBytes(3), byte[].class, new SimpleSerializedType(
                        DeviceCertificateIssuedEvent.class.getName(), rs.getString(4))));
                MetaData metaData = MetaData.from(serializer.<byte[], Map<String, ?>>deserialize(
                        new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                                new SimpleSerializedType(MetaData.class.getName(), null))));
                String username = rs.getString(1);
                long next = queryLong(dataSource, "SELECT max(sequencenumber) + 1 FROM domainevententry"
                        + " WHERE aggregateidentifier = '" + username.replace("'", "''") + "'");
                return new Target(username, event.deviceId(), rs.getString(2), next, event, metaData);
            }
        }
    }

    private record Row(String aggregate, long sequence, String type, String eventId, byte[] metaData, byte[] payload,
                       String revision, String payloadType, String timestamp) {
    }

    /**
     * Appends EVENTS events: a producer thread builds and serializes batches, this thread inserts them. Returns the
     * time of the target device's middle event (the as-of moment).
     */
    private static Instant generate(DataSource dataSource, Serializer serializer, Target target) throws Exception {
        BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(8);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicReference<Instant> middle = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                produce(serializer, target, queue, middle);
            } catch (Throwable e) {
                failed.set(e);
                queue.offer(List.of());
            }
        }, "bench-event-generator");
        producer.start();
        long inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                      payload, payloadrevision, payloadtype, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                while (true) {
                    List<Row> batch = queue.take();
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (Row row : batch) {
                        insert.setString(1, row.aggregate);
                        insert.setLong(2, row.sequence);
                        insert.setString(3, row.type);
                        insert.setString(4, row.eventId);
                        insert.setBytes(5, row.metaData);
                        insert.setBytes(6, row.payload);
                        insert.setString(7, row.revision);
                        insert.setString(8, row.payloadType);
                        insert.setString(9, row.timestamp);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    inserted += batch.size();
                    if (inserted % COMMIT_EVERY < INSERT_BATCH) {
                        c.commit();
                    }
                }
                c.commit();
            }
        }
        producer.join();
        if (failed.get() != null) {
            throw new IllegalStateException("Generating events failed", failed.get());
        }
        return middle.get();
    }

    private static void produce(Serializer serializer, Target target, BlockingQueue<List<Row>> queue,
                                AtomicReference<Instant> middle) throws InterruptedException {
        Random random = new Random(42);
        int users = Math.max(50, EVENTS / 500);
        String[] names = new String[users];
        String[][] devices = new String[users][];
        long[] sequences = new long[users];
        for (int u = 0; u < users; u++) {
            names[u] = String.format(Locale.ROOT, "gen%06d", u);
            devices[u] = new String[1 + random.nextInt(4)];
            for (int d = 0; d < devices[u].length; d++) {
                devices[u][d] = randomHex(random, 32);
            }
        }
        long targetSequence = target.nextSequence;
        int targetEvery = Math.max(1, EVENTS / TARGET_EVENTS);
        int targetDone = 0;
        // Generated history starts one second after the real events and advances 100 µs an event.
        Instant start = Instant.now().plusSeconds(1);
        DeviceCertificateIssuedEvent t = target.template;
        List<Row> batch = new ArrayList<>(INSERT_BATCH);
        for (int i = 0; i < EVENTS; i++) {
            Instant time = start.plusNanos(100_000L * i);
            Object payload;
            String aggregate;
            long sequence;
            if (i % targetEvery == targetEvery / 2 && targetDone < TARGET_EVENTS) {
                // The target device: mostly contact syncs, every fourth a certificate renewal.
                payload = targetDone % 4 == 3
                        ? new DeviceCertificateIssuedEvent(t.username(), t.deviceId(), t.deviceSha1Id(),
                        t.deviceName(), randomHex(random, 16), time, time.plusSeconds(30L * 86_400),
                        t.certificatePem(), t.issuerKeyId(), "203.0.113." + random.nextInt(255), "Jami")
                        : new ContactsSyncedEvent(t.username(), t.deviceId(), 20 + random.nextInt(50),
                        contacts(random, 1 + random.nextInt(3)));
                aggregate = target.username;
                sequence = targetSequence++;
                if (targetDone == TARGET_EVENTS / 2) {
                    middle.set(time);
                }
                targetDone++;
            } else {
                int u = random.nextInt(users);
                String device = devices[u][random.nextInt(devices[u].length)];
                payload = random.nextInt(10) == 0
                        ? new DeviceCertificateIssuedEvent(names[u], device, device.substring(0, 40),
                        "phone-" + u, randomHex(random, 16), time, time.plusSeconds(30L * 86_400),
                        t.certificatePem(), randomHex(random, 20), "198.51.100." + random.nextInt(255), "Jami")
                        : new ContactsSyncedEvent(names[u], device, 10 + random.nextInt(100),
                        contacts(random, random.nextInt(4)));
                aggregate = names[u];
                sequence = sequences[u]++;
            }
            Map<String, Object> meta = new HashMap<>(target.metaData);
            meta.put("correlationId", UUID.randomUUID().toString());
            meta.put("traceId", randomHex(random, 16));
            SerializedObject<byte[]> data = serializer.serialize(payload, byte[].class);
            SerializedObject<byte[]> metaData = serializer.serialize(MetaData.from(meta), byte[].class);
            batch.add(new Row(aggregate, sequence, target.aggregateType, UUID.randomUUID().toString(),
                    metaData.getData(), data.getData(), data.getType().getRevision(), data.getType().getName(),
                    DateTimeUtils.formatInstant(time)));
            if (batch.size() == INSERT_BATCH) {
                queue.put(batch);
                batch = new ArrayList<>(INSERT_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            queue.put(batch);
        }
        queue.put(List.of());
    }

    private static List<Contact> contacts(Random random, int count) {
        List<Contact> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long added = 1_700_000_000L + random.nextInt(50_000_000);
            contacts.add(new Contact(randomHex(random, 20), added, random.nextInt(5) == 0 ? added + 3600 : 0,
                    random.nextBoolean(), false, randomHex(random, 20)));
        }
        return contacts;
    }

    private static String randomHex(Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Raw reads

    /** Reads up to {@code limit} events in global order, deserializing each; returns {events/s, events}. */
    static double[] rawReadAll(DataSource dataSource, Serializer serializer, boolean withMetaData, long limit)
            throws Exception {
        long count = 0;
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                      payloadrevision, payloadtype, timestamp FROM domainevententry ORDER BY globalindex""")) {
                select.setFetchSize(5_000);
                try (ResultSet rs = select.executeQuery()) {
                    long sink = 0;
                    while (count < limit && rs.next()) {
                        rs.getLong(1);
                        rs.getString(2);
                        rs.getLong(3);
                        rs.getString(4);
                        rs.getString(5);
                        byte[] meta = rs.getBytes(6);
                        Object payload = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(7),
                                byte[].class, new SimpleSerializedType(rs.getString(9), rs.getString(8))));
                        sink += payload.hashCode();
                        if (withMetaData && meta != null) {
                            Map<String, ?> m = serializer.deserialize(new SimpleSerializedObject<>(meta, byte[].class,
                                    new SimpleSerializedType(MetaData.class.getName(), null)));
                            sink += m.size();
                        }
                        DateTimeUtils.parseInstant(rs.getString(10));
                        count++;
                    }
                    if (sink == 42) {
                        System.out.print("");
                    }
                }
            }
            c.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new double[] {count / seconds, count};
    }

    /** A raw indexed read: the rows the query finds, payload and metadata deserialized; returns how many. */
    private static int rawIndexed(DataSource dataSource, Serializer serializer, String sql, String key)
            throws Exception {
        int count = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(1);
                    serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(4), byte[].class,
                            new SimpleSerializedType(rs.getString(2), rs.getString(3))));
                    byte[] meta = rs.getBytes(5);
                    if (meta != null) {
                        serializer.deserialize(new SimpleSerializedObject<>(meta, byte[].class,
                                new SimpleSerializedType(MetaData.class.getName(), null)));
                    }
                    count++;
                }
            }
        }
        return count;
    }

    /** Median milliseconds of REPEATS runs after WARMUP runs. */
    private static double median(Callable<?> action) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            action.call();
        }
        double[] ms = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            action.call();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[REPEATS / 2];
    }

    private static void vacuum(DataSource dataSource, String... tables) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("VACUUM (ANALYZE) " + table);
            }
        }
    }

    private static long queryLong(DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The hash chain's cost, from the existing benchmark

    private void appendCost() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            Class<?> type = Class.forName("org.jams.gateway.audit.integrity.AppendCostBenchmark");
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method test = type.getDeclaredMethod("appendThroughputWithAndWithoutSigningAndChaining");
            test.setAccessible(true);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            test.invoke(constructor.newInstance());
        } catch (Exception | Error e) {
            figures.put("hash chain cost on appends", "AppendCostBenchmark failed here (" + e
                    + "): run -Dtest=AppendCostBenchmark");
            return;
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        int n = 0;
        for (String line : out.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("UNSIGNED") || trimmed.startsWith("SIGNED") || trimmed.startsWith("signing")
                    || trimmed.startsWith("Append cost")) {
                if (n++ == 0) {
                    figures.put("(e) hash chain cost (AppendCostBenchmark)", trimmed.replace("Append cost, ", ""));
                } else if (trimmed.startsWith("signing")) {
                    figures.put("    signing alone", trimmed.substring(trimmed.indexOf(':') + 1).trim());
                } else {
                    int space = trimmed.indexOf(' ');
                    figures.put("    appends " + trimmed.substring(0, space), trimmed.substring(space).trim());
                }
            }
        }
        if (n == 0) {
            figures.put("(e) hash chain cost (AppendCostBenchmark)", "no figures printed; its output: " + out);
        }
    }

}
