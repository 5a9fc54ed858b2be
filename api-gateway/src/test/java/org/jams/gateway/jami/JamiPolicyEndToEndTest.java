package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jams.command.pki.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real Jami client ({@code jamid}) receives its person's blueprints: the settings of their group's blueprint are in
 * its account details after enrollment, a person in two groups gets the higher precedence's value for each key, and a
 * device asking for its policy (mTLS, as newer clients do on every start) gets the latest version, recorded in its
 * history once per change. jamid must be installed (scripts/jami/install-test-deps.sh): this test never skips.
 */
@SpringBootTest(classes = org.jams.gateway.JamsServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"jams.keys.pool-size=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamiPolicyEndToEndTest {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
    private static final E2eServerFiles FILES = E2eServerFiles.create("jams-e2e-policy-");
    private static final TestServerPki PKI = FILES.pki;
    private static final String PASSWORD = "policy-e2e-password";

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        FILES.register(registry);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;

    private DhtNode dht;
    private JamiDaemon daemon;
    private String base;
    private JdbcTemplate jdbc;
    private JamsHttp admin;

    @BeforeAll
    void setUp() {
        assertTrue(JamiDaemon.isInstalled(), "jamid, dbus-daemon, gdbus, dhtnode and unshare must be installed "
                + "(scripts/jami/install-test-deps.sh): this end-to-end test does not skip");
        jdbc = new JdbcTemplate(dataSource);
        base = "https://127.0.0.1:" + port;
        JamsHttp.anonymous(PKI.client(), base).post("/api/setup/admin", Map.of("username", "admin", "password",
                "admin-e2e-password")).expect(201);
        admin = JamsHttp.basic(PKI.client(), base, "admin", "admin-e2e-password");
        admin.post("/api/setup/ca", Map.of("mode", "generate", "commonName", "E2E Policy CA", "validityDays", 365))
                .expect(201);
        admin.post("/api/setup/directory", Map.of("type", "local")).expect(201);
        admin.post("/api/setup/settings", Map.of("deviceLifetimeDays", 30, "userLifetimeDays", 60,
                "crlLifetimeMinutes", 5, "corsOrigin", "")).expect(201);
        for (String person : List.of("alice", "carol")) {
            admin.post("/api/admin/users", Map.of("username", person, "password", PASSWORD, "displayName",
                    person)).expect(201);
        }
        admin.post("/api/admin/blueprints", Map.of("name", "office", "settings", Map.of("TURN.enable", "true",
                "TURN.server", "127.0.0.1:3478", "TURN.username", "office", "Account.upnpEnabled", "false")))
                .expect(201);
        admin.post("/api/admin/blueprints", Map.of("name", "travel", "settings", Map.of("TURN.server",
                "127.0.0.2:3479", "TURN.username", "travel"))).expect(201);
        admin.post("/api/admin/groups", Map.of("name", "engineering", "description", "everyone who builds"))
                .expect(201);
        admin.post("/api/admin/groups", Map.of("name", "travellers", "description", "")).expect(201);
        admin.put("/api/admin/groups/engineering/members/alice", Map.of()).expect(200);
        admin.put("/api/admin/groups/engineering/members/carol", Map.of()).expect(200);
        admin.put("/api/admin/groups/travellers/members/carol", Map.of()).expect(200);
        admin.put("/api/admin/groups/engineering/blueprint", Map.of("blueprint", "office", "precedence", 10))
                .expect(200);
        admin.put("/api/admin/groups/travellers/blueprint", Map.of("blueprint", "travel", "precedence", 20))
                .expect(200);
        dht = DhtNode.start();
        daemon = JamiDaemon.start(PKI.caFile(), JamiDaemon.canChooseDeviceName() ? "policy-laptop" : null);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close(Duration.ofSeconds(3));
        }
        if (dht != null) {
            dht.close();
        }
    }

    @Test
    void devicesGetTheirGroupsBlueprintsAtEnrollmentAndFromPolicyData() {
        String alice = enroll("alice");
        Map<String, String> details = daemon.client().getAccountDetails(alice);
        assertEquals("true", details.get("TURN.enable"), "TURN.enable from office: " + details);
        assertEquals("127.0.0.1:3478", details.get("TURN.server"));
        assertEquals("office", details.get("TURN.username"));
        assertEquals("false", details.get("Account.upnpEnabled"));

        String carol = enroll("carol");
        Map<String, String> carols = daemon.client().getAccountDetails(carol);
        assertEquals("127.0.0.2:3479", carols.get("TURN.server"), "travel (precedence 20) wins: " + carols);
        assertEquals("travel", carols.get("TURN.username"));
        assertEquals("true", carols.get("TURN.enable"), "a key only office sets still comes from office");

        String aliceDevice = jdbc.queryForObject("SELECT device_id FROM devices WHERE username = 'alice'",
                String.class);
        assertEquals(1, deliveries(aliceDevice), "the enrollment records office version 1");
        String history = admin.get("/api/admin/devices/" + aliceDevice + "/history").expect(200).text();
        assertTrue(history.contains("PolicyDeliveredEvent") && history.contains("\"office\":1"), history);

        // The device asks for its policy as newer clients do on every start: with its certificate.
        PrivateKey key = Pem.parsePrivateKey(read(daemon.accountDir(alice).resolve("ring_device.key")), null);
        List<X509Certificate> chain = Pem.parseCertificates(read(daemon.accountDir(alice)
                .resolve("ring_device.crt")));
        JamsHttp device = JamsHttp.bearer(PKI.client(key, chain), base, JamsHttp.anonymous(PKI.client(key, chain),
                base).post("/api/login", "{}").expect(200).body().get("access_token").asText());
        assertEquals("127.0.0.1:3478", device.get("/api/auth/policyData").expect(200).body().get("TURN.server")
                .asText());
        assertEquals(1, deliveries(aliceDevice), "the same version again is not recorded again");

        admin.put("/api/admin/blueprints/office", Map.of("settings", Map.of("TURN.enable", "true", "TURN.server",
                "127.0.0.1:5349", "TURN.username", "office", "Account.upnpEnabled", "false"))).expect(200);
        assertEquals("127.0.0.1:5349", device.get("/api/auth/policyData").expect(200).body().get("TURN.server")
                .asText());
        assertEquals(2, deliveries(aliceDevice), "version 2 recorded");
        assertTrue(admin.get("/api/admin/devices/" + aliceDevice + "/history").expect(200).text()
                .contains("\"office\":2"));
        Map<String, Object> sources = JamsHttp.JSON.convertValue(admin.get("/api/admin/users/carol/settings")
                .expect(200).body().get("sources"), Map.class);
        assertEquals(Map.of("blueprint", "travel", "version", 1, "group", "travellers"), sources.get("TURN.server"));
        assertEquals(Map.of("blueprint", "office", "version", 2, "group", "engineering"), sources.get("TURN.enable"));
    }

    private long deliveries(String deviceId) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%PolicyDeliveredEvent'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", Long.class, "%" + deviceId + "%");
    }

    private String enroll(String person) {
        return daemon.enrollJamsAccount(base, person, PASSWORD, dht.port(), ENROLL_TIMEOUT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
