package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.EventSigner;
import org.jams.command.setup.IssuingSetup;
import org.jams.gateway.JamsServer;
import org.jams.gateway.identity.IssuingSetupSource;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The setup wizard on a server of its own (the CA can be configured only once, so the import refusals need a server
 * without one): each step in order, each step's refusals before it succeeds, and an imported CA that then signs
 * account certificates. CA material comes from the openssl command line.
 */
@SpringBootTest(classes = JamsServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"jams.keys.pool-size=1"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupApiTest {

    private static final Path HOME = TestHomes.create("jams-it-setup-");
    private static final Credentials ADMIN = new Credentials("root-admin", "root-admin-password");
    private static final String PASSPHRASE = "correct horse battery staple";

    private static OpenSsl openssl;
    private static String caCertificate;
    private static String caKey;
    private static String caKeyEncrypted;

    @DynamicPropertySource
    static void ownHome(DynamicPropertyRegistry registry) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        registry.add("jams.home", HOME::toString);
    }

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private EventStore eventStore;

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private TransactionManager transactionManager;

    @Autowired
    private AuditKeys auditKeys;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private JamsClient client;

    @BeforeAll
    static void caMaterial() throws IOException {
        openssl = new OpenSsl(Files.createDirectories(HOME.resolve("it-openssl")));
        caKey = openssl.rsaKey("ca.key", 2048);
        caCertificate = openssl.selfSigned("ca.pem", "ca.key", "Imported IT CA", 365, OpenSsl.CA_EXTENSIONS);
        openssl.run("pkcs8", "-topk8", "-in", "ca.key", "-v2", "aes-256-cbc", "-passout", "pass:" + PASSPHRASE,
                "-out", "ca.enc.key");
        caKeyEncrypted = openssl.read("ca.enc.key");
        assertThat(caKeyEncrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    }

    @BeforeEach
    void connect() {
        client = new JamsClient(port);
    }

    @Test
    @Order(1)
    void beforeAnyAdminOnlyTheStatusAndTheFirstStepAreOpen() {
        assertStatus(false, false, false, false);
        assertThat(ApiAssertions.eventCount(jdbc)).isZero();
        for (Supplier<JamsClient.Call> step : List.<Supplier<JamsClient.Call>>of(
                () -> client.post("/api/setup/ca").json(json("mode", "generate", "commonName", "X",
                        "validityDays", 10)),
                () -> client.post("/api/setup/directory").json(json("type", "local")),
                () -> client.post("/api/setup/settings").json(json("deviceLifetimeDays", 1, "userLifetimeDays", 1,
                        "crlLifetimeMinutes", 1, "corsOrigin", "")),
                () -> client.get("/api/admin/users"))) {
            assertRefused(401, "unauthenticated", () -> step.get().send());
            assertRefused(401, "unauthenticated", () -> step.get().as(ADMIN).send());
        }
        assertThat(ApiAssertions.eventCount(jdbc)).isZero();
        assertThat(HOME.resolve("ca")).doesNotExist();
    }

    @Test
    @Order(2)
    void theFirstAdminIsRefusedForBadInput() {
        String path = "/api/setup/admin";
        assertRefused(400, "missing_body", () -> client.post(path).body("application/json", new byte[0]).send());
        assertRefused(400, "malformed_request", () -> client.post(path).json("{\"username\":\"root\",").send());
        assertRefused(400, "invalid_username", () -> client.post(path)
                .json("{\"username\":{\"name\":\"root\"},\"password\":\"abcdefghij\"}").send());
        assertRefused(400, "invalid_password", () -> client.post(path)
                .json("{\"username\":\"root\",\"password\":[\"abcdefghij\"]}").send());
        assertRefused(400, "missing_username", () -> client.post(path).json(json("password", "abcdefghij")).send());
        assertRefused(400, "missing_password", () -> client.post(path).json(json("username", "root")).send());
        assertRefused(400, "invalid_username", () -> client.post(path)
                .json(json("username", "r", "password", "abcdefghij")).send());
        assertRefused(400, "invalid_username", () -> client.post(path)
                .json(json("username", "root admin", "password", "abcdefghij")).send());
        assertRefused(400, "invalid_password", () -> client.post(path)
                .json(json("username", "root", "password", "short")).send());
        assertRefused(415, "unsupported_media_type", () -> client.post(path)
                .body("text/plain", json("username", "root", "password", "abcdefghij")
                        .getBytes(StandardCharsets.UTF_8)).send());
        byte[] oversized = json("username", "root", "password", "x".repeat(270_000)).getBytes(StandardCharsets.UTF_8);
        assertRefused(413, "payload_too_large", () -> client.post(path).body("application/json", oversized).send());
        assertRefused(413, "payload_too_large", () -> client.post(path).chunked("application/json", oversized).send());
        assertStatus(false, false, false, false);
    }

    @Test
    @Order(3)
    void theFirstAdminIsCreatedOnceAndCanSignIn() {
        Response created = client.post("/api/setup/admin")
                .json(json("username", "Root-Admin", "password", ADMIN.password())).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().get("username").asText()).isEqualTo(ADMIN.username());
        assertStatus(true, false, false, false);
        SetupSteps.login(client, ADMIN.username(), ADMIN.password(), "ADMIN");

        String second = json("username", "second-admin", "password", "second-password");
        assertRefused(401, "unauthenticated", () -> client.post("/api/setup/admin").json(second).send());
        assertRefused(409, "admin_exists", () -> client.post("/api/setup/admin").as(ADMIN).json(second).send());
        assertRefused(409, "admin_exists", () -> client.post("/api/setup/admin").as(ADMIN)
                .json(json("username", ADMIN.username(), "password", "another-password")).send());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_account", Long.class)).isEqualTo(1L);
        assertError(client.post("/api/login").basic("second-admin", "second-password").send(), 403,
                "invalid_credentials");
    }

    @Test
    @Order(4)
    void theCaIsRefusedForBadRequestsAndUnsuitableCertificates() {
        // generate: mode, name and validity
        assertRefused(400, "missing_body", () -> ca("null"));
        assertRefused(400, "missing_mode", () -> ca(json("commonName", "X", "validityDays", 10)));
        assertRefused(400, "invalid_mode", () -> ca(json("mode", "steal", "commonName", "X", "validityDays", 10)));
        assertRefused(400, "invalid_mode", () -> ca(json("mode", "GENERATE", "commonName", "X", "validityDays", 10)));
        assertRefused(400, "invalid_mode", () -> ca("{\"mode\":{\"generate\":true}}"));
        assertRefused(400, "missing_commonName", () -> ca(json("mode", "generate", "validityDays", 10)));
        assertRefused(400, "missing_validityDays", () -> ca(json("mode", "generate", "commonName", "X")));
        assertRefused(400, "invalid_ca_request", () -> ca(json("mode", "generate", "commonName", "X",
                "validityDays", 0)));
        assertRefused(400, "invalid_ca_request", () -> ca(json("mode", "generate", "commonName", "X",
                "validityDays", 36_501)));
        assertRefused(400, "invalid_ca_request", () -> ca(json("mode", "generate", "commonName", "c".repeat(65),
                "validityDays", 10)));
        assertRefused(400, "invalid_validityDays", () -> ca(json("mode", "generate", "commonName", "X",
                "validityDays", "ten")));

        // import: missing or unreadable material
        assertRefused(400, "missing_certificate", () -> importCa(null, caKey, ""));
        assertRefused(400, "missing_privateKey", () -> importCa(caCertificate, null, ""));
        assertRefused(400, "unreadable_certificate", () -> importCa("not a certificate", caKey, ""));
        assertRefused(400, "unreadable_certificate", () -> importCa(
                "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n", caKey, ""));
        assertRefused(400, "unreadable_private_key", () -> importCa(caCertificate, "not a key", ""));
        assertRefused(400, "unreadable_private_key", () -> importCa(caCertificate, caCertificate, ""));

        // import: certificates that cannot sign the Jami chain
        assertRefused(400, "not_a_ca", () -> importCa(openssl.selfSigned("leaf.pem", "ca.key", "Leaf", 365,
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature"), caKey, ""));
        assertRefused(400, "not_a_ca", () -> importCa(openssl.selfSigned("nobc.pem", "ca.key", "No BC", 365,
                "subjectKeyIdentifier=hash"), caKey, ""));
        assertRefused(400, "not_a_ca", () -> importCa(openssl.selfSigned("noku.pem", "ca.key", "No keyCertSign",
                365, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature"), caKey, ""));
        assertRefused(400, "path_length_zero", () -> importCa(openssl.selfSigned("pl0.pem", "ca.key", "PathLen 0",
                365, "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign"),
                caKey, ""));
        assertRefused(400, "expired", () -> importCa(openssl.selfSigned("expired.pem", "ca.key", "Expired", -1,
                OpenSsl.CA_EXTENSIONS), caKey, ""));
        String otherKey = openssl.rsaKey("other.key", 2048);
        assertRefused(400, "key_mismatch", () -> importCa(caCertificate, otherKey, ""));
        String weakKey = openssl.rsaKey("weak.key", 1024);
        assertRefused(400, "unsupported_key", () -> importCa(openssl.selfSigned("weak.pem", "weak.key", "Weak", 365,
                OpenSsl.CA_EXTENSIONS), weakKey, ""));
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
        assertRefused(400, "unsupported_key", () -> importCa(openssl.selfSigned("ec.pem", "ec.key", "EC", 365,
                OpenSsl.CA_EXTENSIONS), openssl.read("ec.key"), ""));

        // import: encrypted PKCS#8 keys need the right passphrase
        assertRefused(400, "wrong_passphrase", () -> importCa(caCertificate, caKeyEncrypted, "wrong passphrase"));
        assertRefused(400, "passphrase_required", () -> importCa(caCertificate, caKeyEncrypted, ""));
        assertRefused(400, "passphrase_required", () -> importCa(caCertificate, caKeyEncrypted, null));

        byte[] oversized = json("mode", "import", "certificate", caCertificate.repeat(300), "privateKey", caKey)
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(413, "payload_too_large", () -> client.post("/api/setup/ca").as(ADMIN)
                .chunked("application/json", oversized).send());
        assertRefused(415, "unsupported_media_type", () -> client.post("/api/setup/ca").as(ADMIN)
                .body("text/plain", json("mode", "generate").getBytes(StandardCharsets.UTF_8)).send());

        assertStatus(true, false, false, false);
        assertThat(caKeyFiles()).as("no key file is left behind by a refused CA").isEmpty();
    }

    @Test
    @Order(5)
    void anEncryptedCaKeyIsImportedWithItsPassphrase() throws Exception {
        JsonNode imported = importCaOk();
        X509Certificate expected = SetupSteps.certificate(caCertificate);
        X509Certificate returned = SetupSteps.certificate(imported.get("certificate").asText());
        assertThat(returned).isEqualTo(expected);
        String caKeyId = SetupSteps.sha1Id(expected.getPublicKey());
        assertThat(imported.get("caKeyId").asText()).isEqualTo(caKeyId);
        assertThat(imported.get("subject").asText()).isEqualTo("CN=Imported IT CA");
        assertThat(imported.get("notAfter").asText()).isEqualTo(expected.getNotAfter().toInstant().toString());
        assertStatus(true, true, false, false);
        assertThat(jdbc.queryForObject("SELECT origin FROM organisation_ca", String.class)).isEqualTo("imported");

        // the key is kept decrypted, readable only by the server's user, and it is the CA's key
        Path keyFile = HOME.resolve("ca").resolve(caKeyId + ".key.pem");
        assertThat(caKeyFiles()).containsExactly(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        String stored = openssl.run("pkey", "-in", keyFile.toString(), "-pubout");
        String certified = openssl.run("x509", "-in", "ca.pem", "-noout", "-pubkey");
        assertThat(stored).isEqualTo(certified);
    }

    @Test
    @Order(6)
    void theCaCannotBeReplaced() throws IOException {
        assertRefused(409, "ca_exists", () -> ca(json("mode", "generate", "commonName", "Second", "validityDays", 10)));
        assertRefused(409, "ca_exists", () -> importCa(caCertificate, caKeyEncrypted, PASSPHRASE));
        String otherCa = openssl.selfSigned("other-ca.pem", "other.key", "Other CA", 365, OpenSsl.CA_EXTENSIONS);
        assertRefused(409, "ca_exists", () -> importCa(otherCa, openssl.read("other.key"), ""));
        assertThat(caKeyFiles()).hasSize(1);
    }

    @Test
    @Order(7)
    void theDirectoryIsLocalOrComesWithItsSettings() {
        String path = "/api/setup/directory";
        assertRefused(400, "missing_body", () -> client.post(path).as(ADMIN).json("null").send());
        assertRefused(400, "missing_type", () -> client.post(path).as(ADMIN).json("{}").send());
        assertRefused(400, "missing_url", () -> client.post(path).as(ADMIN).json(json("type", "ldap")).send());
        assertRefused(400, "missing_host", () -> client.post(path).as(ADMIN).json(json("type", "ad")).send());
        assertRefused(400, "unsupported_directory", () -> client.post(path).as(ADMIN).json(json("type", "nis"))
                .send());
        assertRefused(400, "unsupported_directory", () -> client.post(path).as(ADMIN).json(json("type", "LOCAL"))
                .send());
        assertRefused(400, "invalid_type", () -> client.post(path).as(ADMIN)
                .json("{\"type\":{\"name\":\"local\"}}").send());
        assertRefused(415, "unsupported_media_type", () -> client.post(path).as(ADMIN)
                .body("text/plain", "local".getBytes(StandardCharsets.UTF_8)).send());
        assertStatus(true, true, false, false);

        Response configured = client.post(path).as(ADMIN).json(json("type", "local")).send();
        assertThat(configured.status()).as("%s", configured).isEqualTo(201);
        assertThat(configured.json().get("type").asText()).isEqualTo("local");
        assertStatus(true, true, true, false);
    }

    @Test
    @Order(8)
    void settingsAreCheckedThenSaved() {
        record Case(String body, String code) {
        }
        for (Case c : List.of(
                new Case("{}", "missing_deviceLifetimeDays"),
                new Case(settings(null, 730, 5, ""), "missing_deviceLifetimeDays"),
                new Case(settings(365, null, 5, ""), "missing_userLifetimeDays"),
                new Case(settings(365, 730, null, ""), "missing_crlLifetimeMinutes"),
                new Case(settings(0, 730, 5, ""), "invalid_deviceLifetimeDays"),
                new Case(settings(3651, 730, 5, ""), "invalid_deviceLifetimeDays"),
                new Case(settings(-1, 730, 5, ""), "invalid_deviceLifetimeDays"),
                new Case(settings(365, 0, 5, ""), "invalid_userLifetimeDays"),
                new Case(settings(365, 3651, 5, ""), "invalid_userLifetimeDays"),
                new Case(settings(365, 730, 0, ""), "invalid_crlLifetimeMinutes"),
                new Case(settings(365, 730, 525_601, ""), "invalid_crlLifetimeMinutes"),
                new Case(settings(365, 730, 5, "admin.example.org"), "invalid_cors_origin"),
                new Case(settings(365, 730, 5, "https://admin.example.org/path"), "invalid_cors_origin"),
                new Case(settings(365, 730, 5, "*"), "invalid_cors_origin"),
                new Case(settings(365, 730, 5, "javascript:alert(1)"), "invalid_cors_origin"),
                new Case("{\"deviceLifetimeDays\":\"a year\",\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5}",
                        "invalid_deviceLifetimeDays"),
                new Case("{\"deviceLifetimeDays\":[365],\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5}",
                        "invalid_deviceLifetimeDays"),
                new Case("{\"deviceLifetimeDays\":99999999999,\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5}",
                        "invalid_deviceLifetimeDays"),
                new Case("{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5,"
                        + "\"corsOrigin\":{\"origin\":\"https://a.example\"}}", "invalid_corsOrigin"),
                new Case("{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5,"
                        + "\"publicUrl\":\"jams.example.org\"}", "invalid_public_url"),
                new Case("{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5,"
                        + "\"publicUrl\":\"https://jams.example.org/?q=1\"}", "invalid_public_url"),
                new Case("{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5,"
                        + "\"publicUrl\":42}", "invalid_publicUrl"))) {
            assertRefused(400, c.code(), () -> client.post("/api/setup/settings").as(ADMIN).json(c.body()).send());
        }
        assertStatus(true, true, true, false);

        Response saved = client.post("/api/setup/settings").as(ADMIN)
                .json(settings(90, 365, 60, "https://admin.example.org")).send();
        assertThat(saved.status()).as("%s", saved).isEqualTo(201);
        assertThat(saved.json()).isEqualTo(JamsClient.JSON.valueToTree(java.util.Map.of("deviceLifetimeDays", 90,
                "userLifetimeDays", 365, "crlLifetimeMinutes", 60, "corsOrigin", "https://admin.example.org",
                "publicUrl", "")));
        assertStatus(true, true, true, true);
    }

    @Test
    @Order(9)
    void theImportedCaSignsAccountCertificates() {
        String username = SetupSteps.unique("imported");
        JsonNode user = SetupSteps.createUser(client, ADMIN, username, "Signed By Imported");
        openssl.write("account.pem", user.get("accountCertificatePem").asText());
        assertThat(openssl.run("verify", "-CAfile", "ca.pem", "account.pem").trim()).isEqualTo("account.pem: OK");
        X509Certificate account = SetupSteps.certificate(user.get("accountCertificatePem").asText());
        assertThat(account.getIssuerX500Principal().getName()).isEqualTo("CN=Imported IT CA");
        // the settings apply: userLifetimeDays 365, capped by nothing (the CA lives 365 days too, so either bound)
        assertThat(account.getNotAfter()).isBeforeOrEqualTo(SetupSteps.certificate(caCertificate).getNotAfter());
    }

    @Test
    @Order(10)
    void aSettingsChangeAppliesToTheNextCertificatesAtOnce() {
        for (int[] days : new int[][] {{3, 20}, {2, 10}}) {
            Response saved = client.post("/api/setup/settings").as(ADMIN).json(settings(days[0], days[1], 60, ""))
                    .send();
            assertThat(saved.status()).as("%s", saved).isEqualTo(201);
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String username = SetupSteps.unique("lifetimes");
            JsonNode user = SetupSteps.createUser(client, ADMIN, username, "Lifetimes");
            Response enrolled = client.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                    .json(json("csr", openssl.deviceCsr(username), "deviceName", "phone")).send();
            assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
            Instant after = Instant.now();

            Instant account = SetupSteps.certificate(user.get("accountCertificatePem").asText()).getNotAfter()
                    .toInstant();
            Instant device = SetupSteps.certificate(enrolled.json().get("certificateChain").asText()).getNotAfter()
                    .toInstant();
            assertThat(account).as("account certificate, userLifetimeDays %d", days[1])
                    .isBetween(before.plus(Duration.ofDays(days[1])), after.plus(Duration.ofDays(days[1])));
            assertThat(device).as("device certificate, deviceLifetimeDays %d", days[0])
                    .isBetween(before.plus(Duration.ofDays(days[0])), after.plus(Duration.ofDays(days[0])));
        }
    }

    /**
     * Another node shares the database, not this node's event bus: its setup change reaches this node's issuing setup
     * once the copy here is older than its maximum age, and not through any read model.
     */
    @Test
    @Order(11)
    void aSettingsChangeFromAnotherNodeIsSeenWithinTheMaximumAge() {
        // Two seconds: long enough that "not read again yet" holds on a slow machine, short enough to wait for.
        IssuingSetupSource here = new IssuingSetupSource(eventStore, Duration.ofSeconds(2));
        assertThat(here.current().deviceLifetimeDays()).isEqualTo(2);

        EmbeddedEventStore otherNode = EmbeddedEventStore.builder().storageEngine(storageEngine).build();
        try {
            otherNode.registerDispatchInterceptor(new EventSigner(auditKeys, eventSerializer));
            long next = storageEngine.lastSequenceNumberFor(ServerSetupId.VALUE).orElseThrow() + 1;
            DefaultUnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
            unit.attachTransaction(transactionManager);
            unit.execute(() -> otherNode.publish(new GenericDomainEventMessage<>("ServerSetup", ServerSetupId.VALUE,
                    next, new ServerSettingsChangedEvent(ServerSetupId.VALUE, 5, 50, 60, ""))));
        } finally {
            otherNode.shutDown();
        }
        long changed = System.nanoTime();

        IssuingSetup seen = here.current();
        assertThat(seen.deviceLifetimeDays()).as("the copy is fresh: not read again yet").isEqualTo(2);
        while (seen.deviceLifetimeDays() == 2) {
            assertThat(System.nanoTime() - changed).as("seen within the maximum age")
                    .isLessThan(Duration.ofMillis(2500).toNanos());
            seen = here.current();
        }
        assertThat(seen.deviceLifetimeDays()).isEqualTo(5);
        assertThat(seen.userLifetimeDays()).isEqualTo(50);
    }

    private Response ca(String body) {
        return client.post("/api/setup/ca").as(ADMIN).json(body).send();
    }

    private Response importCa(String certificate, String key, String passphrase) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("mode", "import");
        body.put("certificate", certificate);
        body.put("privateKey", key);
        body.put("passphrase", passphrase);
        try {
            return ca(JamsClient.JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode importCaOk() {
        Response response = importCa(caCertificate, caKeyEncrypted, PASSPHRASE);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    private static String settings(Integer device, Integer user, Integer crl, String cors) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("deviceLifetimeDays", device);
        body.put("userLifetimeDays", user);
        body.put("crlLifetimeMinutes", crl);
        body.put("corsOrigin", cors);
        try {
            return JamsClient.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRefused(int status, String code, Supplier<Response> request) {
        ApiAssertions.assertRefused(jdbc, status, code, request);
    }

    private void assertStatus(boolean admin, boolean ca, boolean directory, boolean settings) {
        Response response = client.get("/api/setup/status").send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(JamsClient.JSON.createObjectNode().put("admin", admin).put("ca", ca)
                .put("directory", directory).put("settings", settings)
                .put("complete", admin && ca && directory && settings));
    }

    private static List<Path> caKeyFiles() {
        Path directory = HOME.resolve("ca");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
