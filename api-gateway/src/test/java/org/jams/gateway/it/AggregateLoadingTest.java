package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.command.directory.UserAccount;
import org.jams.command.policy.Blueprint;
import org.jams.command.policy.GroupMembers;
import org.jams.command.policy.PolicyCatalog;
import org.jams.command.revocation.CrlSeries;
import org.jams.command.setup.ServerSetup;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.JamsClient.Credentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every aggregate is made by a plain constructor call and its snapshot taken as stored (not through Spring's
 * prototype-bean lifecycle), and a person loaded again that way, from its events and from a snapshot, goes on
 * enrolling devices through the real command path. A server of its own, started as the launcher starts it (not a
 * Spring test context): run on the shared server, this test sorted before SetupApiTest, whose test context then left
 * the shared server's tracking projections behind (not yet understood).
 */
class AggregateLoadingTest {

    private static final Credentials ADMIN = new Credentials("loading-admin", "loading-admin-password");
    private static final String PERSON = "reloaded";

    @Test
    void aggregatesAreMadeByTheirConstructorsAndAPersonLoadedAgainGoesOnEnrolling() throws Exception {
        Path home = TestHomes.create("jams-it-loading-");
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=1", "--logging.level.root=WARN")) {
            Configuration axon = server.getBean(Configuration.class);
            for (Class<?> type : List.of(UserAccount.class, CrlSeries.class, ServerSetup.class, GroupMembers.class,
                    PolicyCatalog.class, Blueprint.class)) {
                assertThat(axon.repository(type)).as(type.getSimpleName())
                        .isInstanceOf(EventSourcingRepository.class);
                assertThat(((EventSourcingRepository<?>) axon.repository(type)).getAggregateFactory())
                        .as(type.getSimpleName()).isInstanceOf(GenericAggregateFactory.class);
            }

            JamsClient client = new JamsClient(Integer.parseInt(server.getEnvironment()
                    .getProperty("local.server.port")));
            SetupSteps.createAdmin(client, ADMIN);
            SetupSteps.generateCa(client, ADMIN, "Loading CA");
            SetupSteps.configureDirectory(client, ADMIN);
            SetupSteps.configureSettings(client, ADMIN);
            SetupSteps.createUser(client, ADMIN, PERSON, "Loaded Again");
            OpenSsl openssl = new OpenSsl(Files.createDirectories(home.resolve("it-openssl")));
            CommandGateway commands = server.getBean(CommandGateway.class);
            JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
            Cache people = server.getBean("userAccountCache", Cache.class);
            Runnable enroll = () -> commands.sendAndWait(new SignDeviceCsrCommand(PERSON,
                    openssl.deviceCsr(SetupSteps.unique("device")), "device", "192.0.2.1", "test"));

            enroll.run();
            people.removeAll(); // the next command loads the person from its events
            enroll.run();
            long snapshots = snapshotsOf(jdbc);
            server.getBean(Snapshotter.class).scheduleSnapshot(UserAccount.class, PERSON);
            await().atMost(Duration.ofSeconds(20)).until(() -> snapshotsOf(jdbc) > snapshots);
            people.removeAll(); // the next command loads the person from the snapshot
            enroll.run();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM devices WHERE username = ?", Long.class, PERSON)).isEqualTo(3L));
        }
    }

    private static long snapshotsOf(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Long.class,
                PERSON);
    }
}
