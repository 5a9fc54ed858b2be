package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.JamsClient.json;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may enroll: only a person by username and password. Everyone else gets a 401 asking for those, no device, and
 * a refusal in the access history that names who tried and how, on PostgreSQL through the real server.
 */
class EnrollmentRefusalsTest extends SharedServerTestBase {

    private static final String PERSON_ONLY = "Enroll with the person's username and password.";

    @Test
    void aWrongPasswordIsRefusedAndRecordedUnderTheClaimedName() {
        String person = SetupSteps.unique("refused-pw");
        createUser(person);
        long before = refusals();

        assertThat(assertError(enroll().basic(person, "not-the-password").send(), 401, "unauthenticated")
                .get("message").asText()).contains("Wrong username or password");

        assertThat(refusalsSince(before)).containsExactly(person + " basic wrong_credentials");
        assertThat(devicesOf(person)).isZero();
    }

    @Test
    void anAdminOrAPersonsTokenIsNotAPersonByPasswordAndIsRecordedAsSuch() {
        String person = SetupSteps.unique("refused-token");
        createUser(person);
        String token = SetupSteps.login(client, person, USER_PASSWORD, "USER");
        long before = refusals();

        assertThat(assertError(enroll().as(ADMIN).send(), 401, "unauthenticated").get("message").asText())
                .isEqualTo(PERSON_ONLY);
        assertThat(assertError(enroll().bearer(token).send(), 401, "unauthenticated").get("message").asText())
                .isEqualTo(PERSON_ONLY);

        assertThat(refusalsSince(before)).containsExactly(ADMIN.username() + " basic not_a_user",
                person + " bearer not_a_user");
        assertThat(devicesOf(person)).isZero();
    }

    @Test
    void noCredentialsAtAllAreAskedForAndRecordNothing() {
        long before = refusals();

        assertThat(assertError(enroll().send(), 401, "unauthenticated").get("message").asText())
                .isEqualTo(PERSON_ONLY);

        assertThat(refusalsSince(before)).isEmpty();
    }

    private JamsClient.Call enroll() {
        return client.post("/api/auth/device").json(json("csr", openssl().deviceCsr(SetupSteps.unique("refused")),
                "deviceName", "phone"));
    }

    private long refusals() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    /** The refusals stored after {@code globalIndex}, as "subject method reason", oldest first. */
    private List<String> refusalsSince(long globalIndex) {
        return jdbc.queryForList("""
                SELECT r->>'subject' || ' ' || (r->>'method') || ' ' || (r->>'reason')
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS r, globalindex FROM domainevententry
                      WHERE globalindex > ? AND payloadtype LIKE '%AccessRefusedEvent') refusals
                ORDER BY globalindex""", String.class, globalIndex);
    }

    private int devicesOf(String person) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ?", Integer.class, person);
        return count == null ? 0 : count;
    }
}
