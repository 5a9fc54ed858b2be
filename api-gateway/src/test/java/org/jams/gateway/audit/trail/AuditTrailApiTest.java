package org.jams.gateway.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.gateway.access.AccessHistory;
import org.jams.gateway.audit.trail.AuditHttp.Response;
import org.jams.gateway.auth.AccessTokens;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.it.OpenLdapServer;
import org.jams.query.audit.trail.AuditEntries;
import org.jams.query.audit.trail.AuditEntry;
import org.jams.query.audit.trail.AuditTrails;
import org.jams.query.audit.trail.CsvReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * Audit trails, the audit feed and its export, through HTTP on the real server and PostgreSQL; and item 1 of the
 * audit issue: every event type the server stores carries who, how, from where, with what, and why (correlation).
 */
class AuditTrailApiTest extends AuditTestServer {

    /** What one scenario left in the store; built once, shared by the tests of this class. */
    record Scenario(String user, String device, String otherUser, String userToken, String auditorToken) {
    }

    private static Scenario scenario;

    @Autowired
    private AccessHistory accessHistory;

    @Autowired
    private AccessTokens tokens;

    /**
     * A user with a device that enrolls over HTTP, signs in (once with a wrong password), logs in as a device, syncs
     * contacts and conversations, is revoked by an admin and then refused; a CSR refused; a second user revoked; an
     * auditor created. Device logins need TLS client certificates, so the device's login and refused login are
     * recorded through the same AccessHistory the login endpoint uses, with a request of the same shape.
     */
    private synchronized Scenario scenario() {
        if (scenario != null) {
            return scenario;
        }
        String user = unique("trail");
        String other = unique("trail-other");
        createUser(user);
        createUser(other);
        String device = enroll(user, "laptop, \"work\"");
        expect(403, http.post("/api/login").basic(user, "wrong-password").send());
        String userToken = login(user, USER_PASSWORD);
        expect(400, http.post("/api/auth/device").basic(user, USER_PASSWORD)
                .json(AuditHttp.json("csr", "not a CSR", "deviceName", "broken")).send());
        String serial = jdbc.queryForObject("SELECT serial FROM devices WHERE device_id = ?", String.class, device);
        Caller deviceCaller = new Caller(user, Scope.DEVICE, "client-certificate", device);
        accessHistory.record(new DeviceLoggedInEvent(user, device, serial), deviceCaller, loginExchange());
        String deviceToken = tokens.issue(deviceCaller).token();
        expect(200, http.post("/api/auth/contacts").bearer(deviceToken).json("[{\"uri\":\"" + "0123456789".repeat(4)
                + "\",\"added\":1700000000,\"removed\":0,\"confirmed\":true,\"banned\":false}]").send());
        expect(200, http.post("/api/auth/conversations").bearer(deviceToken)
                .json("[{\"id\":\"c0nv\",\"mode\":0,\"created\":\"1700000000\"}]").send());
        expect(200, admin(http.delete("/api/admin/devices/" + device + "?reason=stolen")).send());
        accessHistory.refused(device, "client-certificate", "revoked_device", loginExchange());
        expect(200, admin(http.delete("/api/admin/users/" + other + "?reason=left")).send());
        String auditor = auditorToken(unique("officer"));
        // A third person renews one device key three times (superseding its first certificate), and locks their
        // account with two wrong passwords, which an admin lifts.
        String renewing = unique("trail-renewing");
        createUser(renewing);
        KeyPair renewed = rsa2048();
        for (int renewal = 0; renewal < 3; renewal++) {
            enroll(renewing, renewed, "renewed");
        }
        expect(403, http.post("/api/login").basic(renewing, "wrong-password").send());
        expect(403, http.post("/api/login").basic(renewing, "wrong-again").send());
        expect(429, http.post("/api/login").basic(renewing, USER_PASSWORD).send());
        expect(200, admin(http.post("/api/admin/accounts/" + renewing + "/unlock")).send());
        directoryPersonComesLeavesAndReturns();
        policiesComeAndGo(renewing);
        // A relying party fetches the organisation CA's CRL: the server publishes one.
        String caKeyId = jdbc.queryForObject("SELECT ca_key_id FROM organisation_ca LIMIT 1", String.class).trim();
        expect(200, http.get("/api/crl/" + caKeyId).send());
        scenario = new Scenario(user, device, other, userToken, auditor);
        return scenario;
    }

    /**
     * A blueprint of two versions, a group renamed with a member added and removed, the blueprint attached and
     * detached, the default set and removed, and an enrollment that delivers a blueprint; then the group deleted.
     */
    private void policiesComeAndGo(String person) {
        String blueprint = unique("trail-blueprint");
        String group = unique("trail-group");
        expect(201, admin(http.post("/api/admin/blueprints")).json(AuditHttp.json("name", blueprint, "settings",
                Map.of("TURN.enable", "true"))).send());
        expect(200, admin(http.put("/api/admin/blueprints/" + blueprint)).json(AuditHttp.json("settings",
                Map.of("TURN.enable", "false"))).send());
        expect(201, admin(http.post("/api/admin/groups")).json(AuditHttp.json("name", group, "description", ""))
                .send());
        expect(200, admin(http.put("/api/admin/groups/" + group)).json(AuditHttp.json("name", group + "-2")).send());
        group = group + "-2";
        expect(200, admin(http.put("/api/admin/groups/" + group + "/members/" + person)).send());
        expect(200, admin(http.put("/api/admin/groups/" + group + "/blueprint")).json(AuditHttp.json("blueprint",
                blueprint, "precedence", 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(400_000)))
                .send());
        enroll(person, "with a blueprint");
        expect(200, admin(http.delete("/api/admin/groups/" + group + "/blueprint")).send());
        expect(200, admin(http.delete("/api/admin/groups/" + group + "/members/" + person)).send());
        expect(200, admin(http.put("/api/admin/blueprints/default")).json(AuditHttp.json("blueprint", blueprint))
                .send());
        expect(200, admin(http.put("/api/admin/blueprints/default")).json("{\"blueprint\":null}").send());
        expect(200, admin(http.delete("/api/admin/groups/" + group)).send());
    }

    /**
     * People from a real slapd for a while: the directory configured, a person's first sign-in (registered, profile
     * seen), removed from the directory (disabled by the synchronisation), back (enabled at sign-in); then local again.
     */
    private void directoryPersonComesLeavesAndReturns() {
        String uid = unique("dir");
        OpenLdapServer.Person person = new OpenLdapServer.Person(uid, "dir-secret-1", "Dora", "Directory", null);
        try (OpenLdapServer ldap = OpenLdapServer.start(person)) {
            expect(201, admin(http.post("/api/setup/directory")).json(AuditHttp.json("type", "ldap", "url", ldap.url(),
                    "bindDn", OpenLdapServer.BIND_DN, "bindPassword", OpenLdapServer.BIND_PASSWORD, "userBaseDn",
                    OpenLdapServer.PEOPLE_DN)).send());
            login(uid, person.password());
            ldap.modify("dn: " + person.dn() + "\nchangetype: delete\n");
            long run = expect(202, admin(http.post("/api/admin/directory/sync")).send()).json().get("run").asLong();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                JsonNode status = admin(http.get("/api/admin/directory/sync")).send().json();
                return status.get("run").asLong() == run && !"RUNNING".equals(status.get("state").asText());
            });
            ldap.modify("dn: " + person.dn() + "\nchangetype: add\nobjectClass: inetOrgPerson\nuid: " + uid
                    + "\ncn: Dora Directory\nsn: Directory\nuserPassword: " + person.password() + "\n");
            login(uid, person.password());
        } finally {
            expect(201, admin(http.post("/api/setup/directory")).json(AuditHttp.json("type", "local")).send());
        }
    }

    private static MockServerWebExchange loginExchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.post("/api/login")
                .header("User-Agent", AuditHttp.USER_AGENT)
                .remoteAddress(new InetSocketAddress("127.0.0.1", 40000)));
    }

    @Test
    void aDeviceTrailListsEveryEventAboutTheDeviceOldestFirstWithWhoHowAndFromWhere() {
        Scenario s = scenario();

        List<JsonNode> trail = awaitEntries(() -> admin(http.get("/api/admin/devices/" + s.device() + "/history"))
                .send(), 6);

        assertThat(trail).extracting(e -> e.get("type").asText()).containsExactly("DeviceCertificateIssuedEvent",
                "DeviceLoggedInEvent", "ContactsSyncedEvent", "ConversationsSyncedEvent", "DeviceRevokedEvent",
                "AccessRefusedEvent");
        assertStrictlyIncreasingAndComplete(trail);
        assertThat(trail).extracting(e -> e.get("actor").asText()).containsExactly("user:" + s.user(),
                "device:" + s.user() + "/" + s.device(), "device:" + s.user() + "/" + s.device(),
                "device:" + s.user() + "/" + s.device(), "admin:" + ADMIN, "anonymous");
        assertThat(trail).extracting(e -> e.get("authMethod").asText()).containsExactly("basic",
                "client-certificate", "bearer", "bearer", "basic", "none");
        JsonNode issued = trail.get(0).get("data");
        assertThat(issued.get("deviceId").asText()).isEqualTo(s.device());
        assertThat(issued.get("deviceName").asText()).isEqualTo("laptop, \"work\"");
        assertThat(trail.get(4).get("data").get("reason").asText()).isEqualTo("stolen");
        assertThat(trail.get(5).get("data").get("reason").asText()).isEqualTo("revoked_device");
    }

    @Test
    void aUserTrailHasTheUsersStreamAndTheirLoginsAndRefusalsButNoSecret() {
        Scenario s = scenario();

        Response response = admin(http.get("/api/admin/users/" + s.user().toUpperCase() + "/history")).send();
        List<JsonNode> trail = awaitEntries(() -> admin(http.get("/api/admin/users/" + s.user() + "/history")).send(),
                9);

        assertThat(trail).extracting(e -> e.get("type").asText()).containsExactly("UserRegisteredEvent",
                "DeviceCertificateIssuedEvent", "AccessRefusedEvent", "PasswordLoginSucceededEvent",
                "AccessRefusedEvent", "DeviceLoggedInEvent", "ContactsSyncedEvent", "ConversationsSyncedEvent",
                "DeviceRevokedEvent");
        assertStrictlyIncreasingAndComplete(trail);
        assertThat(trail.get(0).get("actor").asText()).isEqualTo("admin:" + ADMIN);
        assertThat(trail.get(0).get("data").get("passwordHash").asText()).isEqualTo(AuditEntries.REDACTED);
        assertThat(trail.get(0).get("data").get("jamiId").asText()).matches("[0-9a-f]{40}");
        assertThat(trail.get(2).get("data").get("reason").asText()).isEqualTo("wrong_credentials");
        assertThat(trail.get(4).get("data").get("method").asText()).isEqualTo("csr");
        assertThat(response.status()).as("usernames are case-insensitive").isEqualTo(200);
        String body = admin(http.get("/api/admin/users/" + s.user() + "/history")).send().body();
        assertThat(body).doesNotContain("$argon2").doesNotContain("PRIVATE KEY").doesNotContain(USER_PASSWORD);
        String other = admin(http.get("/api/admin/users/" + s.otherUser() + "/history")).send().body();
        assertThat(other).contains("UserRevokedEvent").doesNotContain(s.device());
    }

    @Test
    void trailsAnswer404ForTheUnknownAndAreForAdminsAndAuditorsOnly() {
        Scenario s = scenario();

        expect(404, admin(http.get("/api/admin/devices/" + "ab".repeat(32) + "/history")).send());
        expect(404, admin(http.get("/api/admin/users/nobody-" + s.user() + "/history")).send());
        expect(400, admin(http.get("/api/admin/devices/not-a-device/history")).send());
        expect(401, http.get("/api/admin/users/" + s.user() + "/history").send());
        expect(403, http.get("/api/admin/users/" + s.user() + "/history").bearer(s.userToken()).send());
        expect(403, http.get("/api/audit/events").bearer(s.userToken()).send());
        expect(200, http.get("/api/admin/devices/" + s.device() + "/history").bearer(s.auditorToken()).send());
        expect(200, http.get("/api/audit/events?user=" + s.user()).bearer(s.auditorToken()).send());
    }

    /** Item 1: every event type of core-api, once stored, carries the complete audit metadata. */
    @Test
    void everyStoredEventOfEveryTypeCarriesTheAuditMetadata() throws Exception {
        scenario();

        Map<String, Integer> seen = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        jdbc.query("SELECT globalindex, payloadtype, metadata FROM domainevententry ORDER BY globalindex", rs -> {
            String type = rs.getString(2);
            seen.merge(type, 1, Integer::sum);
            JsonNode meta = parse(rs.getBytes(3));
            for (String key : List.of("actor", "authMethod", "sourceAddress", "userAgent", "correlationId",
                    "traceId")) {
                JsonNode value = meta.get(key);
                if (value == null || value.isNull() || value.asText().isBlank()) {
                    missing.add(rs.getLong(1) + " " + type + " lacks " + key);
                }
            }
        });

        assertThat(missing).as("events without complete audit metadata").isEmpty();
        Set<String> eventTypes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jams.api").stream()
                .filter(c -> c.isAnnotatedWith(Revision.class) || (c.isRecord() && c.getSimpleName().endsWith("Event")))
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(eventTypes).hasSizeGreaterThanOrEqualTo(14);
        assertThat(seen.keySet()).as("the scenarios store every event type").containsAll(eventTypes);
    }

    @Test
    void theFeedFiltersByTypeUserDeviceActorAndTimeAndPagesInGlobalOrder() {
        Scenario s = scenario();
        List<JsonNode> trail = awaitEntries(() -> admin(http.get("/api/admin/users/" + s.user() + "/history")).send(),
                9);
        awaitEntries(() -> admin(http.get("/api/admin/devices/" + s.device() + "/history")).send(), 6);

        assertThat(feed("user=" + s.user() + "&type=DeviceRevokedEvent")).extracting(e -> e.get("sequence").asLong())
                .containsExactly(trail.get(8).get("sequence").asLong());
        assertThat(feed("type=org.jams.api.user.UserEvents$UserRevokedEvent&user=" + s.otherUser()))
                .extracting(e -> e.get("data").get("reason").asText()).containsExactly("left");
        assertThat(feed("device=" + s.device())).isEqualTo(
                entries(admin(http.get("/api/admin/devices/" + s.device() + "/history")).send()));
        assertThat(feed("actor=" + AuditHttp.q("admin:" + ADMIN) + "&user=" + s.user()))
                .extracting(e -> e.get("type").asText()).containsExactly("UserRegisteredEvent", "DeviceRevokedEvent");

        Instant from = Instant.parse(trail.get(2).get("time").asText());
        Instant to = Instant.parse(trail.get(6).get("time").asText());
        List<Long> expected = trail.stream().filter(e -> {
            Instant time = Instant.parse(e.get("time").asText());
            return !time.isBefore(from) && time.isBefore(to);
        }).map(e -> e.get("sequence").asLong()).toList();
        assertThat(feed("user=" + s.user() + "&from=" + from + "&to=" + to)).extracting(e -> e.get("sequence").asLong())
                .isEqualTo(expected).isNotEmpty();

        List<JsonNode> paged = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = expect(200, admin(http.get("/api/audit/events?user=" + s.user() + "&size=2&page=" + page))
                    .send()).json();
            assertThat(body.get("page").asInt()).isEqualTo(page);
            assertThat(body.get("size").asInt()).isEqualTo(2);
            body.get("events").forEach(paged::add);
            if (!body.get("hasMore").asBoolean()) {
                assertThat(body.get("events").size()).isBetween(1, 2);
                break;
            }
        }
        assertThat(paged).isEqualTo(trail);
        JsonNode newest = expect(200, admin(http.get("/api/audit/events?user=" + s.user() + "&size=3&order=desc"))
                .send()).json();
        assertThat(newest.get("events")).extracting(e -> e.get("sequence").asLong()).containsExactly(
                trail.get(8).get("sequence").asLong(), trail.get(7).get("sequence").asLong(),
                trail.get(6).get("sequence").asLong());
        JsonNode beyond = expect(200, admin(http.get("/api/audit/events?user=" + s.user() + "&size=50&page=9"))
                .send()).json();
        assertThat(beyond.get("events")).isEmpty();
        assertThat(beyond.get("hasMore").asBoolean()).isFalse();

        expect(400, admin(http.get("/api/audit/events?from=yesterday")).send());
        expect(400, admin(http.get("/api/audit/events?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z")).send());
        expect(400, admin(http.get("/api/audit/events?size=0")).send());
        expect(400, admin(http.get("/api/audit/events?size=501")).send());
        expect(400, admin(http.get("/api/audit/events?page=-1")).send());
        expect(400, admin(http.get("/api/audit/events?order=sideways")).send());
        expect(400, admin(http.get("/api/audit/export?format=xml")).send());
    }

    /**
     * 1,200 refusals (more than two chunks of the export): the export streams them in order, as JSON Lines and as CSV
     * that an independent strict RFC 4180 reader turns back into exactly the JSON Lines' values.
     */
    @Test
    void theExportStreamsJsonLinesAndCsvThatRoundTrip() throws Exception {
        String subject = unique("bulk");
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .post("/api/auth/device")
                .header("User-Agent", "Evil \"agent\", =cmd|' /C calc'!A0; é🙂 ")
                .remoteAddress(new InetSocketAddress("192.0.2.7", 40000)));
        int count = 2 * AuditTrails.CHUNK + 200;
        for (int i = 0; i < count; i++) {
            accessHistory.refused(subject, "basic", "wrong_credentials", exchange);
        }
        awaitFeedSize("user=" + subject + "&size=500&page=2", count - 2 * AuditTrails.CHUNK);

        Response jsonl = expect(200, admin(http.get("/api/audit/export?format=jsonl&user=" + subject)).send());
        Response csv = expect(200, admin(http.get("/api/audit/export?format=csv&user=" + subject)).send());
        Response auditorCsv = expect(200, http.get("/api/audit/export?format=csv&user=" + subject)
                .bearer(scenario().auditorToken()).send());

        assertThat(jsonl.contentType()).startsWith("application/x-ndjson");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(jsonl.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(jsonl.headers().firstValue("Transfer-Encoding")).as("streamed, not buffered").contains("chunked");
        String[] lines = jsonl.body().split("\n");
        assertThat(jsonl.body()).endsWith("\n");
        assertThat(lines).hasSize(count);
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            records.add(AuditHttp.JSON.readTree(line));
        }
        assertStrictlyIncreasingAndComplete(records);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("type").asText()).isEqualTo("AccessRefusedEvent");
            assertThat(r.get("userAgent").asText()).isEqualTo("Evil \"agent\", =cmd|' /C calc'!A0; é🙂 ");
            assertThat(r.get("source").asText()).isEqualTo("192.0.2.7");
        });

        List<List<String>> rows = CsvReader.parse(csv.body());
        assertThat(rows.get(0)).isEqualTo(AuditEntry.COLUMNS);
        assertThat(rows).hasSize(count + 1);
        for (int i = 0; i < count; i++) {
            List<String> row = rows.get(i + 1);
            JsonNode record = records.get(i);
            for (int column = 0; column < AuditEntry.COLUMNS.size() - 1; column++) {
                assertThat(row.get(column)).as("row %d column %s", i, AuditEntry.COLUMNS.get(column))
                        .isEqualTo(record.get(AuditEntry.COLUMNS.get(column)).asText());
            }
            assertThat(AuditHttp.JSON.readTree(row.get(AuditEntry.COLUMNS.size() - 1))).isEqualTo(record.get("data"));
        }
        assertThat(auditorCsv.body()).isEqualTo(csv.body());

        Scenario s = scenario();
        List<JsonNode> userExport = new ArrayList<>();
        for (String line : expect(200, admin(http.get("/api/audit/export?user=" + s.user())).send()).body()
                .split("\n")) {
            userExport.add(AuditHttp.JSON.readTree(line));
        }
        assertThat(userExport).isEqualTo(entries(admin(http.get("/api/admin/users/" + s.user() + "/history")).send()));
    }

    private List<JsonNode> feed(String query) {
        return entries(expect(200, admin(http.get("/api/audit/events?size=500&" + query)).send()).json().get("events"));
    }

    private static List<JsonNode> entries(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return entries(response.json());
    }

    private static List<JsonNode> entries(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** Stand-alone events (logins, refusals) reach the audit index shortly after they are stored. */
    private static List<JsonNode> awaitEntries(Supplier<Response> request, int expected) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Response response = request.get();
            List<JsonNode> entries = response.status() == 200 ? entries(response) : List.of();
            if (entries.size() >= expected || System.nanoTime() > deadline) {
                return entries;
            }
            sleep();
        }
    }

    private void awaitFeedSize(String query, int size) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (expect(200, admin(http.get("/api/audit/events?" + query)).send()).json().get("events").size() < size) {
            assertThat(System.nanoTime()).as("indexed in time: " + query).isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertStrictlyIncreasingAndComplete(List<JsonNode> entries) {
        long previous = -1;
        for (JsonNode entry : entries) {
            long sequence = entry.get("sequence").asLong();
            assertThat(sequence).as("oldest first").isGreaterThan(previous);
            previous = sequence;
            for (String field : List.of("time", "type", "actor", "source", "userAgent", "authMethod",
                    "correlationId")) {
                assertThat(entry.hasNonNull(field)).as("%s of %s", field, entry).isTrue();
            }
            assertThat(entry.get("data").isObject()).isTrue();
            Instant.parse(entry.get("time").asText());
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return AuditHttp.JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
