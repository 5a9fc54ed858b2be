package org.jams.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server started as the README says (the launcher, its default memory budget), under steady mixed load for
 * {@code bench.soakMinutes} (30): enrollments of RSA-4096 CSRs (renewals included), password logins, device lists,
 * admin searches and audit trails, from {@code bench.clients} (4) clients one request at a time each. Every minute it
 * prints the requests, errors, p99 latency, the server JVM's resident memory and its PostgreSQL's proportional share.
 * The run must end with no error, the JVM within its budget, and its resident memory at most 10% above what it was
 * after the first five minutes.
 *
 * <pre>
 * mvn -B -pl api-gateway -am -Pbenchmark test -Dtest=SoakBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.soakMinutes=30] [-Dbench.clients=4]
 * </pre>
 */
@Tag("benchmark")
class SoakBenchmark {

    private static final int MINUTES = Integer.getInteger("bench.soakMinutes", 30);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final int PEOPLE = Integer.getInteger("bench.people", 40);
    private static final int KEYS_PER_PERSON = 4;
    private static final int SETTLING_MINUTES = Math.min(5, MINUTES - 1);
    private static final long BUDGET_BYTES = 512L * 1024 * 1024;
    private static final String PASSWORD = "soak-password-1";

    /** One minute's figures. */
    private static final class Minute {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Latencies latencies = new Latencies(1_000_000);
        final AtomicReference<String> firstError = new AtomicReference<>();
    }

    @Test
    void memoryStaysWithinTheBudgetUnderThirtyMinutesOfMixedLoad() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = Files.createTempDirectory("jams-soak");
        Path log = home.resolveSibling(home.getFileName() + ".log");
        List<String> csrs = DeviceCsrs.load(PEOPLE * KEYS_PER_PERSON, 4096);
        try (ServerProcess server = ServerProcess.start(home, log, CLIENTS)) {
            BenchHttp http = server.http();
            BenchSetup.complete(http);
            for (int i = 0; i < PEOPLE; i++) {
                BenchSetup.createUser(http, person(i), PASSWORD, "Soak Person " + i);
            }
            System.out.printf(Locale.ROOT, "%n=== soak: %d minutes, %d clients, %d people, server log %s ===%n",
                    MINUTES, CLIENTS, PEOPLE, log);
            System.out.println("minute  requests  errors  p99 ms   JVM RSS MB  PostgreSQL PSS MB");
            List<Long> rss = run(server, http, csrs);
            long settled = rss.get(SETTLING_MINUTES - 1);
            long end = rss.get(rss.size() - 1);
            long highest = rss.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(Locale.ROOT, "JVM RSS after %d minutes %d MB, at the end %d MB (%.2f of it), highest "
                            + "%d MB; budget %d MB%n", SETTLING_MINUTES, settled >> 20, end >> 20,
                    (double) end / settled, highest >> 20, BUDGET_BYTES >> 20);
            assertThat(end).as("resident memory at the end against after %d minutes", SETTLING_MINUTES)
                    .isLessThanOrEqualTo((long) (settled * 1.10));
            assertThat(highest).as("the highest resident memory against the budget").isLessThanOrEqualTo(BUDGET_BYTES);
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    /** Runs the load for {@link #MINUTES}, printing each minute; the JVM's resident memory at the end of each. */
    private List<Long> run(ServerProcess server, BenchHttp http, List<String> csrs) throws Exception {
        AtomicReference<Minute> current = new AtomicReference<>(new Minute());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(c);
            load.add(clients.submit(() -> {
                while (running.get()) {
                    request(http, csrs, random, current.get());
                }
                return null;
            }));
        }
        List<Long> rss = new ArrayList<>();
        long errors = 0;
        try {
            for (int minute = 1; minute <= MINUTES; minute++) {
                Thread.sleep(60_000);
                Minute done = current.getAndSet(new Minute());
                long resident = server.status("VmRSS");
                rss.add(resident);
                errors += done.errors.get();
                System.out.printf(Locale.ROOT, "%6d  %8d  %6d  %6.1f  %11d  %17d%s%n", minute, done.requests.get(),
                        done.errors.get(), done.latencies.percentile(99), resident >> 20,
                        postgresProportionalBytes(server) >> 20,
                        done.firstError.get() == null ? "" : "  first error: " + done.firstError.get());
                System.out.flush();
            }
        } finally {
            running.set(false);
            clients.shutdown();
        }
        for (Future<?> client : load) {
            client.get();
        }
        assertThat(errors).as("requests answered otherwise than expected").isZero();
        return rss;
    }

    /**
     * One request of the mix: enrollment 30%, password login 20%, the person's device list 20%, an admin search 20%,
     * a person's audit trail 10%.
     */
    private static void request(BenchHttp http, List<String> csrs, Random random, Minute minute) {
        int who = random.nextInt(PEOPLE);
        String person = person(who) + ":" + PASSWORD;
        int kind = random.nextInt(10);
        HttpMethod method = HttpMethod.GET;
        String path;
        String credentials = person;
        String body = null;
        if (kind < 3) {
            method = HttpMethod.POST;
            path = "/api/auth/device";
            body = BenchSetup.enrollmentBody(csrs.get(who * KEYS_PER_PERSON + random.nextInt(KEYS_PER_PERSON)),
                    "device");
        } else if (kind < 5) {
            method = HttpMethod.POST;
            path = "/api/login";
        } else if (kind < 7) {
            path = "/api/auth/devices";
        } else if (kind < 9) {
            path = "/api/admin/users?q=" + "aeiourstln".charAt(random.nextInt(10))
                    + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(10))) + "&size=20";
            credentials = BenchSetup.ADMIN;
        } else {
            path = "/api/admin/users/" + person(who) + "/history";
            credentials = BenchSetup.ADMIN;
        }
        long started = System.nanoTime();
        try {
            BenchHttp.Response response = http.exchange(method, path, credentials, body).block();
            minute.latencies.add(System.nanoTime() - started);
            minute.requests.incrementAndGet();
            if (response == null || response.status() != 200) {
                minute.errors.incrementAndGet();
                minute.firstError.compareAndSet(null, method + " " + path + " answered "
                        + (response == null ? "nothing" : response.status() + " " + abbreviated(response.body())));
            }
        } catch (RuntimeException e) {
            minute.requests.incrementAndGet();
            minute.errors.incrementAndGet();
            minute.firstError.compareAndSet(null, method + " " + path + " failed: " + e);
        }
    }

    private static String person(int index) {
        return "soak.person" + index;
    }

    private static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** The proportional set size of the server's PostgreSQL processes (shared memory counted once overall). */
    private static long postgresProportionalBytes(ServerProcess server) throws IOException {
        long bytes = 0;
        for (long pid : server.postgresPids()) {
            Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
            try {
                for (String line : Files.readAllLines(rollup)) {
                    if (line.startsWith("Pss:")) {
                        bytes += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException gone) {
                // a backend that exited meanwhile
            }
        }
        return bytes;
    }
}
