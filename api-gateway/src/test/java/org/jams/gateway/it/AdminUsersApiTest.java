package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertRefused;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jams.gateway.it.JamsClient.Call;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;

/** {@code /api/admin/**}: users and devices, every documented success and every refusal. */
class AdminUsersApiTest extends SharedServerTestBase {

    private static final String UNKNOWN_DEVICE = "ab".repeat(32);

    @Test
    void devicesExpiringSoonAreListedSoonestFirst() {
        String person = SetupSteps.unique("expiring");
        SetupSteps.createUser(client, ADMIN, person, "Expiring");
        String device = enrollDevice(person, "laptop");
        long lifetimeDays = jdbc.queryForObject("SELECT device_lifetime_days FROM server_settings", Long.class);

        JsonNode soon = client.get("/api/admin/devices?expiringWithinDays=" + (lifetimeDays + 1)).as(ADMIN).send()
                .json();
        assertThat(soon).extracting(d -> d.get("deviceId").asText()).contains(device);
        List<String> expiries = new ArrayList<>();
        soon.forEach(d -> expiries.add(d.get("expiresAt").asText()));
        assertThat(expiries).as("soonest first").isSorted();
        assertThat(client.get("/api/admin/devices?expiringWithinDays=" + (lifetimeDays - 2)).as(ADMIN).send().json())
                .extracting(d -> d.get("deviceId").asText()).doesNotContain(device);
        for (String bad : List.of("", "?expiringWithinDays=-1", "?expiringWithinDays=3651",
                "?expiringWithinDays=soon", "?lackingOcsp=maybe", "?lackingOcsp=false")) {
            assertRefused(jdbc, 400, null, () -> client.get("/api/admin/devices" + bad).as(ADMIN).send());
        }
    }

    @Test
    void createsReadsListsAndFiltersUsers() {
        String tag = SetupSteps.unique("t").substring(2);
        String first = "Aa-" + tag.toUpperCase(Locale.ROOT);
        String second = "bb-" + tag.substring(0, 4) + "x" + tag.substring(4);
        List<JsonNode> created = SetupSteps.inParallel(
                () -> SetupSteps.createUser(client, ADMIN, first, "Alice Liddell"),
                () -> SetupSteps.createUser(client, ADMIN, second, "Bob " + tag.toUpperCase(Locale.ROOT)));

        JsonNode alice = created.get(0);
        String aliceName = first.toLowerCase(Locale.ROOT);
        assertThat(alice.get("username").asText()).as("stored lower-cased").isEqualTo(aliceName);
        assertThat(alice.get("displayName").asText()).isEqualTo("Alice Liddell");
        assertThat(alice.get("source").asText()).isEqualTo("local");
        assertThat(alice.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(alice.get("jamiId").asText()).matches("[0-9a-f]{40}");
        assertThat(alice.get("accountCertificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(alice.get("registeredAt").isNull()).isFalse();
        assertThat(alice.toString()).doesNotContain("password").doesNotContain("PRIVATE");
        assertThat(created.get(1).get("jamiId").asText()).isNotEqualTo(alice.get("jamiId").asText());

        Response one = client.get("/api/admin/users/" + first).as(ADMIN).send();
        assertThat(one.status()).as("%s", one).isEqualTo(200);
        assertThat(one.json()).isEqualTo(alice);

        // q matches the username (alice) or the display name (bob), case-insensitively, ordered by username
        JsonNode page = list("q=" + tag);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(usernames(page)).containsExactly(aliceName, second);
        assertThat(usernames(list("q=" + tag.toUpperCase(Locale.ROOT)))).containsExactly(aliceName, second);
        JsonNode firstPage = list("q=" + tag + "&page=0&size=1");
        assertThat(usernames(firstPage)).containsExactly(aliceName);
        assertThat(firstPage.get("total").asLong()).isEqualTo(2);
        assertThat(firstPage.get("page").asInt()).isZero();
        assertThat(firstPage.get("size").asInt()).isEqualTo(1);
        assertThat(usernames(list("q=" + tag + "&page=1&size=1"))).containsExactly(second);
        assertThat(usernames(list("q=" + tag + "&page=2&size=1"))).isEmpty();
        assertThat(usernames(list(""))).contains(aliceName, second);
        // LIKE wildcards in q are literal characters, not patterns
        assertThat(list("q=%25").get("total").asLong()).isZero();
        assertThat(list("q=_").get("total").asLong()).isZero();

        Response devices = client.get("/api/admin/users/" + aliceName + "/devices").as(ADMIN).send();
        assertThat(devices.status()).as("%s", devices).isEqualTo(200);
        assertThat(devices.json().isArray()).isTrue();
        assertThat(devices.json()).isEmpty();

        // usernames are unique case-insensitively
        for (String duplicate : List.of(aliceName, first, aliceName.toUpperCase(Locale.ROOT), " " + aliceName + " ")) {
            assertRefused(jdbc, 409, "user_exists", () -> client.post("/api/admin/users").as(ADMIN)
                    .json(json("username", duplicate, "password", USER_PASSWORD)).send());
        }
    }

    @Test
    void refusesInvalidUserBodies() {
        List<String> badBodies = new ArrayList<>();
        record Case(String body, String code) {
        }
        List<Case> cases = List.of(
                new Case("null", "missing_body"),
                new Case("{\"username\":", "malformed_request"),
                new Case("{\"username\":\"abc\",\"password\":\"abcdefghij\"} trailing", "malformed_request"),
                new Case("[]", "malformed_request"),
                new Case("\"alice\"", "malformed_request"),
                new Case("{\"username\":{\"first\":\"al\"},\"password\":\"abcdefghij\"}", "invalid_username"),
                new Case("{\"username\":\"nested-pw\",\"password\":{\"value\":\"abcdefghij\"}}", "invalid_password"),
                new Case("{\"username\":\"nested-dn\",\"password\":\"abcdefghij\",\"displayName\":[\"x\"]}",
                        "invalid_displayName"),
                new Case("{\"password\":\"abcdefghij\"}", "missing_username"),
                new Case("{\"username\":\"   \",\"password\":\"abcdefghij\"}", "missing_username"),
                new Case(json("username", "ab", "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "a".repeat(33), "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "al ice", "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "al!ce", "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "al/ice", "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "\u00e9lodie", "password", "abcdefghij"), "invalid_username"),
                new Case(json("username", "no-password"), "missing_password"),
                new Case(json("username", "short-pw", "password", "1234567"), "invalid_password"),
                new Case(json("username", "long-pw", "password", "p".repeat(1025)), "invalid_password"),
                new Case(json("username", "long-name", "password", "abcdefghij", "displayName", "d".repeat(129)),
                        "invalid_displayName"),
                new Case(json("username", "ctl-name", "password", "abcdefghij", "displayName", "a\u0007b"),
                        "invalid_displayName"));
        for (Case c : cases) {
            badBodies.add(c.body());
            assertRefused(jdbc, 400, c.code(), () -> client.post("/api/admin/users").as(ADMIN).json(c.body()).send());
        }
        assertRefused(jdbc, 400, "missing_body", () -> client.post("/api/admin/users").as(ADMIN)
                .body("application/json", new byte[0]).send());
        assertRefused(jdbc, 415, "unsupported_media_type", () -> client.post("/api/admin/users").as(ADMIN)
                .body("text/plain", json("username", "plain-text", "password", "abcdefghij")
                        .getBytes(StandardCharsets.UTF_8)).send());
        assertRefused(jdbc, 415, "unsupported_media_type", () -> client.post("/api/admin/users").as(ADMIN)
                .body("application/x-www-form-urlencoded", "username=form&password=abcdefghij"
                        .getBytes(StandardCharsets.UTF_8)).send());

        byte[] oversized = json("username", "too-large", "password", "p".repeat(300 * 1024))
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(jdbc, 413, "payload_too_large", () -> client.post("/api/admin/users").as(ADMIN)
                .body("application/json", oversized).send());
        assertRefused(jdbc, 413, "payload_too_large", () -> client.post("/api/admin/users").as(ADMIN)
                .chunked("application/json", oversized).send());
        // just under the limit is read (and refused for its content, not its size)
        byte[] justUnder = json("username", "big-but-ok", "password", "abcdefghij",
                "displayName", "d".repeat(250 * 1024)).getBytes(StandardCharsets.UTF_8);
        assertRefused(jdbc, 400, "invalid_displayName", () -> client.post("/api/admin/users").as(ADMIN)
                .chunked("application/json", justUnder).send());

        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username IN ('nested-pw', 'nested-dn',"
                + " 'no-password', 'short-pw', 'long-pw', 'long-name', 'ctl-name', 'plain-text', 'form', 'too-large',"
                + " 'big-but-ok')", Long.class)).isZero();
    }

    @Test
    void refusesInvalidQueriesAndIds() {
        for (String query : List.of("page=-1", "size=0", "size=201", "page=abc", "size=ten", "size=99999999999",
                "page=1.5")) {
            JsonNode error = ApiAssertions.assertError(client.get("/api/admin/users?" + query).as(ADMIN).send(), 400,
                    null);
            assertThat(error.get("error").asText()).as(query).isIn("invalid_paging", "malformed_request");
        }
        ApiAssertions.assertError(client.get("/api/admin/users?q=" + "q".repeat(129)).as(ADMIN).send(), 400,
                "invalid_filter");
        assertThat(client.get("/api/admin/users?q=" + "q".repeat(128) + "&size=200").as(ADMIN).send().status())
                .isEqualTo(200);

        for (String deviceId : List.of("AB".repeat(32), "ab".repeat(31) + "a", "ab".repeat(32) + "a",
                "zz".repeat(32), "1234")) {
            assertRefused(jdbc, 400, "invalid_device_id",
                    () -> client.delete("/api/admin/devices/" + deviceId).as(ADMIN).send());
        }
    }

    @Test
    void unknownUsersDevicesAndPathsAre404() {
        String nobody = SetupSteps.unique("nobody");
        assertRefused(jdbc, 404, "user_not_found", () -> client.get("/api/admin/users/" + nobody).as(ADMIN).send());
        assertRefused(jdbc, 404, "user_not_found",
                () -> client.get("/api/admin/users/" + nobody + "/devices").as(ADMIN).send());
        assertRefused(jdbc, 404, "user_not_found",
                () -> client.delete("/api/admin/users/" + nobody + "?reason=gone").as(ADMIN).send());
        assertRefused(jdbc, 404, "device_not_found",
                () -> client.delete("/api/admin/devices/" + UNKNOWN_DEVICE).as(ADMIN).send());
        assertRefused(jdbc, 404, null, () -> client.get("/api/admin/nothing-here").as(ADMIN).send());
        assertRefused(jdbc, 404, null, () -> client.get("/api/no-such-path").send());
        assertRefused(jdbc, 404, null, () -> client.post("/api/admin/users/" + nobody + "/extra").as(ADMIN)
                .json("{}").send());
    }

    @Test
    void everyAdminEndpointRequiresAdminCredentials() {
        String someone = SetupSteps.unique("someone");
        List<Function<JamsClient, Call>> endpoints = List.of(
                c -> c.get("/api/admin/users"),
                c -> c.get("/api/admin/users?q=a&page=0&size=10"),
                c -> c.get("/api/admin/users/" + someone),
                c -> c.get("/api/admin/users/" + someone + "/devices"),
                c -> c.post("/api/admin/users").json(json("username", someone, "password", "abcdefghij")),
                c -> c.delete("/api/admin/users/" + someone),
                c -> c.delete("/api/admin/devices/" + UNKNOWN_DEVICE),
                c -> c.post("/api/setup/ca").json(json("mode", "generate", "commonName", "X", "validityDays", 1)),
                c -> c.post("/api/setup/directory").json(json("type", "local")),
                c -> c.post("/api/setup/settings").json(json("deviceLifetimeDays", 1, "userLifetimeDays", 1,
                        "crlLifetimeMinutes", 1)),
                c -> c.post("/api/setup/admin").json(json("username", someone, "password", "abcdefghij")));
        for (Function<JamsClient, Call> endpoint : endpoints) {
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client).send());
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client)
                    .basic(ADMIN.username(), "wrong-password").send());
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client)
                    .basic("no-such-admin", ADMIN.password()).send());
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client)
                    .bearer("not-a-token-this-server-issued").send());
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client)
                    .header("Authorization", "Basic !!!not-base64!!!").send());
            assertRefused(jdbc, 401, "unauthenticated", () -> endpoint.apply(client)
                    .header("Authorization", "Digest username=\"it-admin\"").send());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = ?", Long.class, someone)).isZero();
    }

    /**
     * The simple names of the event types stored after that count of events, in order, once CRLs renewed in the
     * background are published, leaving those out.
     */
    private List<String> typesAfter(long count) {
        ApiAssertions.awaitCrlsCurrent(jdbc);
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry ORDER BY globalindex OFFSET ?",
                String.class, count).stream().map(type -> type.substring(type.lastIndexOf('$') + 1))
                .filter(type -> !type.equals("CrlPublishedEvent")).toList();
    }

    @Test
    void revokesDevicesThenTheUserWithEveryDevice() {
        String username = SetupSteps.unique("revoke");
        JsonNode user = createUser(username);
        String jamiId = user.get("jamiId").asText();
        List<String> deviceIds = SetupSteps.inParallel(() -> enrollDevice(username, "phone"),
                () -> enrollDevice(username, "laptop"));
        String lost = deviceIds.get(0);
        String kept = deviceIds.get(1);

        JsonNode devices = devicesOf(username);
        assertThat(devices).hasSize(2);
        for (JsonNode device : devices) {
            assertThat(device.get("username").asText()).isEqualTo(username);
            assertThat(device.get("deviceId").asText()).matches("[0-9a-f]{64}").isIn(deviceIds);
            assertThat(device.get("deviceSha1Id").asText()).matches("[0-9a-f]{40}");
            assertThat(device.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(device.get("name").asText()).isIn("phone", "laptop");
        }

        long before = ApiAssertions.eventCount(jdbc);
        Response revoked = client.delete("/api/admin/devices/" + lost + "?reason=" + JamsClient.query("lost it"))
                .as(ADMIN).send();
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        assertThat(revoked.json().get("deviceId").asText()).isEqualTo(lost);
        assertThat(revoked.json().get("username").asText()).isEqualTo(username);
        assertThat(revoked.json().get("status").asText()).isEqualTo("REVOKED");
        assertThat(typesAfter(before)).as("the revocation; no CRL of this account was ever asked for, so none is made")
                .containsExactly("DeviceRevokedEvent");
        JsonNode lostView = device(devicesOf(username), lost);
        assertThat(lostView.get("status").asText()).isEqualTo("REVOKED");
        assertThat(lostView.get("revokeReason").asText()).isEqualTo("lost it");
        assertThat(device(devicesOf(username), kept).get("status").asText()).isEqualTo("ACTIVE");
        assertRefused(jdbc, 409, "device_already_revoked",
                () -> client.delete("/api/admin/devices/" + lost).as(ADMIN).send());

        assertRefused(jdbc, 400, "invalid_reason", () -> client.delete("/api/admin/users/" + username + "?reason="
                + "r".repeat(513)).as(ADMIN).send());
        assertRefused(jdbc, 400, "invalid_reason", () -> client.delete("/api/admin/users/" + username + "?reason="
                + JamsClient.query("line\nbreak")).as(ADMIN).send());
        assertThat(getUser(username).get("status").asText()).isEqualTo("ACTIVE");

        before = ApiAssertions.eventCount(jdbc);
        Response revokedUser = client.delete("/api/admin/users/" + username.toUpperCase(Locale.ROOT) + "?reason="
                + JamsClient.query("left the organisation")).as(ADMIN).send();
        assertThat(revokedUser.status()).as("%s", revokedUser).isEqualTo(200);
        assertThat(revokedUser.json().get("username").asText()).isEqualTo(username);
        assertThat(revokedUser.json().get("status").asText()).isEqualTo("REVOKED");
        assertThat(revokedUser.json().get("revokedAt").isNull()).isFalse();
        assertThat(typesAfter(before)).as("the kept device's revocation and the user's (and the organisation CA's "
                + "new CRL if another test asked for it)").containsExactly("DeviceRevokedEvent", "UserRevokedEvent");
        assertThat(getUser(username).get("status").asText()).isEqualTo("REVOKED");
        JsonNode keptView = device(devicesOf(username), kept);
        assertThat(keptView.get("status").asText()).isEqualTo("REVOKED");
        assertThat(keptView.get("revokeReason").asText()).isEqualTo("left the organisation");
        assertThat(device(devicesOf(username), lost).get("revokeReason").asText()).isEqualTo("lost it");

        List<Map<String, Object>> crl = jdbc.queryForList("""
                SELECT kind, subject_id, issuer_key_id FROM revoked_certificates
                WHERE subject_id IN (?, ?, ?) ORDER BY kind, subject_id""", jamiId, lost, kept);
        assertThat(crl).extracting(row -> row.get("kind") + ":" + row.get("subject_id")).containsExactlyInAnyOrder(
                "ACCOUNT:" + jamiId, "DEVICE:" + lost, "DEVICE:" + kept);
        assertThat(crl).filteredOn(row -> row.get("kind").equals("DEVICE"))
                .allSatisfy(row -> assertThat(row.get("issuer_key_id")).isEqualTo(jamiId));
        assertThat(crl).filteredOn(row -> row.get("kind").equals("ACCOUNT")).singleElement()
                .satisfies(row -> assertThat(row.get("issuer_key_id"))
                        .isEqualTo(organisationCa().get("caKeyId").asText()));

        assertRefused(jdbc, 409, "user_revoked", () -> client.delete("/api/admin/users/" + username).as(ADMIN).send());
        assertRefused(jdbc, 409, "device_already_revoked",
                () -> client.delete("/api/admin/devices/" + kept).as(ADMIN).send());
        assertRefused(jdbc, 409, "user_exists", () -> client.post("/api/admin/users").as(ADMIN)
                .json(json("username", username, "password", USER_PASSWORD)).send());
    }

    private JsonNode list(String query) {
        Response response = client.get("/api/admin/users?" + query).as(ADMIN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private JsonNode getUser(String username) {
        Response response = client.get("/api/admin/users/" + username).as(ADMIN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private JsonNode devicesOf(String username) {
        Response response = client.get("/api/admin/users/" + username + "/devices").as(ADMIN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static JsonNode device(JsonNode devices, String deviceId) {
        for (JsonNode device : devices) {
            if (device.get("deviceId").asText().equals(deviceId)) {
                return device;
            }
        }
        throw new AssertionError("no device " + deviceId + " in " + devices);
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("users").forEach(user -> names.add(user.get("username").asText()));
        return names;
    }
}
