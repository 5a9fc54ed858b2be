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
import org.axonframework.common.caching.Cache;
import org.jams.gateway.JamsServer;
import org.jams.gateway.database.EmbeddedDatabase;
import org.jams.gateway.identity.IssuingSetupSource;
import org.jams.gateway.revocation.OcspAnswers;
import org.jams.gateway.revocation.RevocationNotices;
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
    private static final Duration LOCK = Duration.ofSeconds(4);

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
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password());
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

    /**
     * B answers an OCSP request it saw before from memory; a device revoked on A is answered revoked by B as soon as
     * A's projection commits it (PostgreSQL tells B), not after the remembered answer's minutes.
     */
    @Test
    void aRevocationOnOneNodeReachesTheOthersRememberedOcspAnswersAtItsCommit() throws Exception {
        String username = SetupSteps.unique("nodes-ocsp");
        SetupSteps.createUser(clientA, ADMIN, username, "Two Nodes Ocsp");
        Response enrolled = clientA.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                .json(json("csr", openssl.deviceCsr(username), "deviceName", "revoked-on-a")).send();
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        List<java.security.cert.X509Certificate> chain = org.jams.command.pki.Pem.parseCertificates(
                enrolled.json().get("certificateChain").asText());
        byte[] request = new org.bouncycastle.cert.ocsp.OCSPReqBuilder().addRequest(
                new org.bouncycastle.cert.ocsp.CertificateID(
                        new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build()
                                .get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1),
                        new org.bouncycastle.cert.X509CertificateHolder(chain.get(1).getEncoded()),
                        chain.get(0).getSerialNumber())).build().getEncoded();
        OcspAnswers answersOnB = nodeB.getBean(OcspAnswers.class);
        assertThat(nodeB.getBean(RevocationNotices.class).listening()).isTrue();

        assertThat(ocspStatus(port(nodeB), request)).isEqualTo("good");
        assertThat(answersOnB.ready(request)).as("remembered on B").isPresent();

        String deviceId = nodeA.getBean(JdbcTemplate.class).queryForObject(
                "SELECT device_id FROM devices WHERE username = ?", String.class, username);
        assertThat(clientA.delete("/api/admin/devices/" + deviceId + "?reason=stolen").as(ADMIN).send().status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> answersOnB.ready(request).isEmpty());
        assertThat(ocspStatus(port(nodeB), request)).isEqualTo("revoked");
    }

    private static String ocspStatus(int port, byte[] request) throws Exception {
        java.net.http.HttpResponse<byte[]> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/ocsp"))
                        .header("Content-Type", "application/ocsp-request")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        Object status = ((org.bouncycastle.cert.ocsp.BasicOCSPResp) new org.bouncycastle.cert.ocsp.OCSPResp(
                answer.body()).getResponseObject()).getResponses()[0].getCertStatus();
        return status == null ? "good" : status instanceof org.bouncycastle.cert.ocsp.RevokedStatus ? "revoked"
                : "unknown";
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        String[] all = Stream.concat(Stream.of("--server.port=0", "--jams.keys.pool-size=1",
                "--logging.level.root=WARN",
                // Quick to reach in a test: 3 free failures, 1 s after the 4th, a 4 s lock at the 5th. Every test
                // client is 127.0.0.1, so the address limits are out of reach here (PasswordGuessingTest has them).
                "--jams.auth.guessing.free-failures=3", "--jams.auth.guessing.lock-failures=5",
                "--jams.auth.guessing.lock-duration=" + LOCK.toSeconds() + "s",
                "--jams.auth.guessing.address-free-failures=1000", "--jams.auth.guessing.address-lock-failures=2000",
                // Two enrollments per person an hour, so that the third is refused at once.
                "--jams.enrollment.per-person.max-per-window=2"),
                Stream.of(arguments)).toArray(String[]::new);
        return SpringApplication.run(JamsServer.class, all);
    }

    /**
     * Wrong passwords sent to both nodes in turn count together: the account waits after its fourth failure and is
     * locked at its fifth, on both nodes, for any password, with the same answer as a name that does not exist. An
     * admin on the other node lifts the lock; the lock and the unlock are in the person's history.
     */
    @Test
    void wrongPasswordsOnEitherNodeCountTogetherUntilTheAccountIsLockedEverywhere() throws Exception {
        String username = SetupSteps.unique("guess");
        SetupSteps.createUser(clientA, ADMIN, username, "Guessed At");

        lockByWrongPasswords(username);
        List<String> refusedBeforeTheLock = refusals(username);
        for (JamsClient node : List.of(clientA, clientB)) {
            assertTooManyAttempts(node.post("/api/login").basic(username, SetupSteps.USER_PASSWORD).send(),
                    LOCK.toSeconds());
            assertTooManyAttempts(node.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                    .json(json("csr", "not checked while locked", "deviceName", "d")).send(), LOCK.toSeconds());
        }
        assertThat(refusedBeforeTheLock).as("each wrong password is a refusal").hasSize(5)
                .allMatch(reason -> reason.equals("basic wrong_credentials"));
        assertThat(refusals(username)).as("an attempt held back by the lock judged no password, at sign-in or "
                + "enrollment").isEqualTo(refusedBeforeTheLock);
        // A name that does not exist is counted and locked the same way: the answers never tell which exists.
        String nobody = SetupSteps.unique("nobody");
        lockByWrongPasswords(nobody);
        assertTooManyAttempts(clientB.post("/api/login").basic(nobody, "any-password").send(), LOCK.toSeconds());

        Response unlocked = clientB.post("/api/admin/accounts/" + username.toUpperCase() + "/unlock").as(ADMIN).send();
        assertThat(unlocked.status()).as("%s", unlocked).isEqualTo(200);
        assertThat(unlocked.json().get("wasLocked").asBoolean()).isTrue();
        assertThat(clientA.post("/api/login").basic(username, SetupSteps.USER_PASSWORD).send().status()).isEqualTo(200);
        Response again = clientA.post("/api/admin/accounts/" + username + "/unlock").as(ADMIN).send();
        assertThat(again.json().get("wasLocked").asBoolean()).isFalse();

        assertThat(lockHistory(username)).containsExactly(
                "AccountLockedEvent 5 failed attempts", "AccountUnlockedEvent by " + ADMIN.username());
        assertThat(lockHistory(nobody)).as("no person, no history").isEmpty();
    }

    /** A lock ends by itself, and the command line lifts one without a server; both are recorded when noticed. */
    @Test
    void aLockExpiresAndTheCommandLineLiftsOneAndBothAreRecorded() throws Exception {
        String username = SetupSteps.unique("expiry");
        SetupSteps.createUser(clientA, ADMIN, username, "Locked Twice");
        lockByWrongPasswords(username);
        Thread.sleep(LOCK.toMillis() + 200);
        assertThat(clientB.post("/api/login").basic(username, SetupSteps.USER_PASSWORD).send().status())
                .isEqualTo(200);

        lockByWrongPasswords(username);
        EmbeddedDatabase database = nodeA.getBean(EmbeddedDatabase.class);
        java.io.StringWriter out = new java.io.StringWriter();
        int status = org.jams.gateway.cli.JamsCli.run(new String[] {"unlock", username, "--jdbc-url",
                database.jdbcUrl(), "--db-user", database.username(), "--db-password", database.password()},
                new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(status).as(out.toString()).isZero();
        assertThat(clientA.post("/api/login").basic(username, SetupSteps.USER_PASSWORD).send().status())
                .isEqualTo(200);

        assertThat(lockHistory(username)).containsExactly("AccountLockedEvent 5 failed attempts",
                "AccountUnlockedEvent by lock expired", "AccountLockedEvent 5 failed attempts",
                "AccountUnlockedEvent by command line");
    }

    /** The per-person limit holds across nodes: the third enrollment within the hour is a 429 and issues nothing. */
    @Test
    void aPersonsThirdEnrollmentWithinTheWindowIsRefusedOnEitherNode() {
        String username = SetupSteps.unique("limited");
        String csr = enrolledOnNodeAThenB(username);
        JdbcTemplate database = nodeA.getBean(JdbcTemplate.class);
        String issued = "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE '%DeviceCertificateIssuedEvent'";
        Long before = database.queryForObject(issued, Long.class, username);
        Response refused = clientB.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                .json(json("csr", csr, "deviceName", "renewed")).send();
        ApiAssertions.assertError(refused, 429, "too_many_enrollments");
        assertThat(database.queryForObject(issued, Long.class, username)).as("no certificate issued").isEqualTo(before);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(3500L, 3600L);
    }

    /**
     * The node that served the first enrollment keeps the person in memory, without the second, which the other node
     * appended: deciding on that state, its append is refused by the store, and the command runs again on the person
     * as stored, which refuses the third enrollment.
     */
    @Test
    void aNodesCachedPersonThatMissedTheOtherNodesAppendDecidesOnThePersonAsStored() {
        String username = SetupSteps.unique("cached");
        String csr = enrolledOnNodeAThenB(username);
        Cache cached = nodeA.getBean("userAccountCache", Cache.class);
        assertThat(cached.containsKey(username)).as("node A still holds the person it loaded").isTrue();

        Response refused = clientA.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                .json(json("csr", csr, "deviceName", "renewed")).send();

        ApiAssertions.assertError(refused, 429, "too_many_enrollments");
    }

    /** A new person whose one device enrolled on node A, then again on node B; returns the device's CSR. */
    private static String enrolledOnNodeAThenB(String username) {
        SetupSteps.createUser(clientA, ADMIN, username, "Enrolls Often");
        String csr = openssl.deviceCsr(username);
        for (JamsClient node : List.of(clientA, clientB)) {
            Response enrolled = node.post("/api/auth/device").basic(username, SetupSteps.USER_PASSWORD)
                    .json(json("csr", csr, "deviceName", "renewed")).send();
            assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        }
        return csr;
    }

    /** Five wrong passwords, alternating between the nodes: three answered at once, then a 1 s wait, then the lock. */
    private static void lockByWrongPasswords(String username) throws InterruptedException {
        for (int attempt = 1; attempt <= 4; attempt++) {
            JamsClient node = attempt % 2 == 0 ? clientB : clientA;
            assertThat(node.post("/api/login").basic(username, "wrong-" + attempt).send().status())
                    .as("wrong password %d", attempt).isEqualTo(403);
        }
        assertTooManyAttempts(clientB.post("/api/login").basic(username, "wrong-5").send(), 1);
        Thread.sleep(1100);
        assertThat(clientB.post("/api/login").basic(username, "wrong-5").send().status()).isEqualTo(403);
        assertTooManyAttempts(clientA.post("/api/login").basic(username, "wrong-6").send(), LOCK.toSeconds());
    }

    private static void assertTooManyAttempts(Response response, long atMostSeconds) {
        ApiAssertions.assertError(response, 429, "too_many_attempts");
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).as("Retry-After of %s", response).isBetween(1L, atMostSeconds);
    }

    /** The access refusals stored under a name, as "method reason", oldest first. */
    private static List<String> refusals(String username) {
        return nodeA.getBean(JdbcTemplate.class).queryForList("""
                SELECT r->>'method' || ' ' || (r->>'reason')
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS r, globalindex FROM domainevententry
                      WHERE payloadtype LIKE '%AccessRefusedEvent') refusals
                WHERE r->>'subject' = ? ORDER BY globalindex""", String.class, username);
    }

    /** The person's lock events in order, from their audit trail. */
    private static List<String> lockHistory(String username) {
        Response trail = clientA.get("/api/admin/users/" + username + "/history").as(ADMIN).send();
        List<String> locks = new java.util.ArrayList<>();
        if (trail.status() == 404) {
            return locks;
        }
        assertThat(trail.status()).as("%s", trail).isEqualTo(200);
        for (JsonNode event : trail.json()) {
            String type = event.get("type").asText();
            JsonNode payload = event.get("data");
            if (type.equals("AccountLockedEvent")) {
                locks.add(type + " " + payload.get("failedAttempts").asInt() + " failed attempts");
            } else if (type.equals("AccountUnlockedEvent")) {
                locks.add(type + " by " + payload.get("unlockedBy").asText());
            }
        }
        return locks;
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
