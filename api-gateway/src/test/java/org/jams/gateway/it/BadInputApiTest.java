package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.ApiAssertions.eventCount;
import static org.jams.gateway.it.JamsClient.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Input the database cannot store, values of the wrong JSON type and requests that fail before any controller: each
 * is a 400-class JSON error naming what was wrong, within the request, storing nothing and logging no stack trace.
 * A 503 would tell the client to retry the same bad request.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputApiTest extends SharedServerTestBase {

    private static final String NUL = "%00";

    @Test
    void aNulInThePathOfEveryEndpointFamilyIsA400(CapturedOutput log) {
        String user = SetupSteps.unique("nulpath");
        createUser(user);
        long before = eventCount(jdbc);
        List<Supplier<Response>> requests = List.of(
                () -> client.get("/api/nameserver/name/mid" + NUL + "nul").send(),
                () -> client.get("/api/nameserver/addr/" + NUL).send(),
                () -> client.get("/api/admin/users/mid" + NUL + "nul").as(ADMIN).send(),
                () -> client.get("/api/admin/users/mid" + NUL + "nul/devices").as(ADMIN).send(),
                () -> client.get("/api/admin/users/mid" + NUL + "nul/history").as(ADMIN).send(),
                () -> client.get("/api/admin/devices/" + NUL + "/history").as(ADMIN).send(),
                () -> client.delete("/api/admin/users/mid" + NUL + "nul").as(ADMIN).send(),
                () -> client.delete("/api/auth/device/" + NUL).basic(user, USER_PASSWORD).send());
        for (Supplier<Response> request : requests) {
            assertError(request.get(), 400, "invalid_path");
        }
        assertThat(eventCount(jdbc)).as("events after refused requests").isEqualTo(before);
        assertNoStackTraceLogged(log);
    }

    @Test
    void aNulInAQueryParameterIsA400NamingTheParameter(CapturedOutput log) {
        String user = SetupSteps.unique("nulquery");
        createUser(user);
        String token = client.post("/api/login").basic(user, USER_PASSWORD).send().json().get("access_token")
                .asText();
        long before = eventCount(jdbc);
        assertError(client.get("/api/admin/users?q=" + NUL).as(ADMIN).send(), 400, "invalid_q");
        for (String filter : List.of("actor", "type", "user", "device")) {
            assertError(client.get("/api/audit/events?" + filter + "=a" + NUL).as(ADMIN).send(), 400,
                    "invalid_" + filter);
            assertError(client.get("/api/audit/export?" + filter + "=a" + NUL).as(ADMIN).send(), 400,
                    "invalid_" + filter);
        }
        assertError(client.get("/api/audit/as-of?at=2026-01-01T00:00:00Z&user=a" + NUL).as(ADMIN).send(), 400,
                "invalid_user");
        assertError(client.get("/api/auth/directory/search?queryString=" + NUL).bearer(token).send(), 400,
                "invalid_queryString");
        assertError(client.delete("/api/admin/users/" + user + "?reason=" + NUL).as(ADMIN).send(), 400,
                "invalid_reason");
        assertThat(eventCount(jdbc)).as("events after refused requests").isEqualTo(before);
        assertNoStackTraceLogged(log);
    }

    @Test
    void aNulInBasicCredentialsIsA400AndNoRefusalIsRecorded(CapturedOutput log) {
        long before = eventCount(jdbc);
        assertError(client.post("/api/login").basic("mid\0nul", "password-123").send(), 400, "invalid_credentials");
        assertError(client.post("/api/login").basic("alice", "pass\0word").send(), 400, "invalid_credentials");
        assertError(client.post("/api/auth/device").basic("mid\0nul", "password-123")
                .json(json("csr", "x", "deviceName", "d")).send(), 400, "invalid_credentials");
        assertError(client.get("/api/admin/users").basic("ad\0min", "password-123").send(), 400,
                "invalid_credentials");
        assertThat(eventCount(jdbc)).as("a NUL is no login attempt to record").isEqualTo(before);
        assertNoStackTraceLogged(log);
    }

    @Test
    void aNulInAJsonStringIsA400NamingTheField(CapturedOutput log) {
        String user = SetupSteps.unique("nulbody");
        createUser(user);
        long before = eventCount(jdbc);
        assertError(client.post("/api/admin/users").as(ADMIN)
                .json(json("username", "mid\u0000nul", "password", "Good-pass-123")).send(), 400, "invalid_username");
        assertError(client.post("/api/admin/users").as(ADMIN)
                .json(json("username", SetupSteps.unique("nuldn"), "password", "Good-pass-123",
                        "displayName", "a\u0000b")).send(), 400, "invalid_displayName");
        assertError(client.post("/api/auth/device").basic(user, USER_PASSWORD)
                .json(json("csr", "-----BEGIN\u0000", "deviceName", "phone")).send(), 400, "invalid_csr");
        assertError(client.post("/api/auth/device").basic(user, USER_PASSWORD)
                .json(json("csr", "x", "deviceName", "ph\u0000one")).send(), 400, "invalid_deviceName");
        assertError(client.post("/api/setup/settings").as(ADMIN).json(json("deviceLifetimeDays", 365,
                "userLifetimeDays", 730, "crlLifetimeMinutes", 5, "corsOrigin", "https://a\u0000b")).send(), 400,
                "invalid_corsOrigin");
        assertThat(eventCount(jdbc)).as("events after refused requests").isEqualTo(before);
        assertNoStackTraceLogged(log);
    }

    @Test
    void aCsrWhosePemIsCorruptIsA400AndEnrollsNothing(CapturedOutput log) {
        String user = SetupSteps.unique("badpem");
        createUser(user);
        String csr = openssl().deviceCsr(SetupSteps.unique("badpem-device"));
        int inBase64 = csr.indexOf('\n') + 10;
        List<String> corrupt = List.of(
                csr.substring(0, inBase64) + "*" + csr.substring(inBase64),
                csr.substring(0, inBase64) + "\u2003" + csr.substring(inBase64),
                csr.substring(0, csr.indexOf("-----END")),
                csr.replace("-----END CERTIFICATE REQUEST-----", "-----END PRIVATE KEY-----"));
        for (String bad : corrupt) {
            assertThat(assertError(client.post("/api/auth/device").basic(user, USER_PASSWORD)
                    .json(json("csr", bad, "deviceName", "phone")).send(), 400, "malformed_csr")
                    .get("message").asText()).as(bad).contains("PEM");
        }
        Response devices = client.get("/api/admin/users/" + user + "/devices").as(ADMIN).send();
        assertThat(devices.status()).as("%s", devices).isEqualTo(200);
        assertThat(devices.json()).as("devices after refused enrollments").isEmpty();
        assertNoStackTraceLogged(log);
    }

    @Test
    void aValueOfTheWrongJsonTypeIsA400NamingTheFieldAndNothingIsCoerced(CapturedOutput log) {
        long before = eventCount(jdbc);
        for (String username : List.of("123", "true", "1.5", "[\"a\"]", "{\"a\":1}")) {
            Response refused = client.post("/api/admin/users").as(ADMIN)
                    .json("{\"username\":" + username + ",\"password\":\"Good-pass-123\"}").send();
            assertThat(assertError(refused, 400, "invalid_username").get("message").asText())
                    .isEqualTo("The field 'username' must be a string.");
        }
        assertError(client.post("/api/admin/users").as(ADMIN)
                .json("{\"username\":\"" + SetupSteps.unique("numpw") + "\",\"password\":12345678}").send(), 400,
                "invalid_password");
        for (String days : List.of("\"365\"", "true", "36.5", "[365]", "{}", "99999999999")) {
            Response refused = client.post("/api/setup/settings").as(ADMIN).json("{\"deviceLifetimeDays\":" + days
                    + ",\"userLifetimeDays\":730,\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}").send();
            assertThat(assertError(refused, 400, "invalid_deviceLifetimeDays").get("message").asText())
                    .isEqualTo("The field 'deviceLifetimeDays' must be a whole number.");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username IN ('123', 'true', '1.5')",
                Long.class)).isZero();
        assertThat(eventCount(jdbc)).as("events after refused requests").isEqualTo(before);
        assertNoStackTraceLogged(log);
    }

    @Test
    void momentsOutsideTheYears1To9999AreA400(CapturedOutput log) {
        for (String at : List.of("-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            assertError(client.get("/api/audit/events?to=" + JamsClient.query(at)).as(ADMIN).send(), 400,
                    "invalid_to");
            assertError(client.get("/api/audit/events?from=" + JamsClient.query(at)).as(ADMIN).send(), 400,
                    "invalid_from");
            assertError(client.get("/api/audit/as-of?user=alice&at=" + JamsClient.query(at)).as(ADMIN).send(), 400,
                    "invalid_at");
        }
        assertNoStackTraceLogged(log);
    }

    @Test
    void requestsRefusedBeforeAnyControllerStillGetTheJsonError() {
        RawHttp.Reply longUri = RawHttp.get(port, "/api/nameserver/name/" + "a".repeat(5000));
        assertThat(longUri.status()).as("%s", longUri).isEqualTo(414);
        assertThat(longUri.contentType()).startsWith("application/json");
        assertThat(longUri.body()).contains("\"error\":\"uri_too_long\"");

        RawHttp.Reply largeHeader = RawHttp.get(port, "/api/nameserver/name/alice", "X-Large: " + "b".repeat(10_000));
        assertThat(largeHeader.status()).as("%s", largeHeader).isEqualTo(431);
        assertThat(largeHeader.body()).contains("\"error\":\"headers_too_large\"");

        RawHttp.Reply badEscape = RawHttp.get(port, "/api/nameserver/name/%zz");
        assertThat(badEscape.status()).as("%s", badEscape).isEqualTo(404);
        assertThat(badEscape.contentType()).startsWith("application/json");
        assertThat(badEscape.body()).contains("\"error\":");
    }

    @Test
    void aSearchForAPercentSignWorksAsTheJamiClientSendsIt() {
        String user = SetupSteps.unique("pct");
        createUser(user);
        String token = client.post("/api/login").basic(user, USER_PASSWORD).send().json().get("access_token")
                .asText();

        // The client does not escape what the person typed (protocol doc §6.3).
        for (String typed : List.of("%", "%%", "50%", "%zz", "a|b")) {
            RawHttp.Reply search = RawHttp.get(port, "/api/auth/directory/search?queryString=" + typed,
                    "Authorization: Bearer " + token);
            assertThat(search.status()).as("search for %s: %s", typed, search).isEqualTo(200);
            assertThat(search.body()).as("search for %s", typed).contains("\"profiles\":[]");
        }
        RawHttp.Reply own = RawHttp.get(port, "/api/auth/directory/search?queryString=" + user,
                "Authorization: Bearer " + token);
        assertThat(own.body()).contains(user);

        // Typed letters outside ASCII arrive as raw UTF-8 bytes, and are read as the person typed them.
        String accented = SetupSteps.unique("utf");
        SetupSteps.createUser(client, ADMIN, accented, "Élodie de l'été");
        RawHttp.Reply utf8 = RawHttp.get(port, "/api/auth/directory/search?queryString="
                + new String("été".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                "Authorization: Bearer " + token);
        assertThat(utf8.status()).as("%s", utf8).isEqualTo(200);
        assertThat(utf8.body()).contains(accented);
    }

    private static void assertNoStackTraceLogged(CapturedOutput log) {
        assertThat(log.getAll()).as("log lines for bad input").doesNotContain("\tat org.jams")
                .doesNotContain(" ERROR ");
    }
}
