package org.jams.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One server's enrollments in the comparison: new people who enroll their devices again and again from
 * {@code clients} concurrent clients, measured over several rounds; what each round took, in wall time and in CPU
 * (the server's JVM, its own PostgreSQL, and this JVM, which generates the load), is summed.
 */
final class EnrollmentMeasurement {

    private final ServerProcess server;
    private final EnrollmentLoad load;
    private final Latencies latencies;
    private DatabaseUse database;
    private int requests;
    private double seconds;
    private double serverCpu;
    private double postgresCpu;
    private double generatorCpu;
    /** A process the enrollments also use, such as the directory server, or null. */
    private Path helper;
    private String helperName;
    private double helperCpu;

    private EnrollmentMeasurement(ServerProcess server, EnrollmentLoad load, int capacity) {
        this.server = server;
        this.load = load;
        this.latencies = new Latencies(capacity);
    }

    /** The name of the JCA provider the server signs with, from its {@code /actuator/info} ("name version"). */
    String signingProvider() throws IOException {
        String info = server.http().get("/actuator/info", BenchSetup.ADMIN);
        String provider = new ObjectMapper().readTree(info).path("crypto").path("signingProvider").asText();
        int version = provider.lastIndexOf(' ');
        return version < 0 ? provider : provider.substring(0, version);
    }

    /** Creates {@code people} people on the server ({@code prefix0}, {@code prefix1}, ...). */
    static EnrollmentMeasurement on(ServerProcess server, String prefix, int people, List<String> csrs, int clients,
                                    int requests) {
        List<EnrollmentLoad.Person> enrolling = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            EnrollmentLoad.Person person = new EnrollmentLoad.Person(prefix + i, "bench-pw-" + i);
            BenchSetup.createUser(server.http(), person.username(), person.password(), "Bench " + i);
            enrolling.add(person);
        }
        return new EnrollmentMeasurement(server, new EnrollmentLoad(server.http(), enrolling, csrs, clients),
                requests);
    }

    /**
     * People who exist already (in a directory, say) and sign in with these passwords; {@code helper} is the
     * {@code /proc} directory of a process their enrollments also use, whose CPU is measured too.
     */
    static EnrollmentMeasurement of(ServerProcess server, List<EnrollmentLoad.Person> people, List<String> csrs,
                                    int clients, int requests, Path helper, String helperName) {
        EnrollmentMeasurement measurement = new EnrollmentMeasurement(server,
                new EnrollmentLoad(server.http(), people, csrs, clients), requests);
        measurement.helper = helper;
        measurement.helperName = helperName;
        return measurement;
    }

    /** Unmeasured enrollments: the JIT compiles this much code for minutes; the account-key pool refills. */
    void warm(int roundSeconds) {
        load.runFor(roundSeconds, 100);
    }

    /** Measured enrollments, added to the tallies. */
    void measure(int count) throws Exception {
        if (database == null) {
            database = DatabaseUse.start(server.database());
        }
        double serverBefore = server.cpuSeconds();
        double postgresBefore = server.postgresCpuSeconds();
        double generatorBefore = CpuUse.cpuSeconds(Path.of("/proc/self"));
        double helperBefore = helper == null ? 0 : CpuUse.cpuSeconds(helper);
        seconds += load.run(count, latencies);
        helperCpu += helper == null ? 0 : CpuUse.cpuSeconds(helper) - helperBefore;
        serverCpu += server.cpuSeconds() - serverBefore;
        postgresCpu += server.postgresCpuSeconds() - postgresBefore;
        generatorCpu += CpuUse.cpuSeconds(Path.of("/proc/self")) - generatorBefore;
        requests += count;
    }

    double perSecond() {
        return requests / seconds;
    }

    /** Enrollments/s ÷ (signatures/s ÷ 3 account-key signatures per enrollment). */
    double ratio(double signaturesPerSecond) {
        return perSecond() / (signaturesPerSecond / 3);
    }

    String line(double signaturesPerSecond) {
        return String.format(Locale.ROOT, "%.1f/s, p50 %.0f ms, p99 %.0f ms (%,d requests); ratio %.2f",
                perSecond(), latencies.percentile(50), latencies.percentile(99), requests,
                ratio(signaturesPerSecond));
    }

    /** CPU per enrollment and PostgreSQL's own counters per enrollment (pg_stat_database). */
    String details() throws InterruptedException {
        String helperPart = helper == null ? "" : String.format(Locale.ROOT, ", %s %.2f ms", helperName,
                helperCpu * 1000 / requests);
        return String.format(Locale.ROOT, "  CPU per enrollment: server JVM %.1f ms, its PostgreSQL %.1f ms%s, load "
                + "generator JVM %.1f ms%n", serverCpu * 1000 / requests, postgresCpu * 1000 / requests, helperPart,
                generatorCpu * 1000 / requests) + database.report(requests);
    }
}
