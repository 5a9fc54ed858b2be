package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;

/**
 * The read-only endpoints the admin UI added: the CA's details and the settings, the dashboard's overview, a person's
 * profile and a blueprint's deliveries; admins and auditors read them, nobody else.
 */
class AdminUiApiTest extends SharedServerTestBase {

    private static final String AUDITOR_PASSWORD = "ui-auditor-password-1";

    @Test
    void theCaAndTheSettingsAreShownBackToAdminsAndAuditorsOnly() {
        String auditor = auditor();
        for (JamsClient.Call call : new JamsClient.Call[] {client.get("/api/setup/ca").as(ADMIN),
                client.get("/api/setup/ca").basic(auditor, AUDITOR_PASSWORD)}) {
            JsonNode ca = call.send().json();
            assertThat(ca.get("caKeyId").asText()).isEqualTo(organisationCa().get("caKeyId").asText());
            assertThat(ca.get("certificate").asText()).isEqualTo(organisationCa().get("certificate").asText());
            assertThat(ca.get("subject").asText()).contains("JAMS IT Org CA");
            assertThat(ca.has("privateKey")).isFalse();
        }
        JsonNode settings = client.get("/api/setup/settings").as(ADMIN).send().json();
        assertThat(settings.get("deviceLifetimeDays").isInt()).isTrue();
        assertThat(settings.has("publicUrl")).isTrue();
        assertThat(client.get("/api/setup/ca").send().status()).isEqualTo(401);
        assertThat(client.get("/api/setup/settings").send().status()).isEqualTo(401);
        String person = SetupSteps.unique("ui-nosy");
        createUser(person);
        assertThat(client.get("/api/setup/settings").basic(person, USER_PASSWORD).send().status()).isEqualTo(403);
    }

    @Test
    void theOverviewCountsPeopleDevicesAndTodaysEnrollments() {
        JsonNode before = client.get("/api/admin/overview").as(ADMIN).send().json();
        String person = SetupSteps.unique("ui-overview");
        createUser(person);
        // A short device lifetime for a moment, so that this device expires within the 30 days counted.
        JsonNode settings = client.get("/api/setup/settings").as(ADMIN).send().json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) settings).put("deviceLifetimeDays", 10);
        assertThat(client.post("/api/setup/settings").as(ADMIN).json(settings.toString()).send().status())
                .isEqualTo(201);
        try {
            enrollDevice(person, "overview-laptop");
        } finally {
            ((com.fasterxml.jackson.databind.node.ObjectNode) settings).put("deviceLifetimeDays", 365);
            client.post("/api/setup/settings").as(ADMIN).json(settings.toString()).send();
        }
        JsonNode after = client.get("/api/admin/overview").as(ADMIN).send().json();

        JsonNode days = after.get("activity");
        assertThat(days).hasSize(30);
        JsonNode today = days.get(29);
        assertThat(today.get("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.get("enrollments").asLong()).isGreaterThan(before.get("activity").get(29)
                .get("enrollments").asLong());
        assertThat(after.get("history").get("storeHead").asLong()).isGreaterThan(before.get("history")
                .get("storeHead").asLong());
        int listed = client.get("/api/admin/devices?expiringWithinDays=30").as(ADMIN).send().json().size();
        assertThat(listed).as("this test's device expires within 30 days").isPositive();
        assertThat(after.get("expiringWithin30Days").asInt()).as("the devices the expiring list shows")
                .isEqualTo(listed);
        assertThat(after.get("expiringCountExact").asBoolean()).isEqualTo(listed < 1000);
        assertThat(client.get("/api/admin/overview").basic(auditor(), AUDITOR_PASSWORD).send().status())
                .isEqualTo(200);
        assertThat(client.get("/api/admin/overview").send().status()).isEqualTo(401);
    }

    @Test
    void aProfileListsTheGroupsDefinedHereAndAnUnknownPersonIsA404() {
        String person = SetupSteps.unique("ui-profile");
        createUser(person);
        String group = SetupSteps.unique("ui-group");
        assertThat(client.post("/api/admin/groups").as(ADMIN).json(JamsClient.json("name", group)).send().status())
                .isEqualTo(201);
        assertThat(client.put("/api/admin/groups/" + group + "/members/" + person).as(ADMIN).send().status())
                .isEqualTo(200);

        JsonNode profile = client.get("/api/admin/users/" + person + "/profile").as(ADMIN).send().json();
        assertThat(profile.get("source").asText()).isEqualTo("local");
        assertThat(profile.get("groups")).extracting(JsonNode::asText).containsExactly(group);
        assertThat(profile.get("directoryGroups")).isEmpty();
        assertThat(profile.get("photo").isNull()).isTrue();
        Response unknown = client.get("/api/admin/users/nobody-at-all/profile").as(ADMIN).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("user_not_found");
    }

    @Test
    void aBlueprintsDeliveriesNameTheDevicesThatReceivedItAndAnUnknownBlueprintIsA404() {
        String blueprint = SetupSteps.unique("ui-bp");
        String group = SetupSteps.unique("ui-bp-group");
        String person = SetupSteps.unique("ui-bp-person");
        createUser(person);
        assertThat(client.post("/api/admin/blueprints").as(ADMIN).json("{\"name\":\"" + blueprint
                + "\",\"settings\":{\"Account.upnpEnabled\":\"false\"}}").send().status()).isEqualTo(201);
        client.post("/api/admin/groups").as(ADMIN).json(JamsClient.json("name", group)).send();
        client.put("/api/admin/groups/" + group + "/members/" + person).as(ADMIN).send();
        assertThat(client.put("/api/admin/groups/" + group + "/blueprint").as(ADMIN).json("{\"blueprint\":\""
                + blueprint + "\",\"precedence\":5}").send().status()).isEqualTo(200);
        Response enrolled = client.post("/api/auth/device").basic(person, USER_PASSWORD).json(JamsClient.json("csr",
                openssl().deviceCsr(SetupSteps.unique("ui-bp-device")), "deviceName", "bp-laptop")).send();
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);

        JsonNode deliveries = client.get("/api/admin/blueprints/" + blueprint + "/deliveries").as(ADMIN).send().json();
        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.get("username").asText()).isEqualTo(person);
            assertThat(delivery.get("version").asInt()).isEqualTo(1);
            assertThat(delivery.get("via").asText()).isEqualTo("enrollment");
            assertThat(delivery.get("deviceId").asText()).hasSize(64);
        });
        assertThat(client.get("/api/admin/blueprints/no-such-blueprint/deliveries").as(ADMIN).send().status())
                .isEqualTo(404);
    }

    @Test
    void theOrganisationAsOfAMomentListsWhoWasRegisteredThenWithTheirStatusThen() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        Thread.sleep(20);
        String person = SetupSteps.unique("ui-asof");
        createUser(person);
        enrollDevice(person, "asof-laptop");
        java.time.Instant after = java.time.Instant.now();

        JsonNode listed = everyone(after).get(person);
        assertThat(listed).as("%s registered by then", person).isNotNull();
        assertThat(listed.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(listed.get("validDevices").asInt()).isEqualTo(1);
        assertThat(listed.get("devices").asInt()).isEqualTo(1);
        assertThat(everyone(before)).as("not yet registered").doesNotContainKey(person);
        assertThat(client.get("/api/audit/as-of/people?at=" + after + "&size=51").as(ADMIN).send().status())
                .isEqualTo(400);
        assertThat(client.get("/api/audit/as-of/people").as(ADMIN).send().status()).isEqualTo(400);
        assertThat(client.get("/api/audit/as-of/people?at=" + after).send().status()).isEqualTo(401);
    }

    /** Everyone the organisation had at {@code at}, read page by page, by username. */
    private java.util.Map<String, JsonNode> everyone(java.time.Instant at) {
        java.util.Map<String, JsonNode> people = new java.util.LinkedHashMap<>();
        for (int page = 0; ; page++) {
            Response answer = client.get("/api/audit/as-of/people?at=" + at + "&size=50&page=" + page).as(ADMIN)
                    .send();
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            answer.json().get("people").forEach(entry -> people.put(entry.get("username").asText(), entry));
            if (!answer.json().get("hasMore").asBoolean()) {
                return people;
            }
        }
    }

    private String auditor() {
        String auditor = SetupSteps.unique("ui-auditor");
        Response created = client.post("/api/admin/auditors").as(ADMIN)
                .json(JamsClient.json("username", auditor, "password", AUDITOR_PASSWORD)).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return auditor;
    }
}
