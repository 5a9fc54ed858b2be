package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.jams.api.directory.DirectoryEvents;
import org.jams.api.enrollment.EnrollmentEvents;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The event store is PostgreSQL, durable, and holds JSON events with revisions and audit metadata. */
class EventStoreIntegrationTest extends SharedServerTestBase {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private EventStore eventStore;

    @Test
    void eventsAreJdbcRowsWithJsonPayloadRevisionAndAuditMetadata() throws Exception {
        long before = ApiAssertions.eventCount(jdbc);
        String username = SetupSteps.unique("events");
        JsonNode user = createUser(username);
        assertThat(ApiAssertions.eventCount(jdbc)).as("rows after creating a user").isEqualTo(before + 1);

        List<Map<String, Object>> setupRows = rows(ServerSetupId.VALUE);
        assertThat(setupRows).extracting(row -> row.get("payloadtype")).contains(
                SetupEvents.AdminAccountCreatedEvent.class.getName(),
                SetupEvents.OrganisationCaConfiguredEvent.class.getName(),
                SetupEvents.DirectoryConfiguredEvent.class.getName(),
                SetupEvents.ServerSettingsChangedEvent.class.getName());

        List<Map<String, Object>> userRows = rows(username);
        assertThat(userRows).hasSize(1);
        Map<String, Object> registered = userRows.get(0);
        assertThat(registered.get("payloadtype")).isEqualTo(DirectoryEvents.UserRegisteredEvent.class.getName());
        assertThat(registered.get("sequencenumber")).isEqualTo(0L);
        assertThat(registered.get("type")).isEqualTo("UserAccount");

        for (Map<String, Object> row : concat(setupRows, userRows)) {
            assertThat(row.get("payloadrevision")).as("revision of %s", row.get("payloadtype")).isEqualTo("1");
            JsonNode payload = JamsClient.JSON.readTree((byte[]) row.get("payload"));
            assertThat(payload.isObject()).as("payload of %s is a JSON object", row.get("payloadtype")).isTrue();
            assertThat(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8))
                    .as("no private key in any event").doesNotContain("PRIVATE KEY");
        }

        JsonNode caConfigured = JamsClient.JSON.readTree((byte[]) setupRows.stream().filter(row -> row
                .get("payloadtype").equals(SetupEvents.OrganisationCaConfiguredEvent.class.getName()))
                .findFirst().orElseThrow().get("payload"));
        assertThat(caConfigured.get("origin").asText()).isEqualTo("generated");
        assertThat(caConfigured.get("caKeyId").asText()).isEqualTo(organisationCa().get("caKeyId").asText());

        JsonNode payload = JamsClient.JSON.readTree((byte[]) registered.get("payload"));
        assertThat(payload.get("username").asText()).isEqualTo(username);
        assertThat(payload.get("jamiId").asText()).isEqualTo(user.get("jamiId").asText());
        assertThat(payload.get("accountCertificatePem").asText())
                .isEqualTo(user.get("accountCertificatePem").asText());
        assertThat(payload.get("passwordHash").asText()).startsWith("$argon2id$").doesNotContain(USER_PASSWORD);

        JsonNode metadata = JamsClient.JSON.readTree((byte[]) registered.get("metadata"));
        assertThat(metadata.get("actor").asText()).isEqualTo("admin:" + ADMIN.username());
        assertThat(metadata.get("authMethod").asText()).isEqualTo("basic");
        assertThat(metadata.get("sourceAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        assertThat(metadata.get("userAgent").asText()).isEqualTo(JamsClient.USER_AGENT);
        assertThat(metadata.path("correlationId").asText()).as("correlation id in %s", metadata).isNotBlank();
        assertThat(metadata.path("traceId").asText()).as("trace id in %s", metadata).isNotBlank();

        // The first setup step is anonymous by design: it must say so rather than claim an identity.
        JsonNode adminMetadata = JamsClient.JSON.readTree((byte[]) setupRows.stream()
                .filter(row -> row.get("payloadtype").equals(SetupEvents.AdminAccountCreatedEvent.class.getName()))
                .findFirst().orElseThrow().get("metadata"));
        assertThat(adminMetadata.get("actor").asText()).isEqualTo("admin:setup");
        assertThat(adminMetadata.get("authMethod").asText()).isEqualTo("first-setup-step");

        // What Axon reads back for the aggregate is exactly these rows.
        List<? extends DomainEventMessage<?>> read = eventStore.readEvents(username).asStream().toList();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).getPayload()).isInstanceOf(DirectoryEvents.UserRegisteredEvent.class);
        assertThat(read.get(0).getIdentifier()).isEqualTo(registered.get("eventidentifier"));
        assertThat(read.get(0).getMetaData().get("actor")).isEqualTo("admin:" + ADMIN.username());
    }

    @Test
    void axonUsesTheJdbcStorageEngineNotAnInMemoryBus() {
        Map<String, EventStorageEngine> engines = context.getBeansOfType(EventStorageEngine.class);
        assertThat(engines).isNotEmpty();
        assertThat(engines.values()).allSatisfy(engine -> assertThat(engine).isInstanceOf(JdbcEventStorageEngine.class));
        assertThat(context.getBean(EventBus.class)).as("the event bus is the event store").isSameAs(eventStore);

        long before = ApiAssertions.eventCount(jdbc);
        long globalIndexBefore = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry",
                Long.class);
        // A refused command must not grow the table; a successful one grows it by exactly its events.
        ApiAssertions.assertRefused(jdbc, 409, null, () -> client.post("/api/setup/admin").as(ADMIN)
                .json(JamsClient.json("username", "another-admin", "password", "another-password")).send());
        String username = SetupSteps.unique("engine");
        createUser(username);
        assertThat(ApiAssertions.eventCount(jdbc)).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class))
                .isGreaterThan(globalIndexBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, username)).isEqualTo(1L);
    }

    @Test
    void theEmbeddedDatabaseIsDurableAndLivesUnderJamsHome() throws Exception {
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW full_page_writes", String.class)).isEqualTo("on");
        assertThat(java.nio.file.Path.of(jdbc.queryForObject("SHOW data_directory", String.class)).toRealPath())
                .isEqualTo(home().resolve("postgres").toRealPath());
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL 17");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Long.class))
                .isGreaterThanOrEqualTo(3L);
    }

    /**
     * An enrollment's event is a row over the 2 KB at which PostgreSQL compresses and moves values out of a row by
     * default; the event store keeps rows up to a page whole, the payload stored as it is.
     */
    @Test
    void anEnrollmentsEventRowIsStoredWhole() {
        String person = SetupSteps.unique("inline");
        SetupSteps.createUser(client, ADMIN, person, "Inline Person");
        String deviceKeyName = SetupSteps.unique("inline-device");
        client.post("/api/auth/device").basic(person, USER_PASSWORD)
                .json(JamsClient.json("csr", openssl().deviceCsr(deviceKeyName), "deviceName", "laptop")).send().json();

        Map<String, Object> row = jdbc.queryForMap("""
                SELECT pg_column_size(e.*) AS row_size, octet_length(payload) AS payload_length,
                       pg_column_size(payload) AS stored_size, pg_column_toast_chunk_id(payload) AS toast_chunk
                FROM domainevententry e WHERE aggregateidentifier = ? AND payloadtype = ?""",
                person, EnrollmentEvents.DeviceCertificateIssuedEvent.class.getName());
        assertThat(((Number) row.get("row_size")).intValue()).as("the row is over the default 2 KB threshold")
                .isGreaterThan(2032);
        assertThat(row.get("toast_chunk")).as("the payload is not moved out of the row").isNull();
        assertThat(((Number) row.get("stored_size")).intValue()).as("nor compressed (its size and a header)")
                .isGreaterThanOrEqualTo(((Number) row.get("payload_length")).intValue());
    }

    private List<Map<String, Object>> rows(String aggregate) {
        return jdbc.queryForList("""
                SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                       payloadrevision, payloadtype FROM domainevententry
                WHERE aggregateidentifier = ? ORDER BY globalindex""", aggregate);
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
