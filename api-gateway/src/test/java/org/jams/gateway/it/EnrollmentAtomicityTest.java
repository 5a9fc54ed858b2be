package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No certificate without a record: a device is answered only after the event issuing its certificate is stored. If
 * the store refuses the append, or a read model written in the same transaction refuses its row, the device gets a
 * 503 and nothing is half-issued; two enrollments of one user at the same moment both succeed.
 */
class EnrollmentAtomicityTest extends SharedServerTestBase {

    /**
     * The event store, the device list or the audit index refusing its row (an outage, a fault): the event and both
     * read-model rows are written in one transaction, so the device gets a 503 and none of them is stored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"domainevententry", "devices", "audit_index"})
    void whenAnyTableOfTheEnrollmentRefusesItsRowTheDeviceGets503AndNothingIsStored(String table) {
        String user = SetupSteps.unique("atomic");
        createUser(user);
        String csr = openssl().deviceCsr(SetupSteps.unique("atomic-device"));
        long eventsBefore = events();
        long indexedBefore = jdbc.queryForObject("SELECT count(*) FROM audit_index", Long.class);
        JamsClient.Response refused = whileInsertsAreRefused(table, () -> client.post("/api/auth/device")
                .basic(user, USER_PASSWORD).json(JamsClient.json("csr", csr, "deviceName", "laptop")).send());
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.json().path("error").asText()).isEqualTo("database_unavailable");
        assertThat(refused.body()).doesNotContain("BEGIN CERTIFICATE").doesNotContain("Exception");
        assertThat(events()).isEqualTo(eventsBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_index", Long.class)).isEqualTo(indexedBefore);
        assertThat(devicesOf(user)).isZero();

        JamsClient.Response enrolled = client.post("/api/auth/device").basic(user, USER_PASSWORD)
                .json(JamsClient.json("csr", csr, "deviceName", "laptop")).send();
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        assertThat(enrolled.json().path("certificateChain").asText()).contains("BEGIN CERTIFICATE");
        // The person's display name, read with their password, reaches the device under both keys the clients use.
        assertThat(enrolled.json().path("displayName").asText()).isEqualTo("IT " + user);
        assertThat(enrolled.json().path("Account.displayName").asText()).isEqualTo("IT " + user);
        assertThat(devicesOf(user)).isEqualTo(1);
    }

    @Test
    void twoEnrollmentsOfOneUserAtTheSameMomentBothSucceedAndTheUserStreamStaysContiguous() {
        String user = SetupSteps.unique("twin");
        createUser(user);
        String first = openssl().deviceCsr(SetupSteps.unique("twin-a"));
        String second = openssl().deviceCsr(SetupSteps.unique("twin-b"));
        List<JamsClient.Response> answers = SetupSteps.inParallel(
                () -> client.post("/api/auth/device").basic(user, USER_PASSWORD)
                        .json(JamsClient.json("csr", first, "deviceName", "a")).send(),
                () -> client.post("/api/auth/device").basic(user, USER_PASSWORD)
                        .json(JamsClient.json("csr", second, "deviceName", "b")).send());
        assertThat(answers).extracting(JamsClient.Response::status).containsExactly(200, 200);
        assertThat(devicesOf(user)).isEqualTo(2);
        List<Long> sequence = jdbc.queryForList(
                "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                Long.class, user);
        assertThat(sequence).containsExactly(0L, 1L, 2L);
    }

    /**
     * Sends the request while PostgreSQL refuses every insert into the table with a connection failure (08006), as
     * an outage would; a fault of another kind would be a 500, and stores nothing either.
     */
    private JamsClient.Response whileInsertsAreRefused(String table, Supplier<JamsClient.Response> request) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION refuse_inserts() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'table unavailable (test)' USING ERRCODE = '08006'; END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER refuse_inserts BEFORE INSERT ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION refuse_inserts()");
        try {
            return request.get();
        } finally {
            jdbc.execute("DROP TRIGGER refuse_inserts ON " + table);
            jdbc.execute("DROP FUNCTION refuse_inserts()");
        }
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    private long devicesOf(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ?", Long.class, user);
    }
}
