package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * People from a real Active Directory (a Samba AD domain controller): Active Directory's defaults (the base DN read
 * from the domain, sAMAccountName, userPrincipalName and DOMAIN\name all accepted, thumbnailPhoto), a disabled account
 * refused, plain binds refused by the DC as a real one does, and a person disabled later losing their devices at the
 * next synchronisation.
 */
class ActiveDirectoryTest {

    private static final Credentials ADMIN = new Credentials("ad-admin", "ad-admin-password");
    private static SambaAdServer ad;
    private static ConfigurableApplicationContext server;
    private static JamsClient client;
    private static JdbcTemplate jdbc;
    private static OpenSsl openssl;

    @BeforeAll
    static void startDomainControllerAndServer() throws Exception {
        ad = SambaAdServer.shared();
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = TestHomes.create("jams-it-ad-");
        server = SpringApplication.run(JamsServer.class, "--server.port=0", "--jams.home=" + home,
                "--jams.keys.pool-size=2", "--jams.auth.guessing.free-failures=10000",
                "--jams.auth.guessing.lock-failures=20000", "--jams.auth.guessing.address-free-failures=10000",
                "--jams.auth.guessing.address-lock-failures=20000", "--jams.directory.sync.tick=0s");
        client = new JamsClient(Integer.parseInt(server.getEnvironment().getRequiredProperty("local.server.port")));
        jdbc = server.getBean(JdbcTemplate.class);
        openssl = new OpenSsl(Files.createDirectories(home.resolve("it-openssl")));
        SetupSteps.createAdmin(client, ADMIN);
        SetupSteps.generateCa(client, ADMIN, "AD IT Org CA");
        SetupSteps.configureSettings(client, ADMIN);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void overLdaps() {
        Response saved = client.post("/api/setup/directory").as(ADMIN).json(body(ldaps())).send();
        assertThat(saved.status()).as("%s", saved).isEqualTo(201);
    }

    @Test
    void activeDirectorysDefaultsNeedOnlyTheHostTheDomainAndTheReader() {
        JsonNode shown = client.get("/api/setup/directory").as(ADMIN).send().json();
        assertThat(shown.get("type").asText()).isEqualTo("ad");
        assertThat(shown.get("url").asText()).isEqualTo("ldaps://127.0.0.1:636");
        assertThat(shown.get("userBaseDn").asText()).as("read from the domain").isEqualToIgnoringCase(
                SambaAdServer.BASE_DN);
        assertThat(shown.get("attributes").get("username").asText()).isEqualTo("sAMAccountName");
        assertThat(shown.get("attributes").get("photo").asText()).isEqualTo("thumbnailPhoto");
        assertThat(shown.toString()).doesNotContain(SambaAdServer.READER_PASSWORD);

        JsonNode plain = check(with(with(ldaps(), "ssl", false), "port", 389));
        assertThat(plain.get("failure").asText()).as("%s", plain).isEqualTo("bind_refused");
        assertThat(plain.get("message").asText()).contains("TLS");
        JsonNode startTls = check(with(with(with(ldaps(), "ssl", false), "port", 389), "startTls", true));
        assertThat(startTls.get("ok").asBoolean()).as("%s", startTls).isTrue();
        assertThat(check(with(ldaps(), "bindPassword", "Wrong-Pass-1!")).get("failure").asText())
                .isEqualTo("bind_refused");
    }

    @Test
    void aPersonSignsInBySamAccountNameUserPrincipalNameOrDomainName() {
        Response enrolled = enroll("alice@example.test", SambaAdServer.ALICE_PASSWORD);
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        assertThat(enrolled.json().get("Account.displayName").asText()).isEqualTo("Alice Anderson");
        assertThat(Base64.getDecoder().decode(enrolled.json().get("userPhoto").asText()))
                .isEqualTo(OpenLdapServer.PHOTO);
        assertThat(jdbc.queryForMap("SELECT display_name, source, password_hash FROM users WHERE username = 'alice'"))
                .containsEntry("display_name", "Alice Anderson").containsEntry("source", "ad")
                .containsEntry("password_hash", "");
        for (String login : new String[] {"alice", "ALICE", "alice@EXAMPLE.TEST", "EXAMPLE\\alice", "example\\alice"}) {
            Response token = client.post("/api/login").basic(login, SambaAdServer.ALICE_PASSWORD).send();
            assertThat(token.status()).as("%s: %s", login, token).isEqualTo(200);
            assertThat(token.json().get("scope").asText()).isEqualTo("USER");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE source = 'ad' AND username LIKE '%alice%'",
                Long.class)).as("one person whatever they typed").isEqualTo(1);
        refused(403, "invalid_credentials", () -> client.post("/api/login").basic("alice", "Wrong-Pass-1!").send());
        refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("OTHER\\alice", SambaAdServer.ALICE_PASSWORD).send());
        refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("alice*", SambaAdServer.ALICE_PASSWORD).send());
    }

    @Test
    void aDisabledAccountCannotSignInOrEnroll() {
        refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("carol", SambaAdServer.CAROL_PASSWORD).send());
        refused(401, null, () -> enroll("carol@example.test", SambaAdServer.CAROL_PASSWORD));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = 'carol'", Long.class)).isZero();
    }

    @Test
    void aPersonDisabledLaterLosesTheirDevicesAtTheNextSynchronisation() {
        Response enrolled = enroll("bob", SambaAdServer.BOB_PASSWORD);
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        ad.tool("user", "disable", "bob");
        try {
            refused(403, "invalid_credentials", () -> client.post("/api/login")
                    .basic("bob", SambaAdServer.BOB_PASSWORD).send());
            Response run = client.post("/api/admin/directory/sync").as(ADMIN).send();
            assertThat(run.status()).as("%s", run).isEqualTo(200);
            assertThat(run.json().get("disabled").asInt()).as("%s", run).isEqualTo(1);
            assertThat(run.json().get("devicesRevoked").asInt()).isEqualTo(1);
            assertThat(jdbc.queryForMap("SELECT status, revoke_reason FROM devices WHERE username = 'bob'"))
                    .containsEntry("status", "REVOKED").containsEntry("revoke_reason", "person disabled in the directory");
            assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'bob'", String.class))
                    .isEqualTo("DISABLED");
        } finally {
            ad.tool("user", "enable", "bob");
        }
        SetupSteps.login(client, "bob", SambaAdServer.BOB_PASSWORD, "USER");
        assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'bob'", String.class))
                .as("enabled again by the directory").isEqualTo("ACTIVE");
    }

    private static void refused(int status, String code, Supplier<Response> request) {
        String people = "SELECT count(*) FROM domainevententry WHERE payloadtype NOT LIKE '%AccessEvents%'";
        long before = jdbc.queryForObject(people, Long.class);
        assertError(request.get(), status, code);
        assertThat(jdbc.queryForObject(people, Long.class)).as("events other than access records").isEqualTo(before);
    }

    private Response enroll(String username, String password) {
        String csr = openssl.deviceCsr(SetupSteps.unique("ad-device"));
        return client.post("/api/auth/device").basic(username, password)
                .json(json("csr", csr, "deviceName", "desktop")).send();
    }

    private static JsonNode check(Map<String, Object> settings) {
        Response response = client.post("/api/setup/directory/test").as(ADMIN).json(body(settings)).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static Map<String, Object> ldaps() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", "ad");
        settings.put("host", "127.0.0.1");
        settings.put("port", 636);
        settings.put("ssl", true);
        settings.put("domain", SambaAdServer.DOMAIN);
        settings.put("bindDn", SambaAdServer.READER_DN);
        settings.put("bindPassword", SambaAdServer.READER_PASSWORD);
        settings.put("trustedCertificate", ad.caPem());
        return settings;
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    private static String body(Map<String, Object> settings) {
        Object[] pairs = new Object[settings.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> entry : settings.entrySet()) {
            pairs[i++] = entry.getKey();
            pairs[i++] = entry.getValue();
        }
        return JamsClient.json(pairs);
    }
}
