package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jams.gateway.it.OpenLdapServer;
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
 * The real Jami client ({@code jamid}) enrolls a person of a real OpenLDAP server with their directory password: it
 * receives their display name and photo from the directory, finds another directory person through the directory
 * search and the name server, and a wrong directory password leaves no account. jamid must be installed
 * (scripts/jami/install-test-deps.sh): without it this test fails, it never skips.
 */
@SpringBootTest(classes = org.jams.gateway.JamsServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"jams.keys.pool-size=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamiDirectoryEndToEndTest {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);
    private static final E2eServerFiles FILES = E2eServerFiles.create("jams-e2e-ldap-");
    private static final TestServerPki PKI = FILES.pki;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        FILES.register(registry);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;

    private OpenLdapServer ldap;
    private DhtNode dht;
    private JamiDaemon daemon;
    private String base;
    private JdbcTemplate jdbc;

    @BeforeAll
    void setUp() {
        assertTrue(JamiDaemon.isInstalled(), "jamid, dbus-daemon, gdbus, dhtnode and unshare must be installed "
                + "(scripts/jami/install-test-deps.sh): this end-to-end test does not skip");
        jdbc = new JdbcTemplate(dataSource);
        base = "https://127.0.0.1:" + port;
        ldap = OpenLdapServer.start();
        JamsHttp anonymous = JamsHttp.anonymous(PKI.client(), base);
        anonymous.post("/api/setup/admin", Map.of("username", "admin", "password", "admin-e2e-password")).expect(201);
        JamsHttp admin = JamsHttp.basic(PKI.client(), base, "admin", "admin-e2e-password");
        admin.post("/api/setup/ca", Map.of("mode", "generate", "commonName", "E2E LDAP CA", "validityDays", 365))
                .expect(201);
        admin.post("/api/setup/directory", Map.of("type", "ldap", "url", ldap.url(), "bindDn",
                OpenLdapServer.BIND_DN, "bindPassword", OpenLdapServer.BIND_PASSWORD, "userBaseDn",
                OpenLdapServer.PEOPLE_DN)).expect(201);
        admin.post("/api/setup/settings", Map.of("deviceLifetimeDays", 30, "userLifetimeDays", 60,
                "crlLifetimeMinutes", 5, "corsOrigin", "")).expect(201);
        // bob signed in once (on another device, say): he has a Jami account the search and name server know.
        JamsHttp.basic(PKI.client(), base, "bob", OpenLdapServer.BOB.password()).post("/api/login", Map.of())
                .expect(200);
        dht = DhtNode.start();
        daemon = JamiDaemon.start(PKI.caFile(), JamiDaemon.canChooseDeviceName() ? "alice-ldap" : null);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close(Duration.ofSeconds(3));
        }
        if (dht != null) {
            dht.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void aDirectoryPersonEnrollsSeesTheirNameAndPhotoAndFindsOthers() {
        String account = daemon.client().addJamsAccount(base, "alice", OpenLdapServer.ALICE.password(), dht.port(),
                base + "/api/nameserver");
        SignalRecorder.Signal state = daemon.signals().await("registrationStateChanged", s -> s.string(0)
                .equals(account) && (s.string(1).equals("REGISTERED") || s.string(1).startsWith("ERROR")),
                ENROLL_TIMEOUT);
        if (!state.string(1).equals("REGISTERED")) {
            fail("account " + account + " went to " + state + "\n" + daemon.jamidLogTail(80));
        }
        String aliceId = jdbc.queryForObject("SELECT jami_id FROM users WHERE username = 'alice' AND source = 'ldap'",
                String.class);
        assertEquals(aliceId, daemon.client().getAccountDetails(account).get("Account.username"));
        SignalRecorder.Signal profile = daemon.signals().await("accountProfileReceived",
                s -> s.string(0).equals(account), SIGNAL_TIMEOUT);
        assertEquals("Alice Anderson", profile.string(1), "the directory's display name: " + profile);
        assertEquals(Base64.getEncoder().encodeToString(OpenLdapServer.photo()), profile.string(2),
                "the directory's photo");

        String bobId = jdbc.queryForObject("SELECT jami_id FROM users WHERE username = 'bob'", String.class);
        daemon.client().searchUser(account, "Brown");
        SignalRecorder.Signal search = daemon.signals().await("userSearchEnded",
                s -> s.string(0).equals(account) && s.string(2).equals("Brown"), SIGNAL_TIMEOUT);
        assertEquals(0, search.integer(1), "userSearchEnded status: " + search);
        List<Map<String, String>> results = search.stringMaps(3);
        assertTrue(results.stream().anyMatch(r -> bobId.equals(r.get("id")) && "Bob".equals(r.get("firstName"))
                && "Brown".equals(r.get("lastName"))), "bob found in the directory: " + results);

        daemon.client().lookupName(account, "", "bob");
        SignalRecorder.Signal byName = daemon.signals().await("registeredNameFound",
                s -> s.string(0).equals(account) && s.string(3).equals("bob"), SIGNAL_TIMEOUT);
        assertEquals(0, byName.integer(1), "lookupName: " + byName);
        assertEquals(bobId, byName.string(2));

        String refused = daemon.client().addJamsAccount(base, "bob", "not-bob's-password", dht.port(),
                base + "/api/nameserver");
        SignalRecorder.Signal end = daemon.signals().await("registrationStateChanged", s -> s.string(0)
                .equals(refused) && (s.string(1).equals("REGISTERED") || s.string(1).startsWith("ERROR")),
                ENROLL_TIMEOUT);
        assertEquals("ERROR_GENERIC", end.string(1), "a wrong directory password: " + end);
        assertFalse(jdbc.queryForObject("SELECT count(*) > 0 FROM devices WHERE username = 'bob'", Boolean.class),
                "no device for the refused enrollment");
    }
}
