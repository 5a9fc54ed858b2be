package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertRefused;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;

/**
 * Groups and blueprints through the admin API of the real server on PostgreSQL: versions, precedence, the default,
 * effective settings and where each key comes from, delivery in the enrollment answer and from policyData, and bad
 * input refused with the key named and nothing stored.
 */
class PolicyApiTest extends SharedServerTestBase {

    @Test
    void blueprintsAreVersionedAndOldVersionsStayReadable() {
        String name = SetupSteps.unique("office");
        JsonNode created = expect(201, client.post("/api/admin/blueprints").as(ADMIN).json(json("name", name,
                "settings", Map.of("TURN.enable", "TRUE", "TURN.server", "turn.example.org:3478"))).send());
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("settings").get("TURN.enable").asText()).as("as the daemon reads it").isEqualTo("true");
        JsonNode same = expect(200, client.put("/api/admin/blueprints/" + name).as(ADMIN).json(json("settings",
                Map.of("TURN.enable", "true", "TURN.server", "turn.example.org:3478"))).send());
        assertThat(same.get("version").asInt()).as("the same settings make no version").isEqualTo(1);
        JsonNode second = expect(200, client.put("/api/admin/blueprints/" + name).as(ADMIN).json(json("settings",
                Map.of("TURN.enable", "false"))).send());
        assertThat(second.get("version").asInt()).isEqualTo(2);
        JsonNode versions = expect(200, client.get("/api/admin/blueprints/" + name + "/versions").as(ADMIN).send());
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(versions.get(0).get("settings").get("TURN.server").asText()).isEqualTo("turn.example.org:3478");
        assertThat(versions.get(1).get("settings").has("TURN.server")).isFalse();

        assertRefused(jdbc, 409, "blueprint_exists", () -> client.post("/api/admin/blueprints").as(ADMIN)
                .json(json("name", name, "settings", Map.of())).send());
        assertRefused(jdbc, 404, "blueprint_not_found", () -> client.put("/api/admin/blueprints/nothing-here")
                .as(ADMIN).json(json("settings", Map.of())).send());
        assertThat(client.get("/api/admin/blueprint-keys").as(ADMIN).send().json().get("TURN.server").asText())
                .contains("host");
    }

    @Test
    void everyBadSettingIsRefusedWithItsKeyNamedAndNothingStored() {
        String name = SetupSteps.unique("bad");
        Map<String, String> refusals = Map.of(
                "{\"Account.noSuchKey\":\"x\"}", "unknown_key",
                "{\"TLS.certificateFile\":\"/etc/x\"}", "forbidden_key",
                "{\"Account.managerUri\":\"https://elsewhere\"}", "forbidden_key",
                "{\"DHT.port\":\"70000\"}", "invalid_setting",
                "{\"TURN.server\":\"turn.example.org:99999\"}", "invalid_setting",
                "{\"Account.defaultModerators\":\"someone\"}", "invalid_setting",
                "{\"TURN.enable\":\"yes\"}", "invalid_setting");
        refusals.forEach((settings, code) -> {
            JsonNode error = assertRefused(jdbc, 400, code, () -> client.post("/api/admin/blueprints").as(ADMIN)
                    .json("{\"name\":\"" + name + "\",\"settings\":" + settings + "}").send());
            String key = settings.substring(2, settings.indexOf('"', 2));
            assertThat(error.get("message").asText()).as(settings).contains(key);
        });
        // JSON of the wrong type is refused, never coerced.
        assertRefused(jdbc, 400, null, () -> client.post("/api/admin/blueprints").as(ADMIN)
                .json("{\"name\":\"" + name + "\",\"settings\":{\"TURN.enable\":true}}").send());
        assertRefused(jdbc, 400, null, () -> client.post("/api/admin/blueprints").as(ADMIN)
                .json("{\"name\":\"" + name + "\",\"settings\":[\"TURN.enable\"]}").send());
        assertRefused(jdbc, 400, "invalid_blueprint_name", () -> client.post("/api/admin/blueprints").as(ADMIN)
                .json(json("name", "a=b,c", "settings", Map.of())).send());
        assertThat(client.get("/api/admin/blueprints/" + name).as(ADMIN).send().status()).isEqualTo(404);
    }

    @Test
    void thePrecedenceWinnerPerKeyReachesTheEnrollmentAnswerAndPolicyData() {
        String person = SetupSteps.unique("pol");
        SetupSteps.createUser(client, ADMIN, person, "Policy Person");
        String base = SetupSteps.unique("base");
        String office = SetupSteps.unique("office");
        String travel = SetupSteps.unique("travel");
        blueprint(base, Map.of("Account.upnpEnabled", "false", "TURN.realm", "base"));
        blueprint(office, Map.of("TURN.enable", "true", "TURN.server", "turn1.example.org:3478"));
        blueprint(travel, Map.of("TURN.server", "turn2.example.org:3478"));
        String engineering = group(SetupSteps.unique("eng"));
        String travellers = group(SetupSteps.unique("trv"));
        int precedence = 100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000 - 200);

        assertRefused(jdbc, 404, "group_not_found", () -> client.put("/api/admin/groups/no-such-group/blueprint")
                .as(ADMIN).json(json("blueprint", office, "precedence", precedence)).send());
        assertRefused(jdbc, 404, "blueprint_not_found", () -> client.put("/api/admin/groups/" + engineering
                + "/blueprint").as(ADMIN).json(json("blueprint", "no-such-blueprint", "precedence", precedence))
                .send());
        assertRefused(jdbc, 404, "user_not_found", () -> client.put("/api/admin/groups/" + engineering
                + "/members/nobody-" + person).as(ADMIN).send());
        expect(200, client.put("/api/admin/groups/" + engineering + "/members/" + person).as(ADMIN).send());
        expect(200, client.put("/api/admin/groups/" + travellers + "/members/" + person).as(ADMIN).send());
        expect(200, client.put("/api/admin/groups/" + engineering + "/blueprint").as(ADMIN)
                .json(json("blueprint", office, "precedence", precedence)).send());
        assertRefused(jdbc, 400, "duplicate_precedence", () -> client.put("/api/admin/groups/" + travellers
                + "/blueprint").as(ADMIN).json(json("blueprint", travel, "precedence", precedence)).send());
        expect(200, client.put("/api/admin/groups/" + travellers + "/blueprint").as(ADMIN)
                .json(json("blueprint", travel, "precedence", precedence + 1)).send());

        JsonNode effective = expect(200, client.get("/api/admin/users/" + person + "/settings").as(ADMIN).send());
        assertThat(effective.get("settings").get("TURN.server").asText()).isEqualTo("turn2.example.org:3478");
        assertThat(effective.get("settings").get("TURN.enable").asText()).isEqualTo("true");
        assertThat(effective.get("sources").get("TURN.server").get("group").asText()).isEqualTo(travellers);
        assertThat(effective.get("sources").get("TURN.enable").get("blueprint").asText()).isEqualTo(office);
        assertThat(effective.get("settings").has("TURN.realm")).as("no default yet").isFalse();

        // The shared server's default blueprint is this test's alone.
        expect(200, client.put("/api/admin/blueprints/default").as(ADMIN).json(json("blueprint", base)).send());
        try {
            JsonNode withDefault = expect(200, client.get("/api/admin/users/" + person + "/settings").as(ADMIN)
                    .send());
            assertThat(withDefault.get("settings").get("TURN.realm").asText()).isEqualTo("base");
            assertThat(withDefault.get("sources").get("TURN.realm").get("group").isNull()).isTrue();

            String csr = openssl().deviceCsr(SetupSteps.unique("policy-device"));
            JsonNode enrolled = expect(200, client.post("/api/auth/device").basic(person, USER_PASSWORD)
                    .json(json("csr", csr, "deviceName", "laptop")).send());
            assertThat(enrolled.get("TURN.server").asText()).isEqualTo("turn2.example.org:3478");
            assertThat(enrolled.get("Account.upnpEnabled").asText()).isEqualTo("false");
            assertThat(enrolled.get("certificateChain").asText()).contains("BEGIN CERTIFICATE");
            enrolled.fields().forEachRemaining(field -> assertThat(field.getValue().isValueNode())
                    .as("%s is a scalar (protocol doc §3.3)", field.getKey()).isTrue());
            String deviceId = jdbc.queryForObject("SELECT device_id FROM devices WHERE username = ?", String.class,
                    person);
            String history = expect(200, client.get("/api/admin/devices/" + deviceId + "/history").as(ADMIN).send())
                    .toString();
            assertThat(history).contains("PolicyDeliveredEvent").contains(office).contains(travel).contains(base);

            String token = SetupSteps.login(client, person, USER_PASSWORD, "USER");
            JsonNode policy = expect(200, client.get("/api/auth/policyData").bearer(token).send());
            assertThat(policy.get("TURN.server").asText()).isEqualTo("turn2.example.org:3478");
        } finally {
            expect(200, client.put("/api/admin/blueprints/default").as(ADMIN).json("{\"blueprint\":null}").send());
        }

        // A deleted group takes its blueprint and members with it.
        expect(200, client.delete("/api/admin/groups/" + travellers).as(ADMIN).send());
        JsonNode after = expect(200, client.get("/api/admin/users/" + person + "/settings").as(ADMIN).send());
        assertThat(after.get("settings").get("TURN.server").asText()).isEqualTo("turn1.example.org:3478");
        assertThat(client.get("/api/admin/groups/" + travellers).as(ADMIN).send().status()).isEqualTo(404);
        assertThat(client.get("/api/admin/groups").as(ADMIN).send().json()).extracting(g -> g.get("name").asText())
                .contains(engineering).doesNotContain(travellers);
    }

    @Test
    void theAsOfViewAnswersWhatAPersonsDevicesGotAtAPastMoment() {
        String person = SetupSteps.unique("asof");
        SetupSteps.createUser(client, ADMIN, person, "As Of");
        String name = SetupSteps.unique("asof");
        blueprint(name, Map.of("TURN.server", "old.example.org:3478"));
        String team = group(SetupSteps.unique("team"));
        expect(200, client.put("/api/admin/groups/" + team + "/members/" + person).as(ADMIN).send());
        String beforeAttaching = java.time.Instant.now().toString();
        expect(200, client.put("/api/admin/groups/" + team + "/blueprint").as(ADMIN).json(json("blueprint", name,
                "precedence", 1_000_000 - java.util.concurrent.ThreadLocalRandom.current().nextInt(99))).send());
        String withVersionOne = java.time.Instant.now().toString();
        expect(200, client.put("/api/admin/blueprints/" + name).as(ADMIN).json(json("settings",
                Map.of("TURN.server", "new.example.org:3478"))).send());

        assertThat(asOf(person, beforeAttaching).get("settings").get("settings")).isEmpty();
        JsonNode then = asOf(person, withVersionOne).get("settings");
        assertThat(then.get("settings").get("TURN.server").asText()).isEqualTo("old.example.org:3478");
        assertThat(then.get("sources").get("TURN.server").get("version").asInt()).isEqualTo(1);
        JsonNode now = asOf(person, java.time.Instant.now().toString()).get("settings");
        assertThat(now.get("settings").get("TURN.server").asText()).isEqualTo("new.example.org:3478");
        assertThat(now.get("sources").get("TURN.server").get("group").asText()).isEqualTo(team);
    }

    private JsonNode asOf(String person, String at) {
        return expect(200, client.get("/api/audit/as-of?user=" + person + "&at=" + JamsClient.query(at)).as(ADMIN)
                .send());
    }

    @Test
    void groupNamesAreCheckedAndUniqueAndOnlyAdminsChangeThem() {
        String name = SetupSteps.unique("grp");
        group(name);
        assertRefused(jdbc, 409, "group_exists", () -> client.post("/api/admin/groups").as(ADMIN)
                .json(json("name", name.toUpperCase(), "description", "")).send());
        for (String bad : List.of("a=b", "x".repeat(65), "tab\tname", "-lead")) {
            assertRefused(jdbc, 400, "invalid_group_name", () -> client.post("/api/admin/groups").as(ADMIN)
                    .json(json("name", bad, "description", "")).send());
        }
        String person = SetupSteps.unique("usr");
        SetupSteps.createUser(client, ADMIN, person, "Someone");
        expect(200, client.put("/api/admin/groups/" + name + "/members/" + person).as(ADMIN).send());

        // A rename keeps the members, and frees the old name.
        String renamed = SetupSteps.unique("renamed");
        String other = group(SetupSteps.unique("other"));
        assertRefused(jdbc, 409, "group_exists", () -> client.put("/api/admin/groups/" + name).as(ADMIN)
                .json(json("name", other)).send());
        assertRefused(jdbc, 400, "invalid_group_name", () -> client.put("/api/admin/groups/" + name).as(ADMIN)
                .json(json("name", "a=b")).send());
        assertRefused(jdbc, 404, "group_not_found", () -> client.put("/api/admin/groups/no-such-group").as(ADMIN)
                .json(json("name", renamed)).send());
        assertRefused(jdbc, 409, "directory_group", () -> client.put("/api/admin/groups/cn%3Dx,dc%3Dorg").as(ADMIN)
                .json(json("name", renamed)).send());
        JsonNode after = expect(200, client.put("/api/admin/groups/" + name).as(ADMIN).json(json("name", renamed))
                .send());
        assertThat(after.get("name").asText()).isEqualTo(renamed);
        assertThat(after.get("members").asLong()).isEqualTo(1);
        assertThat(client.get("/api/admin/groups/" + name).as(ADMIN).send().status()).isEqualTo(404);
        assertThat(expect(200, client.get("/api/admin/groups/" + renamed).as(ADMIN).send()).get("members"))
                .extracting(JsonNode::asText).containsExactly(person);
        group(name);
        assertThat(expect(200, client.get("/api/admin/groups/" + name).as(ADMIN).send()).get("members")).isEmpty();

        String token = SetupSteps.login(client, person, USER_PASSWORD, "USER");
        assertRefused(jdbc, 403, null, () -> client.post("/api/admin/groups").bearer(token)
                .json(json("name", SetupSteps.unique("mine"), "description", "")).send());
    }

    private String group(String name) {
        expect(201, client.post("/api/admin/groups").as(ADMIN).json(json("name", name, "description", "")).send());
        return name;
    }

    private void blueprint(String name, Map<String, String> settings) {
        expect(201, client.post("/api/admin/blueprints").as(ADMIN).json(json("name", name, "settings", settings))
                .send());
    }

    private static JsonNode expect(int status, Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        return response.json();
    }
}
