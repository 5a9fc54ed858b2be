package org.jams.gateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Enrollments per second on one server, against this machine's raw RSA-4096 SHA512withRSA signing rate measured
 * right before and right after (the method of {@code EnrollmentBenchmark}): new people enroll their devices again and
 * again from {@code clients} concurrent clients, first for a warm-up, then {@code requests} measured enrollments.
 */
record EnrollmentMeasurement(int requests, double perSecond, double p50, double p99, double signingBefore,
                             double signingAfter, double serverCpuMs, double generatorCpuMs, String cpuReport,
                             String databaseReport) {

    private static final int SIGNATURES_PER_ENROLLMENT = 3;

    static EnrollmentMeasurement run(ServerProcess server, String prefix, int people, List<String> csrs,
                                     int clients, int warmupSeconds, int requests) throws Exception {
        List<EnrollmentLoad.Person> enrolling = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            EnrollmentLoad.Person person = new EnrollmentLoad.Person(prefix + i, "bench-pw-" + i);
            BenchSetup.createUser(server.http(), person.username(), person.password(), "Bench " + i);
            enrolling.add(person);
        }
        EnrollmentLoad load = new EnrollmentLoad(server.http(), enrolling, csrs, clients);
        // On two busy cores the JIT compiles this much code for minutes; the account-key pool refills meanwhile.
        load.runFor(warmupSeconds, 250);
        int cores = Runtime.getRuntime().availableProcessors();
        double before = EnrollmentBenchmark.rawSigningRate(cores, 3.0);
        CpuUse cpu = CpuUse.start();
        DatabaseUse database = DatabaseUse.start(server.database());
        double serverCpu = server.cpuSeconds();
        double generatorCpu = CpuUse.cpuSeconds(Path.of("/proc/self"));
        Latencies latencies = new Latencies(requests);
        double seconds = load.run(requests, latencies);
        double serverMs = (server.cpuSeconds() - serverCpu) * 1000 / requests;
        double generatorMs = (CpuUse.cpuSeconds(Path.of("/proc/self")) - generatorCpu) * 1000 / requests;
        String cpuReport = cpu.report(requests);
        String databaseReport = database.report(requests);
        double after = EnrollmentBenchmark.rawSigningRate(cores, 3.0);
        return new EnrollmentMeasurement(requests, requests / seconds, latencies.percentile(50),
                latencies.percentile(99), before, after, serverMs, generatorMs, cpuReport, databaseReport);
    }

    double signingRate() {
        return (signingBefore + signingAfter) / 2;
    }

    /** Enrollments/s ÷ (signatures/s ÷ 3 account-key signatures per enrollment). */
    double ratio() {
        return perSecond / (signingRate() / SIGNATURES_PER_ENROLLMENT);
    }

    String line() {
        return String.format(Locale.ROOT, "%.1f/s, p50 %.0f ms, p99 %.0f ms; signing %.1f/s (%.1f before, %.1f "
                        + "after); ratio %.2f", perSecond, p50, p99, signingRate(), signingBefore, signingAfter,
                ratio());
    }

    String cpuLine() {
        return String.format(Locale.ROOT, "server JVM %.1f ms, load generator JVM %.1f ms", serverCpuMs,
                generatorCpuMs);
    }
}
