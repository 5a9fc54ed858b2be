package org.jams.gateway.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.EventSigner;
import org.jams.query.audit.integrity.AuditChainer;
import org.jams.query.audit.integrity.AuditStore;
import org.jams.query.audit.integrity.IntegrityTestDatabase;
import org.jams.query.audit.integrity.VerificationReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What tamper evidence costs appends: 2,000 events appended on 4 threads (each its own transaction, PostgreSQL with
 * fsync and synchronous commit on, as the server runs it) through Axon's JDBC event store, (a) without signing, (b)
 * with the per-event Ed25519 signature, (c) signing with the chainer and checkpoints running alongside. Prints the
 * figures; asserts only that everything signed verifies. Run with {@code mvn -o -pl api-gateway test -Pbenchmark
 * -Dtest=AppendCostBenchmark}.
 */
@Tag("benchmark")
class AppendCostBenchmark {

    private static final int THREADS = 4;
    private static final int EVENTS = 2_000;
    private static final int ROUNDS = 5;

    private enum Mode { UNSIGNED, SIGNED, SIGNED_AND_CHAINED }

    @Test
    void appendThroughputWithAndWithoutSigningAndChaining() throws Exception {
        IntegrityTestDatabase.postgres(true);
        AuditKeys keys = AuditKeys.generate();
        for (Mode mode : Mode.values()) {
            run(mode, keys, 400, false); // warm-up: JIT, connection pools
        }
        // Modes interleaved round by round, so a shared machine's load drifts over all of them alike.
        Map<Mode, List<double[]>> results = new EnumMap<>(Mode.class);
        for (int round = 0; round < ROUNDS; round++) {
            for (Mode mode : Mode.values()) {
                results.computeIfAbsent(mode, m -> new ArrayList<>()).add(run(mode, keys, EVENTS,
                        round == ROUNDS - 1));
            }
        }
        StringBuilder table = new StringBuilder("\nAppend cost, " + EVENTS + " events on " + THREADS
                + " threads, one transaction per event, fsync on; median of " + ROUNDS + " interleaved rounds:\n");
        double baseRate = median(results.get(Mode.UNSIGNED), 0);
        double baseCpu = median(results.get(Mode.UNSIGNED), 1);
        for (Mode mode : Mode.values()) {
            double rate = median(results.get(mode), 0);
            double cpu = median(results.get(mode), 1);
            table.append(String.format(Locale.ROOT, "  %-20s %7.0f events/s (%5.1f%% of unsigned)   JVM CPU %5.0f µs "
                    + "per event (%+.0f µs)%n", mode, rate, 100 * rate / baseRate, cpu, cpu - baseCpu));
        }
        table.append(signingCost(keys));
        System.out.println(table);
    }

    private static double median(List<double[]> values, int field) {
        double[] sorted = values.stream().mapToDouble(v -> v[field]).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** Appends {@code events} events in the mode; returns events per second and JVM CPU µs per event. */
    private double[] run(Mode mode, AuditKeys keys, int events, boolean report) throws Exception {
        try (IntegrityTestDatabase database = IntegrityTestDatabase.create(true, THREADS + 4)) {
            EmbeddedEventStore store = database.eventStore(mode == Mode.UNSIGNED ? null : keys);
            AuditChainer chainer = new AuditChainer(database.dataSource(), keys, Duration.ofSeconds(30),
                    Duration.ofSeconds(1), Clock.systemUTC(), 1000);
            if (mode == Mode.SIGNED_AND_CHAINED) {
                chainer.start(Duration.ofMillis(100));
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int t = thread;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < events / THREADS; i++) {
                        // 10 events per aggregate, as a user's stream grows
                        store.publish(IntegrityTestDatabase.domainEvent("user-" + t + "-" + (i / 10), i % 10,
                                "event " + i + " of thread " + t));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerEvent = (processCpuNanos() - cpuStart) / 1e3 / events;
            threads.shutdown();
            if (mode == Mode.SIGNED_AND_CHAINED) {
                long catchUp = System.nanoTime();
                chainer.close();
                chainer.checkpointNow();
                double lag = (System.nanoTime() - catchUp) / 1e6;
                if (report) {
                    long verifyStart = System.nanoTime();
                    VerificationReport verified;
                    try (Connection connection = database.dataSource().getConnection()) {
                        verified = AuditStore.verify(connection, keys.publicKey());
                    }
                    double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
                    assertThat(verified.valid()).as(verified.reason()).isTrue();
                    assertThat(verified.checkedEvents()).isEqualTo(events);
                    System.out.printf(Locale.ROOT, "chainer caught up %.0f ms after the last append; verify of %d "
                            + "events took %.2f s (%.0f events/s)%n", lag, events, verifySeconds,
                            events / verifySeconds);
                }
            }
            chainer.close();
            store.shutDown();
            return new double[] {events / seconds, cpuMicrosPerEvent};
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU cost of signing alone, single thread. */
    private static String signingCost(AuditKeys keys) {
        EventSigner signer = new EventSigner(keys, org.axonframework.serialization.json.JacksonSerializer.builder()
                .objectMapper(new com.fasterxml.jackson.databind.ObjectMapper()).build());
        var event = IntegrityTestDatabase.domainEvent("someone", 3, "a typical small event");
        for (int i = 0; i < 2_000; i++) {
            signer.sign(event);
        }
        int n = 5_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            signer.sign(event);
        }
        double micros = (System.nanoTime() - start) / 1e3 / n;
        return String.format(Locale.ROOT, "  signing alone: %.0f µs per event on one core (serialize + Ed25519)%n",
                micros);
    }
}
