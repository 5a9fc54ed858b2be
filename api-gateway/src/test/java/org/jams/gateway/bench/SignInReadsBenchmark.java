package org.jams.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.GuessingLimits;
import org.jams.gateway.auth.LockHistory;
import org.jams.gateway.auth.PasswordGuessing;
import org.jams.query.database.OneRoundTrip;
import org.jams.query.database.PendingRead;
import org.jams.query.directory.AccountPasswordReader;
import org.jams.query.directory.UserDirectoryProjection;
import org.jams.query.policy.EffectiveSettings;
import org.jams.query.policy.PolicyReader;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.jams.query.testing.SampleEvents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reads an enrollment makes before its command: the account, its guessing record and the person's settings, as
 * three round trips (three transactions) and as one ({@link OneRoundTrip}), taking turns on one connection to real
 * PostgreSQL. Prints the CPU per enrollment of this thread and of the database's backend process. Not part of the
 * default suite: {@code mvn -B -o -pl api-gateway -Pbenchmark test -Dtest=SignInReadsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class SignInReadsBenchmark {

    private static final int PER_TURN = Integer.getInteger("bench.signIns", 20_000);
    private static final int TURNS = 5;
    private static final String PERSON = "alice";
    private static final String ADDRESS = "192.0.2.7";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AccountPasswordReader accounts;
    private PasswordGuessing guessing;
    private PolicyReader policies;
    private OneRoundTrip roundTrip;
    private JdbcTemplate jdbc;

    @Test
    void oneRoundTripAgainstThree() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create();
             Connection connection = database.dataSource.getConnection()) {
            jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            new ProjectionFeed(new UserDirectoryProjection(database.jdbc)).user(PERSON,
                    SampleEvents.registered(PERSON, "Alice Liddell"), Instant.now());
            jdbc.update("INSERT INTO policy_blueprint_versions VALUES ('base', 1, ?::jsonb, now())",
                    "{\"TURN.enable\":\"true\"}");
            jdbc.update("INSERT INTO policy_default_blueprint VALUES (1, 'base', now())");
            jdbc.update("INSERT INTO password_guessing (subject, failures, last_failure) VALUES (?, 1, now())",
                    "address:" + ADDRESS);
            accounts = new AccountPasswordReader(jdbc);
            guessing = new PasswordGuessing(jdbc, new GuessingLimits(5, 10, Duration.ofMinutes(15), 20, 50,
                    Duration.ofHours(1)), new NoLocks(), Clock.systemUTC());
            policies = new PolicyReader(jdbc);
            roundTrip = new OneRoundTrip(jdbc);
            assertThat(threeTrips()).isEqualTo(oneTrip()).isNotEqualTo(EffectiveSettings.NONE);
            Path backend = Path.of("/proc", String.valueOf(jdbc.queryForObject("SELECT pg_backend_pid()",
                    Integer.class)));

            double[][] perSignIn = new double[2][2]; // [three trips, one trip][this thread, the backend], summed
            for (int turn = 0; turn <= TURNS; turn++) {
                for (int way = 0; way < 2; way++) {
                    long threadBefore = THREADS.getCurrentThreadCpuTime();
                    double backendBefore = CpuUse.cpuSeconds(backend);
                    for (int i = 0; i < PER_TURN; i++) {
                        if (way == 0) {
                            threeTrips();
                        } else {
                            oneTrip();
                        }
                    }
                    if (turn > 0) { // the first turn warms up
                        perSignIn[way][0] += (THREADS.getCurrentThreadCpuTime() - threadBefore) / 1e3 / PER_TURN;
                        perSignIn[way][1] += (CpuUse.cpuSeconds(backend) - backendBefore) * 1e6 / PER_TURN;
                    }
                }
            }
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "%n=== the reads before an enrollment's command: %d turns of %,d each way ===%n", TURNS, PER_TURN));
            String[] ways = {"three round trips", "one round trip"};
            for (int way = 0; way < 2; way++) {
                double thread = perSignIn[way][0] / TURNS;
                double postgres = perSignIn[way][1] / TURNS;
                report.append(String.format(Locale.ROOT,
                        "%-18s this thread %5.1f µs, PostgreSQL %5.1f µs, both %5.1f µs%n", ways[way], thread,
                        postgres, thread + postgres));
            }
            double three = (perSignIn[0][0] + perSignIn[0][1]) / TURNS;
            double one = (perSignIn[1][0] + perSignIn[1][1]) / TURNS;
            report.append(String.format(Locale.ROOT,
                    "one against three: %.2f of the CPU, %.1f µs less per enrollment%n", one / three, three - one));
            System.out.print(report);
        }
    }

    private EffectiveSettings threeTrips() {
        accounts.find(PERSON).orElseThrow();
        guessing.requireNotBlocked(new PasswordGuessing.Attempt(PERSON, ADDRESS, true),
                guessing.onRecord(PERSON, ADDRESS).runOn(jdbc), null);
        return policies.effectiveSettings(PERSON);
    }

    private EffectiveSettings oneTrip() {
        PendingRead<?> account = accounts.read(PERSON);
        PendingRead<PasswordGuessing.OnRecord> record = guessing.onRecord(PERSON, ADDRESS);
        PendingRead<EffectiveSettings> settings = policies.effectiveSettingsRead(PERSON);
        OneRoundTrip.Results results = roundTrip.run(account, record, settings);
        guessing.requireNotBlocked(new PasswordGuessing.Attempt(PERSON, ADDRESS, true), results.of(record), null);
        return results.of(settings);
    }

    private static final class NoLocks implements LockHistory {

        @Override
        public void locked(String username, int failedAttempts, Instant lockedUntil, ServerWebExchange exchange) {
        }

        @Override
        public void unlocked(String username, String unlockedBy, Instant unlockedAt, Caller admin,
                             ServerWebExchange exchange) {
        }
    }
}
