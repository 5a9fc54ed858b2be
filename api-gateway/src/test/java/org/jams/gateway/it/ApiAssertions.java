package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jams.gateway.it.JamsClient.Response;
import org.springframework.jdbc.core.JdbcTemplate;

/** The API's error contract and the event store's "a refusal stores nothing". */
final class ApiAssertions {

    private ApiAssertions() {
    }

    /** {@code {"error","message"}} as JSON with the status, the code (unless null) and no trace of internals. */
    static JsonNode assertError(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("content type of %s", response).startsWith("application/json");
        assertThat(response.body()).as("error body").doesNotContain("Exception").doesNotContain("at org.")
                .doesNotContain("at java.").doesNotContain("\tat ");
        JsonNode json = response.json();
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("fields of %s", response).containsExactly("error", "message");
        assertThat(json.get("error").isTextual()).isTrue();
        assertThat(json.get("message").isTextual()).isTrue();
        assertThat(json.get("message").asText()).as("message of %s", response).isNotBlank();
        if (code != null) {
            assertThat(json.get("error").asText()).as("error code of %s", response).isEqualTo(code);
        }
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate of a 401").isPresent();
        }
        return json;
    }

    /**
     * Waits (at most 10 s) until every CRL once published lists as many certificates as its issuer revoked: a
     * revocation renews an issuer's CRL in the background, and a test comparing states must not race with that.
     */
    static void awaitCrlsCurrent(JdbcTemplate jdbc) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jdbc.queryForObject("""
                SELECT count(*) FROM revocation_issuers i JOIN LATERAL (SELECT entries FROM crl_publications p
                    WHERE p.issuer_key_id = i.issuer_key_id ORDER BY crl_number DESC LIMIT 1) latest ON true
                WHERE latest.entries <> i.entries""", Long.class) > 0) {
            assertThat(System.nanoTime()).as("CRLs renewed after revocations within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static long eventCount(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        return count == null ? 0 : count;
    }

    /** Sends a request that must be refused with this status and code, and checks that no event was stored. */
    static JsonNode assertRefused(JdbcTemplate jdbc, int status, String code, Supplier<Response> request) {
        long before = eventCount(jdbc);
        Response response = request.get();
        JsonNode error = assertError(response, status, code);
        assertThat(eventCount(jdbc)).as("events after the refused %s", response).isEqualTo(before);
        return error;
    }
}
