package org.jams.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * Enrollment throughput over real HTTP against this machine's raw RSA-4096 signing rate. Not part of the default
 * suite: run it with {@code mvn -pl api-gateway -am -Pbenchmark verify -Dtest=EnrollmentBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. It prints enrollments/s, p50/p99 latency and the ratio of enrollments/s
 * to (signing rate ÷ 3 account-key signatures per enrollment: device certificate, announce, receipt).
 */
@Tag("benchmark")
class EnrollmentBenchmark {

    private static final int USERS = Integer.getInteger("bench.users", 4);
    /** Devices: each enrolls again and again (a renewal), as a phone or laptop does over months. */
    private static final int DEVICE_KEYS = Integer.getInteger("bench.deviceKeys", 400);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /**
     * The JIT keeps compiling this much code for minutes on two busy cores (JVM-internal threads in the CPU report):
     * the server is measured once warm, as it runs most of its life.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 150);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int SIGNATURES_PER_ENROLLMENT = 3;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void enrollmentThroughputAgainstRawSigningRate() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = Files.createTempDirectory("jams-bench");
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=" + USERS,
                "--logging.level.root=WARN")) {
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            setUp(base);
            List<String> csrs = deviceCsrs();
            // Creating the users drained the pool of pre-generated account keys; its refill is preparation for
            // future users, not enrollment work, so it must not run during the measurement.
            awaitFullKeyPool(server.getBean(KeyPairPool.class));
            int warmup = 0;
            long warmupEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
            while (warmup == 0 || System.nanoTime() < warmupEnd) {
                run(base, csrs, 500, null);
                warmup += 500;
            }
            System.out.printf("warm-up done (%d enrollments in %d s); measuring %d%n", warmup, WARMUP_SECONDS,
                    REQUESTS);
            System.out.flush();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            CpuUse cpu = CpuUse.start();
            DatabaseUse database = DatabaseUse.start(server.getBean(javax.sql.DataSource.class));
            long started = System.nanoTime();
            run(base, csrs, REQUESTS, latencies);
            double seconds = (System.nanoTime() - started) / 1e9;
            String cpuReport = cpu.report(REQUESTS);
            String databaseReport = database.report(REQUESTS);
            double enrollmentsPerSecond = REQUESTS / seconds;
            double signaturesPerSecond = rawSigningRate(Runtime.getRuntime().availableProcessors(), 3.0);
            double ratio = enrollmentsPerSecond / (signaturesPerSecond / SIGNATURES_PER_ENROLLMENT);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%n=== enrollment benchmark: %d requests, %d concurrent clients, %d users ===%n",
                    REQUESTS, CLIENTS, USERS);
            System.out.printf("enrollments/s            %.1f%n", enrollmentsPerSecond);
            System.out.printf("latency p50 / p99        %.1f ms / %.1f ms%n", percentile(sorted, 50),
                    percentile(sorted, 99));
            System.out.printf("RSA-4096 SHA512withRSA   %.1f signatures/s (%d threads, JDK provider)%n",
                    signaturesPerSecond, Runtime.getRuntime().availableProcessors());
            System.out.printf("ratio                    %.2f (target >= 0.80)%n", ratio);
            System.out.println("CPU per enrollment during the measurement, by thread group:");
            System.out.println(cpuReport);
            System.out.println("PostgreSQL work per enrollment (pg_stat_database):");
            System.out.println(databaseReport);
        } finally {
            deleteTree(home);
        }
    }

    private static void awaitFullKeyPool(KeyPairPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (pool.available() < USERS && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void setUp(String base) throws Exception {
        post(base + "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"bench-admin-pw\"}", 201);
        String admin = "admin:bench-admin-pw";
        post(base + "/api/setup/ca", admin,
                "{\"mode\":\"generate\",\"commonName\":\"Bench CA\",\"validityDays\":30}", 201);
        post(base + "/api/setup/directory", admin, "{\"type\":\"local\"}", 201);
        post(base + "/api/setup/settings", admin, "{\"deviceLifetimeDays\":30,\"userLifetimeDays\":30,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", 201);
        for (int i = 0; i < USERS; i++) {
            post(base + "/api/admin/users", admin, "{\"username\":\"bench" + i + "\",\"password\":\"bench-pw-" + i
                    + "\",\"displayName\":\"Bench " + i + "\"}", 201);
        }
    }

    private void run(String base, List<String> csrs, int count, List<Long> latencies) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    int user = i % USERS;
                    String body = "{\"csr\":\"" + csrs.get(i % csrs.size()).replace("\n", "\\n")
                            + "\",\"deviceName\":\"bench-" + i + "\"}";
                    long t0 = System.nanoTime();
                    try {
                        post(base + "/api/auth/device", "bench" + user + ":bench-pw-" + user, body, 200);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    if (latencies != null) {
                        latencies.add(System.nanoTime() - t0);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " enrollments failed");
        }
    }

    private void post(String url, String basic, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("User-Agent", "Jami")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (basic != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Device keys are RSA-2048 to keep preparation short; the server's cost is the account key's signatures. */
    private static List<String> deviceCsrs() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<String>> csrs = new ArrayList<>();
            for (int i = 0; i < DEVICE_KEYS; i++) {
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
