package org.jams.gateway.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jams.api.stored.EventJson;
import org.jams.gateway.JamsServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server at scale (issue 12): {@code bench.users} people (100,000) with {@code bench.devicesPerUser} devices each
 * (3) in the real event store, on the embedded PostgreSQL. The store is loaded first, by {@link DirectoryLoader} in
 * this JVM (a few real people, everyone else their copy, appended through the server's own event store: see there
 * for what is copied). Then the server runs on it in a JVM of its own ({@link ServerProcess}, started as an operator
 * starts it, without JVM options, so its memory and CPU are its own), beside a second server on an empty store.
 * Measured:
 * <ul>
 *   <li>the time from launching the server on the loaded store to readiness UP (and, for comparison, the empty
 *       store's server started again);</li>
 *   <li>the admin user search and a user's device list, one request at a time: p50 and p99 (target p99 at most
 *       50 ms);</li>
 *   <li>enrollments/s against the raw RSA-4096 signing rate on both servers, which take turns (target: the loaded
 *       store within 10% of the empty one);</li>
 *   <li>the server's resident memory once it has served all that, and its heap and non-heap after a full GC (target
 *       at most 512 MB resident);</li>
 *   <li>a rebuild of every read model against the raw read-and-deserialize rate of the same events.</li>
 * </ul>
 * {@code -Dbench.home=DIR} keeps the loaded store in DIR and reuses it on the next run;
 * {@code -Dbench.serverJvmOptions="..."} starts the servers with JVM options (a heap limit, native memory tracking) to
 * see what they change. Not part of the default suite: {@code mvn -B -o -pl api-gateway -am -Pbenchmark test
 * -Dtest=ScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.users=2000]}. The table is printed and
 * written to {@code api-gateway/target/scale-benchmark.txt}; the servers' logs go to
 * {@code target/scale-benchmark-server.log}.
 */
@Tag("benchmark")
class ScaleBenchmark {

    private static final int USERS = Integer.getInteger("bench.users", 100_000);
    private static final int DEVICES_PER_USER = Integer.getInteger("bench.devicesPerUser", 3);
    /** Appending threads: each waits for PostgreSQL most of the time (two statements per event). */
    private static final int LOAD_THREADS = Integer.getInteger("bench.loadThreads", 4);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int ENROLLING_PEOPLE = Integer.getInteger("bench.enrollingUsers", 4);
    private static final int DEVICE_KEYS = Integer.getInteger("bench.deviceKeys", 200);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 120);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 1000);
    private static final int QUERIES = Integer.getInteger("bench.queries", 2000);
    private static final String HOME = System.getProperty("bench.home");
    private static final String LOAD_RECORD = "scale-benchmark-load.properties";
    private static final double MB = 1024 * 1024;

    private final Map<String, String> figures = new LinkedHashMap<>();
    private final StringBuilder details = new StringBuilder();
    private final Path serverLog = Path.of("target", "scale-benchmark-server.log").toAbsolutePath();
    /** Enrolling people are new on every run, also on a reused store. */
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    @Test
    void serverAtScale() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (USERS < DirectoryLoader.TEMPLATE_USERS) {
            throw new IllegalArgumentException("bench.users must be at least " + DirectoryLoader.TEMPLATE_USERS);
        }
        long runStart = System.nanoTime();
        Files.deleteIfExists(serverLog);
        // The enrolling devices' keys (RSA-2048 as in EnrollmentBenchmark: the server's cost is the account key's).
        List<String> csrs = BenchSetup.deviceCsrs(DEVICE_KEYS, 2048);
        Path home = HOME == null ? Files.createTempDirectory("jams-scale") : Files.createDirectories(Path.of(HOME));
        Path emptyHome = Files.createTempDirectory("jams-scale-empty");
        try {
            loadOnce(home);
            try (ServerProcess empty = ServerProcess.start(emptyHome, serverLog, CLIENTS)) {
                BenchSetup.complete(empty.http());
                try (ServerProcess loaded = ServerProcess.start(home, serverLog, CLIENTS)) {
                    figures.put("(2) start to readiness UP, loaded store", String.format(Locale.ROOT, "%.1f s "
                            + "(launching the JVM to /actuator/health/readiness UP)", loaded.secondsToReady()));
                    figures.put("    server RSS at readiness", JvmMemory.read(loaded).rssLine());
                    search(loaded);
                    enrollments(empty, loaded, csrs);
                    memory(loaded, empty);
                    empty.close(); // before its restart; the end of its block then finds it stopped
                    restart(emptyHome);
                    rebuild(loaded);
                }
            }
        } finally {
            BenchFiles.deleteTree(emptyHome);
            if (HOME == null) {
                BenchFiles.deleteTree(home);
            }
        }
        figures.put("whole run", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - runStart) / 1e9));
        report();
    }

    /** The admin console's searches and device lists on the loaded store, one request at a time. */
    private void search(ServerProcess loaded) throws Exception {
        AdminQueries queries = new AdminQueries(loaded.http(), loaded.database());
        Map<String, Latencies> search = queries.search(300, QUERIES);
        Latencies all = search.get(AdminQueries.ALL);
        figures.put("(3) user search, sequential", all.summary() + target(all.percentile(99) <= 50));
        search.forEach((kind, latencies) -> {
            if (!kind.equals(AdminQueries.ALL)) {
                figures.put("      " + kind, latencies.summary() + (kind.equals(AdminQueries.THREE_OR_MORE)
                        ? target(latencies.percentile(99) <= 50) : ""));
            }
        });
        Latencies devices = queries.deviceLists(300, QUERIES);
        figures.put("    device list, sequential", devices.summary() + target(devices.percentile(99) <= 50));
    }

    /** Enrollments on the empty and the loaded store, taking turns. */
    private void enrollments(ServerProcess emptyServer, ServerProcess loadedServer, List<String> csrs)
            throws Exception {
        EnrollmentMeasurement empty = EnrollmentMeasurement.on(emptyServer, "enr" + runId + "e", ENROLLING_PEOPLE,
                csrs, CLIENTS, REQUESTS);
        EnrollmentMeasurement loaded = EnrollmentMeasurement.on(loadedServer, "enr" + runId + "l",
                ENROLLING_PEOPLE, csrs, CLIENTS, REQUESTS);
        EnrollmentComparison comparison = EnrollmentComparison.run(empty, loaded, WARMUP_SECONDS, REQUESTS);
        figures.put("(4) enrollments, empty store", empty.line(comparison.signingRate()));
        figures.put("    enrollments, loaded store", loaded.line(comparison.signingRate()));
        figures.put("    RSA-4096 SHA512withRSA signing", comparison.signingLine());
        figures.put("    loaded against empty", String.format(Locale.ROOT, "%.2f of the empty store's "
                + "enrollments/s (and ratio)%s", comparison.loadedShare(), target(comparison.loadedShare() >= 0.9)));
        details.append(String.format(Locale.ROOT, "%nEnrollments on the empty store, %d concurrent clients, each "
                + "server warmed for %d s, then %d measured rounds taking turns:%n", CLIENTS, WARMUP_SECONDS,
                EnrollmentComparison.ROUNDS))
                .append(empty.details());
        details.append(String.format(Locale.ROOT, "%nEnrollments on the loaded store:%n")).append(loaded.details());
    }

    /** The empty store's server started again, for comparison with the loaded store's start. */
    private void restart(Path emptyHome) throws Exception {
        try (ServerProcess restarted = ServerProcess.start(emptyHome, serverLog, CLIENTS)) {
            figures.put("(6) start to readiness UP, empty store", String.format(Locale.ROOT, "%.1f s",
                    restarted.secondsToReady()));
        }
    }

    /** Loads the store in this JVM (the server in-process, as the loading tool it is), unless DIR holds one. */
    private void loadOnce(Path home) throws Exception {
        Path record = home.resolve(LOAD_RECORD);
        Properties load = new Properties();
        if (Files.exists(record)) {
            try (Reader reader = Files.newBufferedReader(record)) {
                load.load(reader);
            }
            figures.put("store", "reused from " + home + " (loaded by an earlier run: " + load.getProperty("summary")
                    + ")");
            return;
        }
        DirectoryLoader.Report report;
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--logging.level.root=WARN", BenchSetup.NO_ENROLLMENT_LIMIT);
             BenchHttp http = new BenchHttp("http://127.0.0.1:"
                     + server.getEnvironment().getProperty("local.server.port"), CLIENTS)) {
            report = new DirectoryLoader(server, http, USERS, DEVICES_PER_USER).load(LOAD_THREADS);
        }
        String summary = String.format(Locale.ROOT, "%,d users, %,d devices, %,d events", report.users(),
                report.devices(), report.events());
        figures.put("store", summary + " (" + DirectoryLoader.TEMPLATE_USERS + " real people and devices, the "
                + "others their copies: certificates, sealed account keys and password hashes copied, ids unique)");
        figures.put("(1) load: copies appended through the event store", String.format(Locale.ROOT,
                "%.0f s: %,.0f users/s, %,.0f devices/s, %,.0f events/s (%d threads)", report.appendSeconds(),
                report.usersPerSecond(), report.devicesPerSecond(),
                (report.events() - DirectoryLoader.TEMPLATE_USERS * (1.0 + DEVICES_PER_USER)) / report.appendSeconds(),
                LOAD_THREADS));
        figures.put("    load, everything", String.format(Locale.ROOT, "%.0f s: setup and real people %.0f s, "
                        + "projections catching up %.0f s, hash chain %.0f s, VACUUM ANALYZE %.0f s",
                report.totalSeconds(), report.templateSeconds(), report.catchUpSeconds(), report.chainSeconds(),
                report.vacuumSeconds()));
        details.append(String.format(Locale.ROOT, "%nCPU per event appended while loading (this JVM by thread group, "
                + "and PostgreSQL):%n")).append(report.appendCpu());
        load.setProperty("summary", summary + String.format(Locale.ROOT, ", appended at %,.0f users/s",
                report.usersPerSecond()));
        try (Writer writer = Files.newBufferedWriter(record)) {
            load.store(writer, "ScaleBenchmark's loaded store");
        }
    }

    /**
     * Resident memory once the loaded store's server has served all that, then after a full GC with the JVM's own
     * breakdown; the empty store's server at the same moment, for comparison.
     */
    private void memory(ServerProcess loaded, ServerProcess empty) throws Exception {
        JvmMemory steady = JvmMemory.read(loaded);
        loaded.collectGarbage();
        JvmMemory collected = JvmMemory.read(loaded);
        figures.put("(5) server RSS, loaded store, after all that", steady.rssLine() + ", heap committed "
                + mb(steady.heapCommitted()) + target(steady.rss() <= 512 * MB));
        figures.put("    server RSS after a full GC", collected.rssLine() + target(collected.rss() <= 512 * MB));
        figures.put("    heap after a full GC", collected.heapLine());
        figures.put("    non-heap", collected.nonHeapLine());
        figures.put("    other native memory", collected.otherLine());
        if (ServerProcess.JVM_OPTIONS.contains("NativeMemoryTracking")) {
            details.append(String.format(Locale.ROOT, "%nServer JVM options %s; native memory after a full GC:%n%s",
                    ServerProcess.JVM_OPTIONS, loaded.jcmd("VM.native_memory", "summary")));
        }
        JvmMemory emptySteady = JvmMemory.read(empty);
        empty.collectGarbage();
        JvmMemory emptyCollected = JvmMemory.read(empty);
        figures.put("    empty store's server, same moment", emptySteady.rssLine() + "; after a full GC "
                + emptyCollected.rssLine() + ", heap used " + mb(emptyCollected.heapUsed()));
    }

    /** The raw read of every event (best of two passes, after a warm-up) and a rebuild of every read model. */
    private void rebuild(ServerProcess server) throws Exception {
        var serializer = EventJson.eventSerializer();
        AuditHistoryBenchmark.rawReadAll(server.database(), serializer, true, 200_000);
        double[] rawBefore = AuditHistoryBenchmark.rawReadAll(server.database(), serializer, true, Long.MAX_VALUE);
        double serverCpu = server.cpuSeconds();
        double postgresCpu = server.postgresCpuSeconds();
        RebuildRun rebuild = RebuildRun.all(server.http());
        serverCpu = server.cpuSeconds() - serverCpu;
        postgresCpu = server.postgresCpuSeconds() - postgresCpu;
        double[] rawAfter = AuditHistoryBenchmark.rawReadAll(server.database(), serializer, true, Long.MAX_VALUE);
        double raw = Math.max(rawBefore[0], rawAfter[0]);
        figures.put("(7) raw read + deserialize, every event", String.format(Locale.ROOT, "%,.0f events/s "
                + "(%,.0f events; passes %,.0f before and %,.0f after the rebuild)", raw, rawBefore[1], rawBefore[0],
                rawAfter[0]));
        figures.put("    rebuild of every read model", String.format(Locale.ROOT, "%,.0f events/s (engine), ratio "
                        + "to raw %.2f (AuditHistoryBenchmark's target: 0.50)%s", rebuild.engineEventsPerSecond(), rebuild.engineEventsPerSecond() / raw,
                target(rebuild.engineEventsPerSecond() / raw >= 0.5)));
        figures.put("    rebuild, wall", String.format(Locale.ROOT, "%.1f s = %,.0f events/s (ratio %.2f), of which "
                        + "%.1f s after the replay (indexes, statistics, switch, diff)", rebuild.wallSeconds(),
                rebuild.events() / rebuild.wallSeconds(), rebuild.events() / rebuild.wallSeconds() / raw,
                rebuild.switchSeconds()));
        figures.put("    rebuild, CPU", String.format(Locale.ROOT, "server JVM %.0f s, its PostgreSQL %.0f s "
                + "(%.0f and %.0f µs per event)", serverCpu, postgresCpu, serverCpu * 1e6 / rebuild.events(),
                postgresCpu * 1e6 / rebuild.events()));
        figures.put("    live read models against rebuilt", (rebuild.identical() ? "identical" : "DIFFERENT")
                + " (rows only live/only rebuilt: " + rebuild.diff() + ")");
        figures.put("    server RSS after the rebuild", JvmMemory.read(server).rssLine());
    }

    private void report() throws IOException {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n=== scale benchmark: %,d users x %d "
                        + "devices, %d concurrent enrolling clients, %d cores ===%n", USERS, DEVICES_PER_USER,
                CLIENTS, Runtime.getRuntime().availableProcessors()));
        figures.forEach((name, value) -> table.append(String.format(Locale.ROOT, "%-52s %s%n", name, value)));
        table.append(details);
        System.out.println(table);
        // Surefire sends the test's output to target/surefire-reports; the table also goes where it is easy to find.
        Path file = Path.of("target", "scale-benchmark.txt");
        Files.writeString(file, table.toString());
        System.err.println("Scale benchmark figures written to " + file.toAbsolutePath());
    }

    private static String target(boolean met) {
        return met ? "  MET" : "  MISSED";
    }

    private static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / MB);
    }

}
