package org.jams.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jams.command.pki.KeyPairPool;
import org.jams.gateway.JamsServer;
import org.jams.gateway.bench.SigningRates.Rates;
import org.jams.gateway.tls.SelfSignedServerCertificate;
import org.jams.gateway.tls.TlsEngine;
import org.jams.gateway.web.BlockingWork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.http.client.HttpClient;

/**
 * Enrollment throughput over HTTPS against this machine's raw RSA-4096 signing rate (issue 12). Not part of the default
 * suite: {@code mvn -o -Pbenchmark test -pl api-gateway -am -Dtest=EnrollmentBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -DargLine="$(JAMS_PRINT_JVM_OPTIONS=1 sh
 * api-gateway/src/main/launcher/jams-server)"} (the server runs in the benchmark's JVM, which must have the launcher's
 * options). The server serves TLS with a self-signed RSA certificate, or ECDSA with {@code -Dbench.serverKey=ecdsa}
 * ({@code -Dbench.tlsEngine=jdk|openssl} picks its engine, else its default); devices have RSA-4096 keys of their own.
 * Two measured phases: kept-alive connections, then a new TLS connection per enrollment (a Jami client's way). Each is
 * compared with (signing rate ÷ 3 account-key signatures per enrollment: device certificate, announce, receipt) while
 * it ran, for the JCA provider the server signs with and for OpenSSL; the ratio to the faster signer is the one the
 * issue's target is about. It also times user creation. See the README, "Benchmark".
 */
@Tag("benchmark")
class EnrollmentBenchmark {

    /**
     * Users enrolled during the measurement: one per client, as when people enroll at once. The warm-up enrolls as
     * many other users: it warms the JVM, and must not leave the measured users with hundreds of renewals per device
     * that no real person accumulates.
     */
    private static final int USERS = Integer.getInteger("bench.users", 16);
    /**
     * The warm-up's devices: each enrolls again and again (a renewal), as a phone or laptop does over months. With
     * {@code -Dbench.renewals=true} the measured users' devices too, as many; otherwise every measured enrollment
     * is a new device, a key never enrolled before, as the "distinct device keys" asks (each phase's keys
     * its own).
     */
    private static final int DEVICE_KEYS = Integer.getInteger("bench.deviceKeys", 400);
    private static final boolean RENEWALS = Boolean.getBoolean("bench.renewals");
    private static final int DEVICE_KEY_BITS = Integer.getInteger("bench.deviceKeyBits", 4096);
    private static final int SERVER_KEY_BITS = Integer.getInteger("bench.serverKeyBits", 2048);
    /** {@code ecdsa}: the server's certificate has an ECDSA P-256 key (certbot's default) instead of RSA. */
    private static final boolean ECDSA_SERVER_KEY = "ecdsa".equals(System.getProperty("bench.serverKey", "rsa"));
    private static final String SERVER_KEY = ECDSA_SERVER_KEY ? "ECDSA P-256" : "RSA-" + SERVER_KEY_BITS;
    private static final String TLS_ENGINE = System.getProperty("bench.tlsEngine", "");
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /**
     * The JIT keeps compiling this much code for minutes on two busy cores (JVM-internal threads in the CPU report):
     * after 150 s it still took 0.55 to 1.5 ms of CPU per enrollment here, after 300 s 0.2 to 0.5 ms. The server is
     * measured once warm, as it runs most of its life.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 300);
    /** After those, warm-up goes on until the JIT settles (see {@link #warmUp}), for at most this long. */
    private static final int WARMUP_EXTRA_SECONDS = Integer.getInteger("bench.warmupExtraSeconds", 300);
    /** The JIT has settled when its compiler threads used less than this share of the machine's CPU in a pass. */
    private static final double SETTLED_JIT_SHARE = 0.01;
    /**
     * A pause after each warm-up pass, the server idle. On cores saturated without a break, the JIT's one C2 thread
     * gets a sliver of the CPU, its queue stays long, and HotSpot drops queued compilations of methods called once
     * a request as stale: they stayed in profiled C1 code for minutes (a JFR recording showed WebFlux's
     * {@code selectMediaType} reaching C2 only in the first measured slice, 0.7 s of compilation there), while the
     * compiler's low CPU share read as settled. A server meets quieter moments; these pauses are them.
     */
    private static final long WARMUP_PAUSE_MILLIS = Long.getLong("bench.warmupPauseMillis", 1_000);
    /**
     * The server runs in this JVM, which must have the launcher's options for the default budget (see
     * {@link LauncherOptions}); {@code -Dbench.unbounded=true} measures a JVM left to itself instead, and says so.
     */
    private static final boolean UNBOUNDED = Boolean.getBoolean("bench.unbounded");
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int NEW_USERS = Integer.getInteger("bench.newUsers", 50);
    /**
     * Concurrent user creations: one per core. A user whose account key is not pre-generated generates it inside the
     * command's transaction, holding a database connection for seconds: 16 at once took the whole pool here.
     */
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int USER_CREATORS = CORES;
    private static final int SIGNATURES_PER_ENROLLMENT = 3;
    private static final String ADMIN = "admin:bench-admin-pw";

    /**
     * The signers are measured before a phase and after each of its slices: this machine's signing rate moved by up
     * to 40% from one minute to the next, and a phase's limit is then what the signers did while it ran.
     */
    private static final int SLICES = Integer.getInteger("bench.slices", 4);

    /**
     * One measured phase: its enrollments, what they cost, the signers' rates measured after each of its slices, and
     * its limit: the enrollments each signer would have allowed meanwhile (for each slice, its seconds times the mean
     * of the rates measured before and after it, ÷ 3).
     */
    private record Phase(String title, int enrollments, double seconds, List<Long> latencies, String cpu,
                         double cpuPerEnrollment, double requestThreadsPerEnrollment,
                         double serverJvmPerEnrollment, String database,
                         List<Rates> signersAfter, Rates limit) {

        double perSecond() {
            return enrollments / seconds;
        }

        Rates last() {
            return signersAfter.get(signersAfter.size() - 1);
        }

        /** The signers' rates over the phase, each slice weighted by its duration. */
        Rates meanRates() {
            return new Rates(limit.jca() * SIGNATURES_PER_ENROLLMENT / seconds,
                    limit.openssl() * SIGNATURES_PER_ENROLLMENT / seconds);
        }
    }

    @Test
    void enrollmentThroughputAgainstRawSigningRate() throws Exception {
        List<String> launcherOptions = LauncherOptions.ofDefaultBudget();
        List<String> missing = LauncherOptions.missingFromThisJvm(launcherOptions);
        if (!missing.isEmpty() && !UNBOUNDED) {
            throw new IllegalStateException("The server must run as the launcher runs it, but this JVM lacks "
                    + missing + ": add " + LauncherOptions.argLine(launcherOptions)
                    + " (or -Dbench.unbounded=true to measure a JVM left to itself)");
        }
        String jvm = missing.isEmpty() ? "the launcher's options for the default budget: " + launcherOptions
                : "NOT the launcher's (-Dbench.unbounded=true): it lacks " + missing;
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = Files.createTempDirectory("jams-bench");
        SelfSignedServerCertificate certificate = ECDSA_SERVER_KEY
                ? SelfSignedServerCertificate.writeEcdsa(home.resolve("tls"))
                : SelfSignedServerCertificate.write(home.resolve("tls"), SERVER_KEY_BITS);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--jams.home=" + home,
                "--jams.keys.pool-size=" + 2 * USERS, "--logging.level.root=WARN", BenchSetup.NO_ENROLLMENT_LIMIT,
                "--jams.database.statement-statistics=true"));
        arguments.addAll(certificate.serverArguments());
        if (!TLS_ENGINE.isBlank()) {
            arguments.add("--" + TlsEngine.PROPERTY + "=" + TLS_ENGINE);
        }
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class,
                arguments.toArray(String[]::new));
             EnrollmentClients clients = new EnrollmentClients("https://127.0.0.1:"
                     + server.getEnvironment().getProperty("local.server.port"), certificate.certificate(), CLIENTS)) {
            measure(server, clients, jvm);
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    private void measure(ConfigurableApplicationContext server, EnrollmentClients clients, String jvm)
            throws Exception {
        KeyPairPool keyPool = server.getBean(KeyPairPool.class);
        setUp(clients);
        awaitFullKeyPool(keyPool);
        String usersReport = userCreation(clients, keyPool);
        System.out.print(usersReport);
        // The warm-up's devices and the measured users' devices are different keys, as they would be.
        List<String> csrs = DeviceCsrs.load(DEVICE_KEYS + (RENEWALS ? DEVICE_KEYS : 2 * REQUESTS), DEVICE_KEY_BITS);
        List<String> warmupCsrs = csrs.subList(0, DEVICE_KEYS);
        List<String> keptAliveCsrs = RENEWALS ? csrs.subList(DEVICE_KEYS, 2 * DEVICE_KEYS)
                : csrs.subList(DEVICE_KEYS, DEVICE_KEYS + REQUESTS);
        List<String> newConnectionCsrs = RENEWALS ? keptAliveCsrs
                : csrs.subList(DEVICE_KEYS + REQUESTS, DEVICE_KEYS + 2 * REQUESTS);
        warmUp(clients, warmupCsrs, server.getBean(DataSource.class));
        // The users created above drained the pool of pre-generated account keys; its refill is preparation for
        // future users, not enrollment work, so it must not run during the measurement.
        awaitFullKeyPool(keyPool);

        clients.signIn("bench", 0, USERS, USER_CREATORS); // the measured users' first password checks, not measured
        SigningRates signers = SigningRates.onAllCores();
        Rates before = signers.measure();
        Phase keptAlive = phase(server, clients, clients.keptAlive(), keptAliveCsrs, signers, before,
                "kept-alive connections (one TLS handshake per client)");
        Phase newConnections = phase(server, clients, clients.newConnectionEach(), newConnectionCsrs, signers,
                keptAlive.last(), "a new TLS connection per enrollment (a Jami client's pattern: a full handshake each "
                        + "time)");

        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n=== enrollment benchmark: HTTPS, %d requests per phase, %d concurrent clients, %d users, "
                        + "RSA-%d device keys, %s, %d cores ===%n", REQUESTS, CLIENTS, USERS, DEVICE_KEY_BITS,
                RENEWALS ? "renewals of " + DEVICE_KEYS + " devices" : "each a new device", signers.threads()));
        out.append(String.format(Locale.ROOT, "server TLS engine        %s; %s server certificate%n",
                server.getBean(TlsEngine.class).describe(), SERVER_KEY));
        out.append(String.format(Locale.ROOT, "client TLS               %s%n", clients.describe()));
        out.append(String.format(Locale.ROOT, "server JVM               %s (the load generator shares it)%n", jvm));
        out.append(String.format(Locale.ROOT, "RSA-4096 SHA512withRSA signatures/s on %d threads, before the phases "
                + "and after each of their %d slices:%n", signers.threads(), SLICES));
        List<Rates> all = new ArrayList<>(List.of(before));
        all.addAll(keptAlive.signersAfter());
        all.addAll(newConnections.signersAfter());
        out.append(String.format(Locale.ROOT, "  JCA provider %-11s %s%n", signers.provider(),
                String.join(" ", all.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.jca())).toList())));
        out.append(String.format(Locale.ROOT, "  OpenSSL (openssl speed)  %s%n",
                String.join(" ", all.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.openssl())).toList())));
        out.append(usersReport);
        out.append(report(keptAlive, signers.provider(), signers.threads()));
        out.append(report(newConnections, signers.provider(), signers.threads()));
        System.out.println(out);
    }

    private void setUp(EnrollmentClients clients) {
        HttpClient client = clients.keptAlive();
        clients.post(client, "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"bench-admin-pw\"}", 201)
                .block();
        clients.post(client, "/api/setup/ca", ADMIN,
                "{\"mode\":\"generate\",\"commonName\":\"Bench CA\",\"validityDays\":30}", 201).block();
        clients.post(client, "/api/setup/directory", ADMIN, "{\"type\":\"local\"}", 201).block();
        clients.post(client, "/api/setup/settings", ADMIN, "{\"deviceLifetimeDays\":30,\"userLifetimeDays\":30,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", 201).block();
        clients.createUsers(ADMIN, "warm", 0, USERS, USER_CREATORS);
        clients.createUsers(ADMIN, "bench", 0, USERS, USER_CREATORS);
    }

    /**
     * Users created per second through {@code POST /api/admin/users}. Each user takes an RSA-4096 account key: the
     * first ones from the full pool of pre-generated keys, the others generate theirs in the request.
     */
    private String userCreation(EnrollmentClients clients, KeyPairPool keyPool) {
        int pooled = Math.min(keyPool.available(), NEW_USERS);
        long started = System.nanoTime();
        clients.createUsers(ADMIN, "new", 0, pooled, USER_CREATORS);
        long fromPool = System.nanoTime();
        clients.createUsers(ADMIN, "new", pooled, NEW_USERS, USER_CREATORS);
        double all = (System.nanoTime() - started) / 1e9;
        double first = (fromPool - started) / 1e9;
        return String.format(Locale.ROOT, "users created/s          %.1f (%d users, %d clients; the first %d took "
                        + "pre-generated account keys: %.1f/s; the other %d generated theirs: %.1f/s)%n",
                NEW_USERS / all, NEW_USERS, USER_CREATORS, pooled, pooled / first, NEW_USERS - pooled,
                (NEW_USERS - pooled) / (all - first));
    }

    /**
     * Mostly kept-alive enrollments, with every fifth on a new connection to warm the handshake's code too; most are
     * renewals of the warm users' devices, and one in five a new device, as every measured enrollment is, so that
     * the code the measurement runs is the code the warm-up ran. Each pass also signs the warm users in and creates
     * a person who enrolls a first device, as the measured users do before and in the phases, and reads the
     * database's counters as each phase does before its first slice ({@link DatabaseUse}): the report's reads go
     * through the server's JDBC driver, in its JVM, and their first run deoptimized the driver's hottest method
     * (QueryExecutorImpl.processResults, branches no enrollment takes) at the start of each phase, which then ran it
     * in slower code until C2 had compiled it again, a second later, at the phase's expense.
     */
    private void warmUp(EnrollmentClients clients, List<String> csrs, DataSource database)
            throws InterruptedException {
        // The users made to time user creation have no device yet: each enrolls every warm-up key once, in turn, so
        // that each of those enrollments is a new device (20,000 with 50 users; after those, they renew).
        List<String> newDeviceCsrs = IntStream.range(0, NEW_USERS * csrs.size())
                .mapToObj(i -> csrs.get(i / NEW_USERS)).toList();
        int enrollments = 0;
        long started = System.nanoTime();
        long warmupEnd = started + WARMUP_SECONDS * 1_000_000_000L;
        long extraEnd = warmupEnd + WARMUP_EXTRA_SECONDS * 1_000_000_000L;
        double jitShare = 1;
        double pauseCompilerSeconds = 0;
        for (int pass = 0; enrollments == 0 || System.nanoTime() < warmupEnd
                || (jitShare >= SETTLED_JIT_SHARE && System.nanoTime() < extraEnd); pass++) {
            long passStarted = System.nanoTime();
            double compilerBefore = CpuUse.compilerSeconds();
            clients.enroll(clients.keptAlive(), "warm", USERS, csrs, 300, null);
            if (NEW_USERS > 0) {
                clients.enroll(clients.keptAlive(), "new", NEW_USERS, newDeviceCsrs, pass * 100, 100, null);
            }
            clients.enroll(clients.newConnectionEach(), "warm", USERS, csrs, 100, null);
            // What else a server meets between enrollments, so that the JIT compiles for it too: code compiled for
            // enrollments alone is thrown away in the measurement when a sign-in's events reach the event store,
            // or a person's first enrollment loads their account from it. The measured users do both.
            clients.signIn("warm", 0, USERS, USER_CREATORS);
            clients.createUsers(ADMIN, "first", pass, pass + 1, 1);
            clients.enrollOne(clients.keptAlive(), "first", pass, csrs.get(pass % csrs.size()));
            DatabaseUse.start(database); // only its reads matter here (see above); the counters are not kept
            enrollments += (NEW_USERS > 0 ? 500 : 400) + 1;
            double passCpuSeconds = (System.nanoTime() - passStarted) / 1e9 * CORES;
            jitShare = (CpuUse.compilerSeconds() - compilerBefore) / passCpuSeconds;
            double compilerBeforePause = CpuUse.compilerSeconds();
            Thread.sleep(WARMUP_PAUSE_MILLIS);
            pauseCompilerSeconds = CpuUse.compilerSeconds() - compilerBeforePause;
        }
        // A long-running server compiled its code long ago: steady state is when the JIT has (almost) nothing left.
        System.out.printf(Locale.ROOT, "warm-up done (%d enrollments in %.0f s, each pass followed by a %d ms pause; "
                + "the JIT's compiler threads used %.1f%% of the CPU in the last pass%s and %.0f ms in the pause after "
                + "it); measuring %d per phase%n", enrollments, (System.nanoTime() - started) / 1e9,
                WARMUP_PAUSE_MILLIS, jitShare * 100, jitShare < SETTLED_JIT_SHARE ? ""
                        : ", still above " + SETTLED_JIT_SHARE * 100 + "% after the longest warm-up",
                pauseCompilerSeconds * 1000, REQUESTS);
        System.out.flush();
    }

    /**
     * Enrolls the measured users' devices through {@code client} in {@link #SLICES} slices, measuring the signers
     * after each; the CPU report leaves the signers' own work out, PostgreSQL's counters cover the whole phase (the
     * server is idle while the signers are measured, and its backends publish their counters seconds late).
     */
    private Phase phase(ConfigurableApplicationContext server, EnrollmentClients clients, HttpClient client,
                        List<String> csrs, SigningRates signers, Rates before, String title) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CpuUse cpu = CpuUse.start(Path.of(server.getEnvironment().getRequiredProperty("jams.home"), "postgres"));
        DatabaseUse database = DatabaseUse.start(server.getBean(DataSource.class));
        List<Rates> after = new ArrayList<>();
        double seconds = 0;
        double jcaLimit = 0;
        double opensslLimit = 0;
        Rates previous = before;
        for (int slice = 0; slice < SLICES; slice++) {
            int from = slice * REQUESTS / SLICES;
            int to = (slice + 1) * REQUESTS / SLICES;
            if (slice > 0) {
                cpu.resume();
            }
            long started = System.nanoTime();
            Instant startedAt = Instant.now();
            clients.enroll(client, "bench", USERS, csrs, from, to - from, latencies);
            double sliceSeconds = (System.nanoTime() - started) / 1e9;
            cpu.pause();
            // When each slice ran, to hold profiles and recordings of the whole run against the measured stretches.
            System.out.printf("  %s, slice %d: %s to %s%n", title, slice + 1, startedAt, Instant.now());
            Rates measured = signers.measure();
            Rates meanwhile = previous.meanWith(measured);
            seconds += sliceSeconds;
            jcaLimit += sliceSeconds * meanwhile.jca() / SIGNATURES_PER_ENROLLMENT;
            opensslLimit += sliceSeconds * meanwhile.openssl() / SIGNATURES_PER_ENROLLMENT;
            after.add(measured);
            previous = measured;
        }
        String cpuReport = cpu.report(REQUESTS);
        double cpuPerEnrollment = cpu.allPerOperation(REQUESTS);
        double requestThreads = cpu.threadsPerOperation(BlockingWork.THREAD_PREFIX, REQUESTS);
        double serverJvm = cpu.serverJvmPerOperation(REQUESTS);
        String databaseReport = database.report(REQUESTS);
        System.out.printf("%s: %.1f enrollments/s%n", title, REQUESTS / seconds);
        return new Phase(title, REQUESTS, seconds, latencies, cpuReport, cpuPerEnrollment, requestThreads, serverJvm,
                databaseReport, after, new Rates(jcaLimit, opensslLimit));
    }

    private static String report(Phase phase, String provider, int cores) {
        Rates rates = phase.meanRates();
        List<Long> sorted = new ArrayList<>(phase.latencies());
        Collections.sort(sorted);
        double theRatio = phase.enrollments() / phase.limit().fastest();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%s:%n", phase.title()));
        out.append(String.format(Locale.ROOT, "  enrollments/s                %.1f%n", phase.perSecond()));
        out.append(String.format(Locale.ROOT, "  latency p50 / p99            %.1f ms / %.1f ms%n",
                percentile(sorted, 50), percentile(sorted, 99)));
        out.append(String.format(Locale.ROOT, "  THE ratio (target >= 0.70)   %.2f  %s  (to the faster signer, %.1f "
                + "signatures/s ÷ %d)%n", theRatio, theRatio >= 0.7 ? "MET" : "MISSED",
                phase.limit().fastest() * SIGNATURES_PER_ENROLLMENT / phase.seconds(), SIGNATURES_PER_ENROLLMENT));
        out.append(String.format(Locale.ROOT, "  ratio to JCA %-15s %.2f  (%.1f signatures/s while it ran)%n", provider,
                phase.enrollments() / phase.limit().jca(), rates.jca()));
        out.append(String.format(Locale.ROOT, "  ratio to OpenSSL             %.2f  (%.1f signatures/s while it ran)%n",
                phase.enrollments() / phase.limit().openssl(), rates.openssl()));
        // On saturated cores the ratio is about the signatures' share of all the CPU an enrollment costs, so 0.7 needs
        // everything else under 3/7 of the signatures' time.
        double signatures = SIGNATURES_PER_ENROLLMENT * cores * 1000 / rates.fastest();
        double budget = signatures * 3 / 7;
        out.append(String.format(Locale.ROOT, "  CPU per enrollment: the %d signatures at the faster signer's rate "
                + "%.2f ms, everything else %.2f ms (0.7 needs it under %.2f ms)%n", SIGNATURES_PER_ENROLLMENT,
                signatures, phase.cpuPerEnrollment() - signatures, budget));
        // The signatures run on the request threads; what the rest (PostgreSQL, the event loops' TLS and HTTP, the
        // JIT and GC, the load generator) costs is what 0.7 leaves for the request threads' own work.
        double aroundSignatures = phase.requestThreadsPerEnrollment() - signatures;
        double outside = phase.cpuPerEnrollment() - phase.requestThreadsPerEnrollment();
        out.append(String.format(Locale.ROOT, "    of everything else: the request threads around the signatures "
                + "%.2f ms, all outside them %.2f ms (which leaves %.2f ms for the former at 0.7)%n", aroundSignatures,
                outside, budget - outside));
        // Were PostgreSQL and the load generator on other cores, the server's JVM would have all of these: the ratio
        // would then be the signatures' share of the JVM's own CPU per enrollment.
        out.append(String.format(Locale.ROOT, "    the server's JVM alone %.2f ms: with PostgreSQL and the load "
                + "generator on other cores the ratio would be about %.2f%n", phase.serverJvmPerEnrollment(),
                signatures / phase.serverJvmPerEnrollment()));
        out.append("  CPU per enrollment, by thread group (the signers' measurements left out):\n").append(phase.cpu());
        out.append("  PostgreSQL work per enrollment (pg_stat_database):\n").append(phase.database());
        return out.toString();
    }

    private static void awaitFullKeyPool(KeyPairPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (pool.available() < 2 * USERS && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

}
