package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jams.gateway.JamsServer;
import org.jams.gateway.database.EmbeddedDatabase;
import org.jams.gateway.identity.IssuingSetupSource;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two server nodes on one PostgreSQL, as behind a load balancer: node B starts after node A, shares A's database
 * and key directories, and finds every tracking projection's segment already claimed by A. A command on B is answered
 * only once A's tracking projections show its events, a device enrolled on B is in the device list both nodes read
 * (written in the enrollment's own transaction), and a setup change made on A reaches B's certificates within its
 * maximum age.
 */
class TwoNodesTest {

    private static final Credentials ADMIN = new Credentials("nodes-admin", "nodes-admin-password");
    private static final Path HOME_A = TestHomes.create("jams-it-node-a-");
    private static final Path HOME_B = TestHomes.create("jams-it-node-b-");

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static JamsClient clientA;
    private static JamsClient clientB;
    private static OpenSsl openssl;

    @BeforeAll
    static void startBothNodes() throws IOException {
        System.setProperty("axoniq.update-checker.disabled", "true");
        nodeA = start("--jams.home=" + HOME_A, "--jams.node-id=node-a");
        clientA = new JamsClient(port(nodeA));
        SetupSteps.createAdmin(clientA, ADMIN);
        SetupSteps.generateCa(clientA, ADMIN, "JAMS Two Nodes CA");
        SetupSteps.configureDirectory(clientA, ADMIN);
        SetupSteps.configureSettings(clientA, ADMIN);
        // Nodes that share a database share the keys that its rows need (README, Running).
        for (String directory : List.of("secrets", "ca", "audit")) {
            copyTree(HOME_A.resolve(directory), HOME_B.resolve(directory));
        }
        EmbeddedDatabase database = nodeA.getBean(EmbeddedDatabase.class);
        nodeB = start("--jams.home=" + HOME_B, "--jams.node-id=node-b", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(), "--spring.datasource.password=");
        clientB = new JamsClient(port(nodeB));
        openssl = new OpenSsl(Files.createDirectories(HOME_A.resolve("it-openssl")));
    }

    @AfterAll
    static void stopBothNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void theFirstNodeOwnsEveryProjectionSegment() {
        JdbcTemplate database = nodeB.getBean(JdbcTemplate.class);
        assertThat(database.queryForList("SELECT DISTINCT owner FROM tokenentry WHERE owner IS NOT NULL", String.class))
                .containsExactly("node-a");
        assertThat(database.queryForList("SELECT processorname FROM tokenentry", String.class))
                .containsExactlyInAnyOrderElementsOf(ReadModels.TRACKING);
    }

    @Test
    void aUserCreatedOnTheSecondNodeIsAnsweredOnlyOnceTheFirstNodesProjectionShowsIt() {
        String username = SetupSteps.unique("nodes-b");
        // B's read-your-writes waits on A's users projection, through the shared token store.
        SetupSteps.createUser(clientB, ADMIN, username, "Made On B");
        Response onA = clientA.get("/api/admin/users/" + username).as(ADMIN).send();
        assertThat(onA.status()).as("%s", onA).isEqualTo(200);
        assertThat(onA.json().get("displayName").asText()).isEqualTo("Made On B");
    }

    @Test
    void aDeviceEnrolledOnOneNodeIsListedOnBothAsSoonAsTheAnswerArrives() {
        String username = SetupSteps.unique("nodes");
        SetupSteps.createUser(clientA, ADMIN, username, "Two Nodes");

        Response enrolled = clientB.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                .json(json("csr", openssl.deviceCsr(username), "deviceName", "on-b")).send();

        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        for (JamsClient node : List.of(clientA, clientB)) {
            Response devices = node.get("/api/auth/devices").basic(username, SetupSteps.USER_PASSWORD).send();
            assertThat(devices.status()).as("%s", devices).isEqualTo(200);
            assertThat(devices.json()).extracting(device -> device.get("alias").asText()).containsExactly("on-b");
        }
    }

    @Test
    void aSettingsChangeOnOneNodeReachesTheOthersCertificatesWithinItsMaximumAge() {
        String username = SetupSteps.unique("nodes");
        SetupSteps.createUser(clientA, ADMIN, username, "Two Nodes");
        IssuingSetupSource setupOnB = nodeB.getBean(IssuingSetupSource.class);
        assertThat(setupOnB.current().deviceLifetimeDays()).isEqualTo(365);

        Response changed = clientA.post("/api/setup/settings").as(ADMIN).json(json("deviceLifetimeDays", 4,
                "userLifetimeDays", 730, "crlLifetimeMinutes", 5, "corsOrigin", "")).send();
        assertThat(changed.status()).as("%s", changed).isEqualTo(201);
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20))
                .until(() -> setupOnB.current().deviceLifetimeDays() == 4);

        Instant before = Instant.now().minusSeconds(1);
        Response enrolled = clientB.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                .json(json("csr", openssl.deviceCsr(username), "deviceName", "short-lived")).send();
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        JsonNode chain = enrolled.json().get("certificateChain");
        Instant notAfter = SetupSteps.certificate(chain.asText()).getNotAfter().toInstant();
        assertThat(notAfter).isBetween(before.plus(Duration.ofDays(4)), Instant.now().plus(Duration.ofDays(4)));
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        String[] all = Stream.concat(Stream.of("--server.port=0", "--jams.keys.pool-size=1",
                "--logging.level.root=WARN"), Stream.of(arguments)).toArray(String[]::new);
        return SpringApplication.run(JamsServer.class, all);
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
