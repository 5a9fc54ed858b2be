package org.jams.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jams.command.pki.KeyPairPool;
import org.jams.gateway.JamsServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Enrollment throughput over real HTTP against this machine's raw RSA-4096 signing rate. Not part of the default
 * suite: run it with {@code mvn -pl api-gateway -Pbenchmark test -Dtest=EnrollmentBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (after {@code mvn -q -DskipTests install}). It prints enrollments/s,
 * p50/p99 latency and the ratio of enrollments/s to (signing rate ÷ 3 account-key signatures per enrollment: device
 * certificate, announce, receipt).
 */
@Tag("benchmark")
class EnrollmentBenchmark {

    /**
     * Users enrolled during the measurement. The warm-up enrolls as many other users: it warms the JVM, and must
     * not leave the measured users with hundreds of renewals per device that no real person accumulates.
     */
    private static final int USERS = Integer.getInteger("bench.users", 4);
    /** Devices: each enrolls again and again (a renewal), as a phone or laptop does over months. */
    private static final int DEVICE_KEYS = Integer.getInteger("bench.deviceKeys", 400);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /**
     * The JIT keeps compiling this much code for minutes on two busy cores (JVM-internal threads in the CPU report):
     * after 150 s it still took 0.55 to 1.5 ms of CPU per enrollment here, after 300 s 0.2 to 0.5 ms. The server is
     * measured once warm, as it runs most of its life.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 300);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int SIGNATURES_PER_ENROLLMENT = 3;

    /** A client per set of Basic credentials: configuring one copies the client's whole configuration. */
    private final Map<String, HttpClient> signedIn = new ConcurrentHashMap<>();

    /**
     * The load generator: Reactor Netty's client, one kept-alive connection per concurrent client. It runs on the
     * same two cores as the server, so its own CPU (threads, and the JIT compiling it) counts against the result; the
     * JDK's HttpClient cost several times more per request.
     */
    private final ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(CLIENTS)
            .pendingAcquireMaxCount(-1).build();

    @Test
    void enrollmentThroughputAgainstRawSigningRate() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = Files.createTempDirectory("jams-bench");
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=" + 2 * USERS,
                "--logging.level.root=WARN")) {
            HttpClient base = HttpClient.create(connections)
                    .baseUrl("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port"))
                    .headers(headers -> headers.set("Content-Type", "application/json").set("User-Agent", "Jami"));
            setUp(base);
            // The warm-up's devices and the measured users' devices are different keys, as they would be.
            List<String> csrs = deviceCsrs(2 * DEVICE_KEYS);
            List<String> warmupCsrs = csrs.subList(0, DEVICE_KEYS);
            List<String> measuredCsrs = csrs.subList(DEVICE_KEYS, 2 * DEVICE_KEYS);
            // Creating the users drained the pool of pre-generated account keys; its refill is preparation for
            // future users, not enrollment work, so it must not run during the measurement.
            awaitFullKeyPool(server.getBean(KeyPairPool.class));
            int warmup = 0;
            long warmupEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
            while (warmup == 0 || System.nanoTime() < warmupEnd) {
                run(base, "warm", warmupCsrs, 500, null);
                warmup += 500;
            }
            System.out.printf("warm-up done (%d enrollments in %d s); measuring %d%n", warmup, WARMUP_SECONDS,
                    REQUESTS);
            System.out.flush();
            // The machine's signing rate drifts by several percent over minutes (a shared virtual machine): it is
            // measured right before and right after the enrollments, and the mean is the reference.
            int cores = Runtime.getRuntime().availableProcessors();
            double rawBefore = rawSigningRate(cores, 3.0);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            CpuUse cpu = CpuUse.start();
            DatabaseUse database = DatabaseUse.start(server.getBean(javax.sql.DataSource.class));
            long started = System.nanoTime();
            run(base, "bench", measuredCsrs, REQUESTS, latencies);
            double seconds = (System.nanoTime() - started) / 1e9;
            String cpuReport = cpu.report(REQUESTS);
            String databaseReport = database.report(REQUESTS);
            double enrollmentsPerSecond = REQUESTS / seconds;
            double rawAfter = rawSigningRate(cores, 3.0);
            double signaturesPerSecond = (rawBefore + rawAfter) / 2;
            double ratio = enrollmentsPerSecond / (signaturesPerSecond / SIGNATURES_PER_ENROLLMENT);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%n=== enrollment benchmark: %d requests, %d concurrent clients, %d users ===%n",
                    REQUESTS, CLIENTS, USERS);
            System.out.printf("enrollments/s            %.1f%n", enrollmentsPerSecond);
            System.out.printf("latency p50 / p99        %.1f ms / %.1f ms%n", percentile(sorted, 50),
                    percentile(sorted, 99));
            System.out.printf("RSA-4096 SHA512withRSA   %.1f signatures/s (%d threads, JDK provider; %.1f before, "
                    + "%.1f after)%n", signaturesPerSecond, cores, rawBefore, rawAfter);
            System.out.printf("ratio                    %.2f (target >= 0.80)%n", ratio);
            System.out.println("CPU per enrollment during the measurement, by thread group:");
            System.out.println(cpuReport);
            System.out.println("PostgreSQL work per enrollment (pg_stat_database):");
            System.out.println(databaseReport);
        } finally {
            connections.dispose();
            deleteTree(home);
        }
    }

    private static void awaitFullKeyPool(KeyPairPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (pool.available() < 2 * USERS && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void setUp(HttpClient base) {
        post(base, "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"bench-admin-pw\"}", 201).block();
        String admin = "admin:bench-admin-pw";
        post(base, "/api/setup/ca", admin,
                "{\"mode\":\"generate\",\"commonName\":\"Bench CA\",\"validityDays\":30}", 201).block();
        post(base, "/api/setup/directory", admin, "{\"type\":\"local\"}", 201).block();
        post(base, "/api/setup/settings", admin, "{\"deviceLifetimeDays\":30,\"userLifetimeDays\":30,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", 201).block();
        for (String prefix : List.of("warm", "bench")) {
            for (int i = 0; i < USERS; i++) {
                post(base, "/api/admin/users", admin, "{\"username\":\"" + prefix + i + "\",\"password\":\""
                        + prefix + "-pw-" + i + "\",\"displayName\":\"Bench " + i + "\"}", 201).block();
            }
        }
    }

    private void run(HttpClient base, String users, List<String> csrs, int count, List<Long> latencies) {
        AtomicLong failures = new AtomicLong();
        Flux.range(0, count).flatMap(i -> {
            int user = i % USERS;
            String body = "{\"csr\":\"" + csrs.get(i % csrs.size()).replace("\n", "\\n")
                    + "\",\"deviceName\":\"bench-" + i + "\"}";
            return Mono.defer(() -> {
                long started = System.nanoTime();
                return post(base, "/api/auth/device", users + user + ":" + users + "-pw-" + user, body, 200)
                        .doOnSuccess(done -> {
                            if (latencies != null) {
                                latencies.add(System.nanoTime() - started);
                            }
                        });
            }).onErrorResume(error -> {
                failures.incrementAndGet();
                return Mono.empty();
            });
        }, CLIENTS).blockLast();
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " enrollments failed");
        }
    }

    private Mono<Void> post(HttpClient base, String path, String basic, String json, int expected) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpClient client = basic == null ? base : signedIn.computeIfAbsent(basic, credentials -> base.headers(
                headers -> headers.set("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))));
        return client.post().uri(path)
                .send((request, outbound) -> {
                    request.header("Content-Length", Integer.toString(bytes.length));
                    return outbound.sendByteArray(Mono.just(bytes));
                })
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").flatMap(text ->
                        response.status().code() == expected ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException(path + " answered "
                                        + response.status().code() + ": " + text))));
    }

    /** Device keys are RSA-2048 to keep preparation short; the server's cost is the account key's signatures. */
    private static List<String> deviceCsrs(int count) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<String>> csrs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                csrs.add(workers.submit(EnrollmentBenchmark::deviceCsr));
            }
            List<String> pems = new ArrayList<>();
            for (Future<String> csr : csrs) {
                pems.add(csr.get());
            }
            return pems;
        } finally {
            workers.shutdown();
        }
    }

    private static String deviceCsr() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("CN=Jami device"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA384withRSA").build(pair.getPrivate()));
        java.io.StringWriter pem = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        return pem.toString().replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    }

    /** SHA512withRSA signatures per second with an RSA-4096 key, on all cores, with the provider the server uses. */
    static double rawSigningRate(int threads, double seconds) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(4096);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        byte[] data = new byte[1200];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong count = new AtomicLong();
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + (long) (seconds * 1e9);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                Signature signature = Signature.getInstance("SHA512withRSA");
                long now;
                while ((now = System.nanoTime()) < end) {
                    signature.initSign(key);
                    signature.update(data);
                    signature.sign();
                    if (now > warmupEnd) {
                        count.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return count.get() / seconds;
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
