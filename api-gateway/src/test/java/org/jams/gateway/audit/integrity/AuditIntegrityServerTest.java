package org.jams.gateway.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.jams.api.setup.ServerSetupId;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.TestHomes;
import org.jams.query.audit.integrity.ExportFile;
import org.jams.query.audit.integrity.VerificationReport;
import org.jams.query.eventstore.StoredEventReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tamper evidence in the real server: the aggregates' events are signed at append over exactly what the JDBC
 * storage engine stores, the background chainer checkpoints on its own, and the HTTP API verifies, checkpoints and
 * exports an export that verifies offline.
 */
@SpringBootTest(classes = JamsServer.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "jams.keys.pool-size=1", "jams.audit.chain.poll-interval=200ms", "jams.audit.checkpoint.interval=1s",
        "jams.audit.chain.gap-grace=5s"})
class AuditIntegrityServerTest {

    private static final Path HOME = TestHomes.create("jams-integrity-");
    private static final String ADMIN = "integrity-admin";
    private static final String PASSWORD = "integrity-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean setUp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        registry.add("jams.home", HOME::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUpOnce() throws Exception {
        synchronized (AuditIntegrityServerTest.class) {
            if (!setUp) {
                assertThat(send("POST", "/api/setup/admin", "{\"username\":\"" + ADMIN + "\",\"password\":\""
                        + PASSWORD + "\"}", false).statusCode()).isEqualTo(201);
                assertThat(send("POST", "/api/setup/directory", "{\"type\":\"local\"}", true).statusCode())
                        .isEqualTo(201);
                setUp = true;
            }
        }
    }

    private HttpResponse<byte[]> send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (admin) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private PublicKey servedPublicKey() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/api/audit/public-key", null, true);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("algorithm").asText()).isEqualTo("Ed25519");
        PublicKey key = AuditKeys.readPublicKey(body.get("publicKeyPem").asText());
        assertThat(body.get("fingerprint").asText()).isEqualTo(AuditKeys.fingerprint(key));
        HttpResponse<byte[]> pem = send("GET", "/api/audit/public-key.pem", null, true);
        assertThat(new String(pem.body(), StandardCharsets.US_ASCII)).isEqualTo(body.get("publicKeyPem").asText());
        return key;
    }

    @Test
    void aggregateEventsAreSignedAtAppendOverExactlyWhatIsStored() throws Exception {
        PublicKey key = servedPublicKey();
        List<StoredEvent> rows = jdbc.query(StoredEventReader.SELECT + " ORDER BY globalindex",
                (row, n) -> StoredEventReader.row(row, 1));
        assertThat(rows).isNotEmpty();
        for (StoredEvent row : rows) {
            Canonical.Digest digest = Canonical.digest(row);
            assertThat(digest.signature()).as("signature of %s", row).isNotNull();
            assertThat(AuditKeys.verify(key, digest.signedContent(), Base64.getDecoder().decode(digest.signature())))
                    .as("signature of %s verifies over the stored row", row).isTrue();
        }
        // The setup events are the ServerSetup aggregate's: the signer saw their final aggregate id, sequence and
        // type (all covered by the signature just verified), and serialized the payload to the stored bytes.
        List<StoredEvent> setupRows = rows.stream()
                .filter(row -> row.aggregateIdentifier().equals(ServerSetupId.VALUE)).toList();
        assertThat(setupRows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(setupRows).allSatisfy(row -> assertThat(row.type()).isEqualTo("ServerSetup"));
        List<? extends DomainEventMessage<?>> read = eventStore.readEvents(ServerSetupId.VALUE).asStream().toList();
        for (DomainEventMessage<?> event : read) {
            StoredEvent stored = setupRows.stream().filter(row -> row.eventIdentifier().equals(event.getIdentifier()))
                    .findFirst().orElseThrow();
            assertThat(eventSerializer.serialize(event.getPayload(), byte[].class).getData())
                    .as("payload of %s", stored).isEqualTo(stored.payload());
            assertThat(event.getMetaData()).containsKey(Canonical.SIGNATURE_KEY);
        }
    }

    @Test
    void checkpointVerifyAndExportOverHttpAndTheExportVerifiesOffline() throws Exception {
        assertThat(send("POST", "/api/audit/verify", null, false).statusCode()).isEqualTo(401);

        HttpResponse<byte[]> created = send("POST", "/api/audit/checkpoints", null, true);
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        JsonNode checkpoint = json(created);
        assertThat(checkpoint.get("sequence").asLong()).isEqualTo(head);
        assertThat(checkpoint.get("chainHash").asText()).hasSize(64);

        HttpResponse<byte[]> verified = send("POST", "/api/audit/verify", null, true);
        assertThat(verified.statusCode()).isEqualTo(200);
        JsonNode report = json(verified);
        assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("firstBrokenSequence").isNull()).isTrue();
        assertThat(report.get("checkedEvents").asLong())
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class));
        assertThat(report.get("lastCheckpoint").asLong()).isGreaterThanOrEqualTo(head);
        assertThat(report.get("reason").asText()).isNotBlank();

        HttpResponse<byte[]> checkpoints = send("GET", "/api/audit/checkpoints", null, true);
        assertThat(json(checkpoints).findValuesAsText("sequence")).contains(String.valueOf(head));

        HttpResponse<byte[]> export = send("GET", "/api/audit/export/integrity", null, true);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        Path file = Files.write(HOME.resolve("export.jsonl"), export.body());
        VerificationReport offline = ExportFile.verify(file, servedPublicKey());
        assertThat(offline.valid()).as(offline.reason()).isTrue();
        assertThat(offline.lastCheckpoint()).isGreaterThanOrEqualTo(head);
    }

    @Test
    void theChainerChainsAndCheckpointsOnItsOwn() throws Exception {
        assertThat(send("POST", "/api/setup/settings", "{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", true).statusCode()).isEqualTo(201);
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.queryForObject(
                "SELECT coalesce(max(sequence), 0) FROM audit_checkpoint", Long.class) >= head);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_chain WHERE globalindex <= ?", Long.class, head))
                .isEqualTo(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex <= ?",
                        Long.class, head));
    }

    @Test
    void theAuditKeyIsOwnerOnlyAndItsPublicHalfIsWrittenBesideIt() throws Exception {
        Path audit = HOME.resolve("audit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit.resolve("audit-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(audit.resolve("audit-key.pem"))).contains("-----BEGIN PRIVATE KEY-----");
        PublicKey served = servedPublicKey();
        assertThat(AuditKeys.readPublicKey(Files.readString(audit.resolve("audit-public-key.pem"))))
                .isEqualTo(served);
    }
}
