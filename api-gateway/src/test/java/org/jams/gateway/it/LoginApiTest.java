package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.ApiAssertions.assertRefused;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jams.gateway.it.JamsClient.Call;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;

/** {@code POST /api/login} and what its tokens may do. */
class LoginApiTest extends SharedServerTestBase {

    @Test
    void adminLoginGivesABearerTokenForTheAdminApi() throws Exception {
        Response login = client.post("/api/login").as(ADMIN).send();
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.contentType()).startsWith("application/json");
        JsonNode body = login.json();
        assertThat(body.get("access_token").isTextual()).isTrue();
        String token = body.get("access_token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(body.get("expires_in").isIntegralNumber()).as("expires_in is a JSON number: %s", body).isTrue();
        assertThat(body.get("expires_in").asLong()).isPositive();
        assertThat(body.get("scope").asText()).isEqualTo("ADMIN");

        Response users = client.get("/api/admin/users").bearer(token).send();
        assertThat(users.status()).as("%s", users).isEqualTo(200);
        assertThat(users.json().get("users").isArray()).isTrue();
        assertThat(client.get("/api/admin/users").header("Authorization", "bearer " + token).send().status())
                .as("the scheme is case-insensitive").isEqualTo(200);
        assertError(client.get("/api/admin/users/" + SetupSteps.unique("ghost")).bearer(token).send(), 404,
                "user_not_found");

        // the username is case-insensitive; every login is a new token
        String again = SetupSteps.login(client, ADMIN.username().toUpperCase(Locale.ROOT), ADMIN.password(), "ADMIN");
        assertThat(again).isNotEqualTo(token);

        // only a hash of the token is stored
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_token WHERE token_hash = ?", Long.class, hash))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_token WHERE token_hash = ? OR subject = ?",
                Long.class, token, token)).isZero();

        assertError(client.get("/api/admin/users").bearer(token + "x").send(), 401, "unauthenticated");
        assertError(client.get("/api/admin/users").bearer("x".repeat(600)).send(), 401, "unauthenticated");
    }

    @Test
    void userTokensAndUserCredentialsAreForbiddenOnAdminEndpoints() {
        String username = SetupSteps.unique("login");
        createUser(username);
        String userToken = SetupSteps.login(client, username, USER_PASSWORD, "USER");
        Response login = client.post("/api/login").basic(username.toUpperCase(Locale.ROOT), USER_PASSWORD).send();
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.json().get("scope").asText()).isEqualTo("USER");
        assertThat(login.json().get("expires_in").isIntegralNumber()).isTrue();

        String other = SetupSteps.unique("victim");
        List<Function<JamsClient, Call>> adminEndpoints = List.of(
                c -> c.get("/api/admin/users"),
                c -> c.get("/api/admin/users/" + username),
                c -> c.get("/api/admin/users/" + username + "/devices"),
                c -> c.post("/api/admin/users").json(json("username", other, "password", "abcdefghij")),
                c -> c.delete("/api/admin/users/" + username),
                c -> c.delete("/api/admin/devices/" + "cd".repeat(32)),
                c -> c.post("/api/setup/directory").json(json("type", "local")),
                c -> c.post("/api/setup/settings").json(json("deviceLifetimeDays", 1, "userLifetimeDays", 1,
                        "crlLifetimeMinutes", 1)),
                c -> c.post("/api/setup/ca").json(json("mode", "generate", "commonName", "Mine", "validityDays", 1)),
                c -> c.post("/api/setup/admin").json(json("username", other, "password", "abcdefghij")));
        for (Function<JamsClient, Call> endpoint : adminEndpoints) {
            assertRefused(jdbc, 403, "forbidden", () -> endpoint.apply(client).bearer(userToken).send());
            assertRefused(jdbc, 403, "forbidden", () -> endpoint.apply(client).basic(username, USER_PASSWORD).send());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = ? AND status = 'ACTIVE'",
                Long.class, username)).isEqualTo(1L);

        // a revoked user can no longer sign in (403, like a wrong password)
        Response revoked = client.delete("/api/admin/users/" + username).as(ADMIN).send();
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        // The revocation renews the organisation CA's CRL in the background: an event that is not the refusal's.
        ApiAssertions.awaitCrlsCurrent(jdbc);
        assertError(client.post("/api/login").basic(username, USER_PASSWORD).send(), 403, "invalid_credentials");
        assertRefused(jdbc, 401, "unauthenticated",
                () -> client.get("/api/admin/users").basic(username, USER_PASSWORD).send());
    }

    @Test
    void wrongCredentialsAre403AndMissingOnesAre401() {
        assertError(client.post("/api/login").basic(ADMIN.username(), "wrong-password").send(), 403,
                "invalid_credentials");
        assertError(client.post("/api/login").basic(SetupSteps.unique("ghost"), "whatever-password").send(), 403,
                "invalid_credentials");
        assertError(client.post("/api/login").basic(ADMIN.username(), "").send(), 403, "invalid_credentials");

        assertError(client.post("/api/login").send(), 401, "unauthenticated");
        assertError(client.post("/api/login").bearer("some-token").send(), 401, "unauthenticated");
        assertError(client.post("/api/login").header("Authorization", "Basic !!!").send(), 401, "unauthenticated");
        assertError(client.post("/api/login").header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))).send(), 401, "unauthenticated");
        assertError(client.post("/api/login").header("Authorization", "Negotiate abc").send(), 401,
                "unauthenticated");

        Response get = client.get("/api/login").as(ADMIN).send();
        assertThat(get.status()).isEqualTo(405);
        assertError(get, 405, null);
    }
}
