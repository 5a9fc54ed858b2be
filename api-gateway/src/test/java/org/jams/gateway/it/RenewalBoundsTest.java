package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.gateway.JamsServer;
import org.jams.gateway.axon.AggregateLoading;
import org.jams.gateway.it.JamsClient.Credentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One device renewing its certificate 10,000 times, through the real command path on the real event store (each
 * renewal signed by the account key, appended, snapshotted every 50 events): the person's snapshot stays the same
 * size and a renewal takes as long at the end as at the start. Before, each renewal added a serial to the state that
 * every later command loaded and every snapshot stored.
 */
class RenewalBoundsTest {

    private static final Credentials ADMIN = new Credentials("renewal-admin", "renewal-admin-password");
    private static final int RENEWALS = 10_000;
    private static final int SAMPLE = 1_000;

    @Test
    void tenThousandRenewalsOfOneDeviceKeepTheSnapshotAndTheCommandTimeConstant() throws Exception {
        Path home = TestHomes.create("jams-it-renewals-");
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=1", "--logging.level.root=WARN",
                "--jams.enrollment.per-person.max-per-window=0")) {
            JamsClient client = new JamsClient(Integer.parseInt(server.getEnvironment()
                    .getProperty("local.server.port")));
            SetupSteps.createAdmin(client, ADMIN);
            SetupSteps.generateCa(client, ADMIN, "Renewals CA");
            SetupSteps.configureDirectory(client, ADMIN);
            SetupSteps.configureSettings(client, ADMIN);
            SetupSteps.createUser(client, ADMIN, "renewer", "Renews A Lot");
            String csr = new OpenSsl(Files.createDirectories(home.resolve("it-openssl"))).deviceCsr("renewed");
            CommandGateway commands = server.getBean(CommandGateway.class);
            JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);

            long[] nanos = new long[RENEWALS];
            long snapshotAfterFirstSample = 0;
            DeviceEnrollment last = null;
            for (int i = 0; i < RENEWALS; i++) {
                long started = System.nanoTime();
                last = commands.sendAndWait(new SignDeviceCsrCommand("renewer", csr, "phone", "192.0.2.1", "test"));
                nanos[i] = System.nanoTime() - started;
                if (i == 2 * SAMPLE - 1) {
                    snapshotAfterFirstSample = snapshotBytes(jdbc);
                }
            }
            long snapshotAtTheEnd = snapshotBytes(jdbc);
            assertThat(Thread.getAllStackTraces().keySet()).as("snapshots are taken on a thread of their own, not "
                    + "the committing one")
                    .anyMatch(thread -> thread.getName().equals(AggregateLoading.SNAPSHOT_THREAD));

            assertThat(snapshotAfterFirstSample).as("a snapshot exists").isPositive();
            // The same number of serials and enrollment times, whose texts differ by a few characters; each renewal
            // used to add a serial (8,000 of them here: over 100 KB).
            assertThat(snapshotAtTheEnd).as("snapshot bytes after %d renewals against after %d", RENEWALS,
                    2 * SAMPLE).isBetween(snapshotAfterFirstSample - 256, snapshotAfterFirstSample + 256);
            double early = medianMillis(nanos, SAMPLE, 2 * SAMPLE);
            double late = medianMillis(nanos, RENEWALS - SAMPLE, RENEWALS);
            System.out.printf("renewal median %.2f ms (renewals %d-%d), %.2f ms (the last %d); snapshot %d bytes, "
                    + "then %d%n", early, SAMPLE, 2 * SAMPLE, late, SAMPLE, snapshotAfterFirstSample, snapshotAtTheEnd);
            assertThat(late).as("median renewal time at the end against after the first thousand")
                    .isLessThan(early * 1.5 + 1);

            List<String> valid = jdbc.queryForList("SELECT serial FROM devices WHERE username = 'renewer'",
                    String.class);
            assertThat(valid).containsExactly(last.serial());
            // Every certificate but the two newest is superseded (the revocations projection follows the store).
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM revoked_certificates WHERE reason = 'superseded'", Long.class))
                    .isEqualTo(RENEWALS - 2L));
        }
    }

    /** The size of the person's latest snapshot as stored. */
    private static long snapshotBytes(JdbcTemplate jdbc) {
        Long bytes = jdbc.queryForObject("""
                SELECT octet_length(payload) FROM snapshotevententry WHERE aggregateidentifier = 'renewer'
                ORDER BY sequencenumber DESC LIMIT 1""", Long.class);
        return bytes == null ? 0 : bytes;
    }

    private static double medianMillis(long[] nanos, int from, int to) {
        long[] part = Arrays.copyOfRange(nanos, from, to);
        Arrays.sort(part);
        return part[part.length / 2] / 1e6;
    }
}
