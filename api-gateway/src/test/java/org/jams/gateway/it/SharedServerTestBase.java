package org.jams.gateway.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.JamsClient.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one server most integration tests share: the real application on a random port, with its own embedded
 * PostgreSQL under a temporary {@code jams.home}. Every subclass gets the same Spring context (same annotations, same
 * property source), so PostgreSQL boots once per test run. The setup walkthrough runs once, before the first test;
 * tests then create users with unique names and never depend on each other's data.
 */
@SpringBootTest(classes = JamsServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"jams.keys.pool-size=2", "jams.metrics.token=" + SharedServerTestBase.METRICS_TOKEN,
                "jams.metrics.cache-for=200ms", "jams.health.processors.stuck-after=3s",
                "jams.health.audit-chain.stuck-after=3s",
                // Tests send wrong passwords for the shared admin on purpose; the limits are TwoNodesTest's subject.
                "jams.auth.guessing.free-failures=10000", "jams.auth.guessing.lock-failures=20000",
                "jams.auth.guessing.address-free-failures=10000", "jams.auth.guessing.address-lock-failures=20000"})
abstract class SharedServerTestBase {

    static final Credentials ADMIN = new Credentials("it-admin", "it-admin-password");
    /** What a Prometheus scraper presents as its bearer token ({@code jams.metrics.token}). */
    static final String METRICS_TOKEN = "it-scraper-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e";
    static final String USER_PASSWORD = SetupSteps.USER_PASSWORD;

    private static final Path HOME = TestHomes.create("jams-it-shared-");
    private static final Object SETUP_LOCK = new Object();
    private static JsonNode organisationCa;
    private static OpenSsl openssl;

    @DynamicPropertySource
    static void sharedHome(DynamicPropertyRegistry registry) {
        // Read when Axon starts; the launcher's main() sets it, a test context must do it itself.
        System.setProperty("axoniq.update-checker.disabled", "true");
        registry.add("jams.home", HOME::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected CommandGateway commandGateway;

    protected JamsClient client;

    @BeforeEach
    void connectAndSetUp() {
        client = new JamsClient(port);
        synchronized (SETUP_LOCK) {
            if (organisationCa == null) {
                SetupSteps.createAdmin(client, ADMIN);
                organisationCa = SetupSteps.inParallel(
                        () -> SetupSteps.generateCa(client, ADMIN, "JAMS IT Org CA"),
                        () -> {
                            SetupSteps.configureDirectory(client, ADMIN);
                            return null;
                        },
                        () -> {
                            SetupSteps.configureSettings(client, ADMIN);
                            return null;
                        }).get(0);
            }
        }
    }

    static Path home() {
        return HOME;
    }

    /** The body of the {@code POST /api/setup/ca} that generated the shared organisation CA. */
    static JsonNode organisationCa() {
        return organisationCa;
    }

    static synchronized OpenSsl openssl() {
        if (openssl == null) {
            try {
                openssl = new OpenSsl(Files.createDirectories(HOME.resolve("it-openssl")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return openssl;
    }

    /**
     * A refused access about {@code subject}, with the audit metadata every stored event carries (AuditTrailApiTest
     * checks all events): a cheap real event for tests that append straight to the store.
     */
    static EventMessage<?> accessRefused(String subject, String actor) {
        return new GenericEventMessage<>(new AccessRefusedEvent(subject, "test", "/test", actor),
                Map.of("actor", actor, "authMethod", "test", "sourceAddress", "127.0.0.1", "userAgent", actor,
                        "correlationId", subject, "traceId", subject));
    }

    JsonNode createUser(String username) {
        return SetupSteps.createUser(client, ADMIN, username, "IT " + username);
    }

    /**
     * Enrolls a new device key for the user. The device-facing HTTP API is not part of these tests, so this sends the
     * same command it would (through the application's real command bus and event store), then waits until the
     * devices read model shows the device.
     */
    String enrollDevice(String username, String deviceName) {
        String csr = openssl().deviceCsr(SetupSteps.unique(deviceName));
        DeviceEnrollment enrollment = commandGateway.sendAndWait(
                new SignDeviceCsrCommand(username, csr, deviceName, "127.0.0.1", JamsClient.USER_AGENT));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM devices WHERE username = ? AND device_id = ?", Long.class, username,
                enrollment.deviceId()) == 1);
        return enrollment.deviceId();
    }
}
