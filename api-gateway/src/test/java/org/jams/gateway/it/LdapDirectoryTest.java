package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.DirectoryTestServer.with;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * People from a real OpenLDAP server: the settings check says precisely what fails, saved settings keep the bind
 * password sealed, a directory person enrolls and signs in with the directory's password over plain LDAP, StartTLS
 * and ldaps, injection attempts find and store nothing, and a directory that is down or frozen is a 503 within its
 * timeout while admins still sign in.
 */
class LdapDirectoryTest {

    private static OpenLdapServer ldap;
    private static DirectoryTestServer server;
    private static Credentials ADMIN;
    private static JamsClient client;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startDirectoryAndServer() {
        ldap = OpenLdapServer.start();
        server = DirectoryTestServer.start("ldap", "500ms");
        ADMIN = server.admin;
        client = server.client;
        jdbc = server.jdbc;
        // No periodic synchronisation is due until a test makes one due.
        jdbc.update("INSERT INTO directory_sync_run (id, finished_at) VALUES (1, now())");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @BeforeEach
    void plainLdap() {
        server.configure(plain());
    }

    @Test
    void theCheckSaysPreciselyWhatFailsAndSavesNothing() {
        JsonNode ok = server.check(plain());
        assertThat(ok.get("ok").asBoolean()).as("%s", ok).isTrue();
        assertThat(ok.get("peopleFound").asInt()).as("alice, bob, the odd one, and those tests add")
                .isGreaterThanOrEqualTo(3);
        assertCheckFails(with(plain(), "bindPassword", "wrong"), "bind_refused");
        assertCheckFails(with(plain(), "bindDn", "cn=nobody,ou=services," + OpenLdapServer.BASE_DN), "bind_refused");
        assertCheckFails(with(plain(), "userBaseDn", "ou=nowhere," + OpenLdapServer.BASE_DN), "base_dn_not_found");
        assertCheckFails(with(plain(), "userFilter", "(employeeNumber={0})"), "no_user_matches");
        assertCheckFails(with(plain(), "url", "ldap://127.0.0.1:1"), "cannot_connect");
        assertCheckFails(with(plain(), "url", ldap.tlsUrl()), "tls_failed"); // the JVM does not trust the test CA
        assertCheckFails(with(plain(), "startTls", true), "tls_failed");
        assertThat(server.check(with(with(plain(), "url", ldap.tlsUrl()), "trustedCertificate", ldap.caPem()))
                .get("ok").asBoolean()).isTrue();
        assertThat(server.check(with(with(plain(), "startTls", true), "trustedCertificate", ldap.caPem()))
                .get("ok").asBoolean()).isTrue();

        // Settings no directory could take never reach the network.
        assertError(client.post("/api/setup/directory/test").as(ADMIN).json(json(with(plain(), "url",
                "http://127.0.0.1:80"))).send(), 400, "invalid_url");
        assertError(client.post("/api/setup/directory/test").as(ADMIN).json(json(with(plain(), "userFilter",
                "uid={0}"))).send(), 400, "invalid_userFilter");
        assertError(client.post("/api/setup/directory/test").as(ADMIN).json(json(with(plain(), "bindPassword", 42)))
                .send(), 400, null);
        assertError(client.post("/api/setup/directory/test").as(ADMIN).json(json(with(plain(), "bindDn", null)))
                .send(), 400, "missing_bindDn");
        assertError(client.post("/api/setup/directory/test").json(json(plain())).send(), 401, null);
        assertThat(client.get("/api/setup/directory").as(ADMIN).send().json().get("url").asText())
                .isEqualTo(ldap.url());
    }

    @Test
    void savedSettingsKeepTheBindPasswordSealedAndAWrongOneIsRefused() {
        Response saved = client.post("/api/setup/directory").as(ADMIN).json(json(plain())).send();
        assertThat(saved.status()).as("%s", saved).isEqualTo(201);
        assertThat(saved.body()).doesNotContain(OpenLdapServer.BIND_PASSWORD);
        assertThat(saved.json().get("bindPasswordSet").asBoolean()).isTrue();
        JsonNode shown = client.get("/api/setup/directory").as(ADMIN).send().json();
        assertThat(shown.get("type").asText()).isEqualTo("ldap");
        assertThat(shown.get("userFilter").asText()).isEqualTo("(uid={0})");
        assertThat(shown.get("attributes").get("displayName").asText()).isEqualTo("cn");
        assertThat(shown.toString()).doesNotContain(OpenLdapServer.BIND_PASSWORD);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%ExternalDirectoryConfiguredEvent' AND convert_from(payload, 'UTF8') LIKE ?", Long.class,
                "%" + OpenLdapServer.BIND_PASSWORD + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%ExternalDirectoryConfiguredEvent'", Long.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT sealed_bind_password FROM directory_config", String.class))
                .isNotBlank().doesNotContain(OpenLdapServer.BIND_PASSWORD);

        server.refused(400, "directory_bind_refused", () -> client.post("/api/setup/directory").as(ADMIN)
                .json(json(with(plain(), "bindPassword", "wrong"))).send());

        // Other settings change without typing the bind password again, as long as url and bindDn stay.
        Map<String, Object> keepingThePassword = with(with(plain(), "bindPassword", null), "readTimeoutMillis", 4000);
        Response changed = client.post("/api/setup/directory").as(ADMIN).json(json(keepingThePassword)).send();
        assertThat(changed.status()).as("%s", changed).isEqualTo(201);
        assertThat(changed.json().get("readTimeoutMillis").asInt()).isEqualTo(4000);
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        server.refused(400, "missing_bindPassword", () -> client.post("/api/setup/directory").as(ADMIN).json(json(
                with(
                keepingThePassword, "bindDn", "cn=admin," + OpenLdapServer.BASE_DN))).send());
        assertThat(jdbc.queryForObject("SELECT settings->>'url' FROM directory_config", String.class))
                .isEqualTo(ldap.url());
    }

    @Test
    void aDirectoryPersonEnrollsAndSignsInWithTheDirectorysPassword() {
        Response enrolled = server.enroll(OpenLdapServer.ALICE.uid(), OpenLdapServer.ALICE.password());
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        assertThat(enrolled.json().get("certificateChain").asText()).contains("BEGIN CERTIFICATE");
        assertThat(enrolled.json().get("Account.displayName").asText()).isEqualTo("Alice Anderson");
        assertThat(java.util.Base64.getDecoder().decode(enrolled.json().get("userPhoto").asText()))
                .isEqualTo(OpenLdapServer.PHOTO);
        assertThat(server.enroll("bob", OpenLdapServer.BOB.password()).json().has("userPhoto")).as("bob has none")
                .isFalse();
        Map<String, Object> alice = jdbc.queryForMap("SELECT display_name, source, password_hash FROM users"
                + " WHERE username = 'alice'");
        assertThat(alice).containsEntry("display_name", "Alice Anderson").containsEntry("source", "ldap")
                .containsEntry("password_hash", "");
        assertThat(jdbc.queryForObject("SELECT array_to_string(directory_groups, '|') FROM users"
                + " WHERE username = 'alice'", String.class)).as("memberOf, under groupBaseDn only")
                .isEqualTo(OpenLdapServer.DEVELOPERS_DN);
        SetupSteps.login(client, "ALICE", OpenLdapServer.ALICE.password(), "USER");
        assertThat(server.enroll("alice", OpenLdapServer.ALICE.password()).status()).as("a second device")
                .isEqualTo(200);

        server.refused(401, null, () -> server.enroll("alice", "wrong-password"));
        server.refused(403, "invalid_credentials",
                () -> client.post("/api/login").basic("alice", "wrong-password").send());
        // An empty password would be an anonymous bind, which LDAP servers accept.
        server.refused(403, "invalid_credentials", () -> client.post("/api/login").basic("alice", "").send());
        server.refused(403, "unusable_username", () -> client.post("/api/login")
                .basic(OpenLdapServer.ODD.uid(), OpenLdapServer.ODD.password()).send());
    }

    @Test
    void theDevicesSearchAsksTheDirectoryForNamesAndPhotosAndListsPeopleWithAJamiAccount() {
        String token = SetupSteps.login(client, "alice", OpenLdapServer.ALICE.password(), "USER");
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        String aliceId = jdbc.queryForObject("SELECT jami_id FROM users WHERE username = 'alice'", String.class);
        JsonNode found = search(token, "ander");
        assertThat(found.get("profiles")).hasSize(1);
        JsonNode alice = found.get("profiles").get(0);
        assertThat(alice.get("id").asText()).isEqualTo(aliceId);
        assertThat(alice.get("username").asText()).isEqualTo("alice");
        assertThat(alice.get("firstName").asText()).isEqualTo("Alice");
        assertThat(alice.get("lastName").asText()).isEqualTo("Anderson");
        assertThat(Base64.getDecoder().decode(alice.get("profilePicture").asText())).isEqualTo(OpenLdapServer.PHOTO);
        assertThat(search(token, "bob brown").get("profiles")).extracting(p -> p.get("username").asText())
                .containsExactly("bob");
        // In the directory, but never signed in here: no Jami account to add as a contact.
        ldap.modify(person("hugo", "Hugo Hill", "hugo-secret"));
        assertThat(search(token, "hugo").get("profiles")).isEmpty();
        for (String attempt : List.of("*", ")(", "\\00", "*)(uid=*)(|(uid=*", "admin)(|(objectClass=*", "al*ce")) {
            assertThat(search(token, attempt).get("profiles")).as(attempt).isEmpty();
        }
    }

    private static JsonNode search(String token, String text) {
        Response response = client.get("/api/auth/directory/search?queryString=" + JamsClient.query(text))
                .bearer(token).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    @Test
    void concurrentFirstSignInsOfOnePersonRegisterThemOnce() throws Exception {
        ldap.modify(person("kim", "Kim Kang", "kim-secret"));
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Response>> logins = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                logins.add(callers.submit(() -> client.post("/api/login").basic("kim", "kim-secret").send()));
            }
            for (java.util.concurrent.Future<Response> login : logins) {
                assertThat(login.get().status()).as("%s", login.get()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'kim'"
                + " AND payloadtype LIKE '%UserRegisteredEvent'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'kim'"
                + " AND payloadtype LIKE '%DirectoryProfileChangedEvent'", Long.class)).isEqualTo(1);
    }

    @Test
    void peopleSignInOverStartTlsAndLdaps() {
        server.configure(with(with(plain(), "url", ldap.tlsUrl()), "trustedCertificate", ldap.caPem()));
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        server.refused(403, "invalid_credentials", () -> client.post("/api/login").basic("bob", "nope").send());
        server.configure(with(with(plain(), "startTls", true), "trustedCertificate", ldap.caPem()));
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        assertThat(jdbc.queryForObject("SELECT source FROM users WHERE username = 'bob'", String.class))
                .isEqualTo("ldap");
    }

    @Test
    void injectionAttemptsFindNothingAndStoreNothing() {
        long users = jdbc.queryForObject("SELECT count(*) FROM users", Long.class);
        for (String login : List.of("*", ")(", "\\00", "*)(uid=*)(|(uid=*", "admin)(|(objectClass=*", "alice)(uid=*",
                "al*", "*)(|(objectClass=*", "readonly-bot", OpenLdapServer.BIND_DN)) {
            for (String password : List.of("*", OpenLdapServer.ALICE.password(), OpenLdapServer.BIND_PASSWORD)) {
                server.refused(403, "invalid_credentials",
                        () -> client.post("/api/login").basic(login, password).send());
            }
            server.refused(401, null, () -> server.enroll(login, OpenLdapServer.ALICE.password()));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(users);
    }

    @Test
    void aDirectoryThatIsDownOrFrozenIsA503WithinItsTimeoutAndAdminsStillSignIn() {
        server.configure(with(with(plain(), "connectTimeoutMillis", 1000), "readTimeoutMillis", 1500));
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        ldap.stop();
        try {
            assertUnavailableWithin(Duration.ofSeconds(3));
            SetupSteps.login(client, ADMIN.username(), ADMIN.password(), "ADMIN");
        } finally {
            ldap.restart();
        }
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        ldap.freeze();
        try {
            assertUnavailableWithin(Duration.ofSeconds(4));
            SetupSteps.login(client, ADMIN.username(), ADMIN.password(), "ADMIN");
        } finally {
            ldap.thaw();
        }
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
    }

    @Test
    void aPersonRemovedFromTheDirectoryCannotSignInAgain() {
        ldap.modify(person("dave", "Dave Davis", "dave-secret"));
        SetupSteps.login(client, "dave", "dave-secret", "USER");
        ldap.modify("dn: uid=dave," + OpenLdapServer.PEOPLE_DN + "\nchangetype: delete\n");
        server.refused(403, "invalid_credentials",
                () -> client.post("/api/login").basic("dave", "dave-secret").send());
    }

    @Test
    void aPersonRemovedFromTheDirectoryLosesTheirDevicesAtTheNextPeriodicSynchronisation() {
        ldap.modify(person("erin", "Erin Evans", "erin-secret"));
        Response enrolled = server.enroll("erin", "erin-secret");
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        String deviceId = jdbc.queryForObject("SELECT device_id FROM devices WHERE username = 'erin'", String.class);
        String token = SetupSteps.login(client, "erin", "erin-secret", "USER");
        assertThat(sync().get("devicesRevoked").asInt()).as("everyone is still there").isZero();
        String beforeRemoval = java.time.Instant.now().toString();

        ldap.modify("dn: uid=erin," + OpenLdapServer.PEOPLE_DN + "\nchangetype: delete\n");
        server.refused(401, null, () -> server.enroll("erin", "erin-secret"));
        // The last run was a while ago: the next periodic check (every 500 ms here) finds a run due.
        jdbc.update("UPDATE directory_sync_run SET finished_at = now() - interval '16 minutes'");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "REVOKED".equals(
                jdbc.queryForObject("SELECT status FROM devices WHERE device_id = ?", String.class, deviceId)));
        // The run records when it finished once its revocations are done.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "SELECT finished_at > now() - interval '1 minute' FROM directory_sync_run", Boolean.class));
        assertThat(jdbc.queryForMap("SELECT status, revoke_reason FROM devices WHERE device_id = ?", deviceId))
                .containsEntry("status", "REVOKED").containsEntry("revoke_reason", "person removed from the directory");
        String history = client.get("/api/admin/devices/" + deviceId + "/history").as(ADMIN).send().body();
        assertThat(history).contains("person removed from the directory").contains("directory-sync");
        assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'erin'", String.class))
                .isEqualTo("DISABLED");
        assertThat(client.get("/api/admin/users/erin/history").as(ADMIN).send().body())
                .contains("UserDisabledEvent").contains("person removed from the directory");
        // A token given before is refused from then on.
        assertError(client.get("/api/auth/directory/search?queryString=erin").bearer(token).send(), 401, null);
        // The state as of a moment: disabled now, active before.
        JsonNode now = client.get("/api/audit/as-of?user=erin&at=" + JamsClient.query(java.time.Instant.now()
                .toString())).as(ADMIN).send().json();
        assertThat(now.get("status").asText()).as("%s", now).isEqualTo("DISABLED");
        assertThat(now.get("disableReason").asText()).isEqualTo("person removed from the directory");
        assertThat(now.get("validDevices")).isEmpty();
        JsonNode before = client.get("/api/audit/as-of?user=erin&at=" + JamsClient.query(beforeRemoval)).as(ADMIN)
                .send().json();
        assertThat(before.get("status").asText()).as("%s", before).isEqualTo("ACTIVE");
        assertThat(before.get("validDevices")).hasSize(1);
        // Back in the directory: enabled again at their next sign-in.
        ldap.modify(person("erin", "Erin Evans", "erin-secret"));
        SetupSteps.login(client, "erin", "erin-secret", "USER");
        assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'erin'", String.class))
                .isEqualTo("ACTIVE");
        assertThat(client.get("/api/admin/users/erin/history").as(ADMIN).send().body()).contains("UserEnabledEvent");
        assertThat(sync().get("devicesRevoked").asInt()).as("a second run finds nothing more to do").isZero();
    }

    @Test
    void whatTheDirectorySaysAboutAPersonIsRecordedWhenItChangesThePhotoByItsDigest() {
        ldap.modify(person("ivan", "Ivan Ito", "ivan-secret"));
        SetupSteps.login(client, "ivan", "ivan-secret", "USER");
        String changes = "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'ivan'"
                + " AND payloadtype LIKE '%DirectoryProfileChangedEvent'";
        assertThat(jdbc.queryForObject(changes, Long.class)).as("the first profile seen").isEqualTo(1);
        SetupSteps.login(client, "ivan", "ivan-secret", "USER");
        assertThat(sync().get("profilesUpdated").asInt()).as("nothing changed").isZero();
        assertThat(jdbc.queryForObject(changes, Long.class)).isEqualTo(1);

        ldap.modify("dn: uid=ivan," + OpenLdapServer.PEOPLE_DN + "\nchangetype: modify\nreplace: cn\ncn: Ivan Ivanov\n"
                + "-\nreplace: mail\nmail: ivan@example.org\n-\nreplace: jpegPhoto\njpegPhoto:: "
                + Base64.getEncoder().encodeToString(OpenLdapServer.PHOTO) + "\n");
        assertThat(sync().get("profilesUpdated").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT display_name, email, photo_sha256 FROM users WHERE username = 'ivan'"))
                .containsEntry("display_name", "Ivan Ivanov").containsEntry("email", "ivan@example.org")
                .containsEntry("photo_sha256", sha256(OpenLdapServer.PHOTO));
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = 'ivan' AND payloadtype LIKE '%DirectoryProfileChangedEvent'"
                + " ORDER BY sequencenumber DESC LIMIT 1", String.class);
        assertThat(payload).contains(sha256(OpenLdapServer.PHOTO))
                .doesNotContain(Base64.getEncoder().encodeToString(OpenLdapServer.PHOTO).substring(0, 40));
        assertThat(client.get("/api/admin/users/ivan/history").as(ADMIN).send().body())
                .contains("DirectoryProfileChangedEvent").contains("Ivan Ivanov");
        // Put in a group: recorded by the next run, as the group's DN.
        ldap.modify("dn: " + OpenLdapServer.DEVELOPERS_DN + "\nchangetype: modify\nadd: member\nmember: uid=ivan,"
                + OpenLdapServer.PEOPLE_DN + "\n");
        assertThat(sync().get("profilesUpdated").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT array_to_string(directory_groups, '|') FROM users"
                + " WHERE username = 'ivan'", String.class)).isEqualTo(OpenLdapServer.DEVELOPERS_DN);
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = 'ivan' AND payloadtype LIKE '%DirectoryProfileChangedEvent'"
                + " ORDER BY sequencenumber DESC LIMIT 1", String.class)).contains(OpenLdapServer.DEVELOPERS_DN);
    }

    private static String sha256(byte[] bytes) throws RuntimeException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutRevokeDevicesOfDisabledUsersTheSynchronisationOnlyReports() {
        ldap.modify(person("gina", "Gina Green", "gina-secret"));
        assertThat(server.enroll("gina", "gina-secret").status()).isEqualTo(200);
        server.configure(with(plain(), "revokeDevicesOfDisabledUsers", false));
        assertThat(client.get("/api/setup/directory").as(ADMIN).send().json().get("revokeDevicesOfDisabledUsers")
                .asBoolean()).isFalse();
        ldap.modify("dn: uid=gina," + OpenLdapServer.PEOPLE_DN + "\nchangetype: delete\n");
        JsonNode run = sync();
        assertThat(run.get("removed").asInt()).as("%s", run).isPositive();
        assertThat(run.get("devicesRevoked").asInt()).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM devices WHERE username = 'gina'", String.class))
                .isEqualTo("ACTIVE");
    }

    @Test
    void aSynchronisationThatWouldRevokeEveryoneRevokesNothing() {
        ldap.modify(person("frank", "Frank Fox", "frank-secret"));
        SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
        Response enrolled = server.enroll("bob", OpenLdapServer.BOB.password());
        assertThat(enrolled.status()).isEqualTo(200);
        long active = jdbc.queryForObject("SELECT count(*) FROM devices WHERE status = 'ACTIVE'", Long.class);
        long disabled = jdbc.queryForObject("SELECT count(*) FROM users WHERE status = 'DISABLED'", Long.class);
        server.configure(with(plain(), "userFilter", "(&(uid={0})(cn=Frank Fox))")); // finds only frank, who never came
        JsonNode run = sync();
        assertThat(run.get("state").asText()).as("%s", run).isEqualTo("HELD_BACK");
        assertThat(run.get("message").asText()).contains("no one was disabled");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE status = 'DISABLED'", Long.class))
                .isEqualTo(disabled);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE status = 'ACTIVE'", Long.class))
                .isEqualTo(active);
    }

    @Test
    void theSynchronisationPagesPastTheDirectorysSizeLimitAndAdminsFollowItsProgress() {
        // More people than one search of the read-only account may return, and a known person listed after them.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < OpenLdapServer.SIZE_LIMIT * 3; i++) {
            many.append(person(String.format("paged%03d", i), "Paged Person" + i, "paged-secret")).append('\n');
        }
        ldap.modify(many.toString());
        ldap.modify(person("yara", "Yara Young", "yara-secret"));
        SetupSteps.login(client, "yara", "yara-secret", "USER");
        long known = jdbc.queryForObject("SELECT count(*) FROM users WHERE source = 'ldap' AND status <> 'REVOKED'",
                Long.class);

        JsonNode run = sync();
        assertThat(run.get("state").asText()).as("%s", run).isEqualTo("FINISHED");
        assertThat(run.get("scanned").asInt()).as("every entry, past the size limit").isGreaterThan(
                OpenLdapServer.SIZE_LIMIT * 3);
        assertThat(run.get("checked").asLong()).isEqualTo(known);
        assertThat(run.get("startedBy").asText()).isEqualTo(ADMIN.username());
        assertThat(run.get("finishedAt").asText()).isNotEmpty();
        assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'yara'", String.class))
                .isEqualTo("ACTIVE");

        // A run whose directory stops answering: followed while it waits, a second one refused, and no one disabled.
        server.configure(with(plain(), "readTimeoutMillis", 1500));
        ldap.freeze();
        try {
            Response started = client.post("/api/admin/directory/sync").as(ADMIN).send();
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            assertThat(started.json().get("state").asText()).isEqualTo("RUNNING");
            long number = started.json().get("run").asLong();
            assertThat(number).isEqualTo(run.get("run").asLong() + 1);
            JsonNode running = client.get("/api/admin/directory/sync").as(ADMIN).send().json();
            assertThat(running.get("state").asText()).as("%s", running).isEqualTo("RUNNING");
            assertThat(running.get("finishedAt").isNull()).isTrue();
            assertError(client.post("/api/admin/directory/sync").as(ADMIN).send(), 409, "sync_running");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !"RUNNING".equals(
                    client.get("/api/admin/directory/sync").as(ADMIN).send().json().get("state").asText()));
        } finally {
            ldap.thaw();
        }
        JsonNode failed = client.get("/api/admin/directory/sync").as(ADMIN).send().json();
        assertThat(failed.get("state").asText()).as("%s", failed).isEqualTo("FAILED");
        assertThat(failed.get("message").asText()).contains("did not answer within 1500 ms")
                .contains("No one was disabled");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE status = 'DISABLED' AND username = 'yara'",
                Long.class)).isZero();
        assertThat(sync().get("state").asText()).as("the directory answers again").isEqualTo("FINISHED");
    }

    @Test
    void anAdminLookingUpADirectoryPersonMakesThemKnownAndAnAuditorDoesNot() {
        ldap.modify(person("lena", "Lena Lund", "lena-secret"));
        Response created = client.post("/api/admin/auditors").as(ADMIN)
                .json(json("username", "ldap-auditor", "password", "auditor-password-1")).send();
        assertThat(created.status()).as("%s", created).isIn(201, 409);
        Credentials auditor = new Credentials("ldap-auditor", "auditor-password-1");
        server.refused(404, "user_not_found", () -> client.get("/api/admin/users/lena").as(auditor).send());

        Response found = client.get("/api/admin/users/Lena").as(ADMIN).send();
        assertThat(found.status()).as("%s", found).isEqualTo(200);
        assertThat(found.json().get("username").asText()).isEqualTo("lena");
        assertThat(found.json().get("source").asText()).isEqualTo("ldap");
        assertThat(found.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(found.json().get("displayName").asText()).isEqualTo("Lena Lund");
        assertThat(found.json().get("jamiId").asText()).hasSize(40);
        String history = client.get("/api/admin/users/lena/history").as(ADMIN).send().body();
        assertThat(history).contains("UserRegisteredEvent").contains("DirectoryProfileChangedEvent")
                .contains(ADMIN.username());
        assertThat(client.get("/api/admin/users/lena").as(ADMIN).send().status()).as("known now").isEqualTo(200);
        SetupSteps.login(client, "lena", "lena-secret", "USER");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'lena'"
                + " AND payloadtype LIKE '%UserRegisteredEvent'", Long.class)).isEqualTo(1);

        server.refused(404, "user_not_found", () -> client.get("/api/admin/users/nobody-here").as(ADMIN).send());
        for (String attempt : List.of("*", "l*", "lena)(uid=*", "*)(|(uid=*")) {
            server.refused(404, "user_not_found", () -> client.get("/api/admin/users/" + JamsClient.query(attempt))
                    .as(ADMIN).send());
        }
        server.configure(with(with(plain(), "connectTimeoutMillis", 1000), "readTimeoutMillis", 1500));
        ldap.freeze();
        try {
            server.refused(503, "directory_unavailable", () -> client.get("/api/admin/users/mona").as(ADMIN).send());
            assertThat(client.get("/api/admin/users/lena").as(ADMIN).send().status()).as("known: no directory needed")
                    .isEqualTo(200);
        } finally {
            ldap.thaw();
        }
    }

    @Test
    void theAdminListShowsTheDirectorysPeopleAndWhetherTheyAreKnownHere() {
        ldap.modify(person("nora", "Nora Nash", "nora-secret"));
        ldap.modify(person("omar", "Omar Nash", "omar-secret"));
        SetupSteps.login(client, "omar", "omar-secret", "USER");
        SetupSteps.createUser(client, ADMIN, "nash-local", "Local Nash");

        JsonNode page = client.get("/api/admin/users?q=nash").as(ADMIN).send().json();
        assertThat(page.get("users")).extracting(user -> user.get("username").asText() + " "
                + user.get("source").asText() + " " + user.get("status").asText())
                .containsExactly("nash-local local ACTIVE", "nora ldap NOT_REGISTERED", "omar ldap ACTIVE");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        assertThat(page.get("users").get(1).get("displayName").asText()).isEqualTo("Nora Nash");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = 'nora'", Long.class))
                .as("listing registers no one").isZero();
        JsonNode second = client.get("/api/admin/users?q=nash&page=1&size=2").as(ADMIN).send().json();
        assertThat(second.get("users")).extracting(user -> user.get("username").asText()).containsExactly("omar");
        for (String attempt : List.of("*", ")(", "\\00", "*)(uid=*)(|(uid=*", "admin)(|(objectClass=*")) {
            JsonNode none = client.get("/api/admin/users?q=" + JamsClient.query(attempt)).as(ADMIN).send().json();
            assertThat(none.get("total").asLong()).as(attempt).isZero();
        }
    }

    @Test
    void theDirectorysGroupsDecideWhichBlueprintsPeopleGet() {
        SetupSteps.login(client, "alice", OpenLdapServer.ALICE.password(), "USER"); // known here, groups recorded
        ldap.modify(person("quinn", "Quinn Quill", "quinn-secret"));
        SetupSteps.login(client, "quinn", "quinn-secret", "USER");
        Response created = client.post("/api/admin/blueprints").as(ADMIN).json(json("name", "developers-turn",
                "settings", Map.of("TURN.enable", "true", "TURN.server", "turn.example.org:3478"))).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String group = JamsClient.query(OpenLdapServer.DEVELOPERS_DN);
        JsonNode groups = client.get("/api/admin/groups").as(ADMIN).send().json();
        assertThat(groups).anySatisfy(g -> {
            assertThat(g.get("name").asText()).isEqualTo(OpenLdapServer.DEVELOPERS_DN);
            assertThat(g.get("source").asText()).isEqualTo("directory");
        });
        Response attached = client.put("/api/admin/groups/" + group + "/blueprint").as(ADMIN)
                .json(json("blueprint", "developers-turn", "precedence", 5)).send();
        assertThat(attached.status()).as("%s", attached).isEqualTo(200);
        server.refused(409, "directory_group", () -> client.put("/api/admin/groups/" + group + "/members/quinn")
                .as(ADMIN).send());

        assertThat(settingsOf("alice").path("TURN.server").asText()).isEqualTo("turn.example.org:3478");
        assertThat(settingsOf("quinn").has("TURN.server")).as("quinn is in no directory group").isFalse();
        Response enrolled = server.enroll("alice", OpenLdapServer.ALICE.password());
        assertThat(enrolled.json().get("TURN.server").asText()).isEqualTo("turn.example.org:3478");

        // Put in the group in the directory: the next synchronisation records it, and the blueprint follows.
        ldap.modify("dn: " + OpenLdapServer.DEVELOPERS_DN + "\nchangetype: modify\nadd: member\nmember: uid=quinn,"
                + OpenLdapServer.PEOPLE_DN + "\n");
        assertThat(sync().get("profilesUpdated").asInt()).isPositive();
        assertThat(settingsOf("quinn").path("TURN.server").asText()).isEqualTo("turn.example.org:3478");
    }

    @Test
    void anEnrollmentGetsTheBlueprintsOfTheGroupsItsOwnSignInFound() {
        String travellers = "cn=travellers," + OpenLdapServer.GROUPS_DN;
        ldap.modify(person("rosa", "Rosa Ruiz", "rosa-secret"));
        ldap.modify("dn: " + travellers + "\nchangetype: add\nobjectClass: groupOfNames\nmember: "
                + OpenLdapServer.BOB.dn() + "\n");
        try {
            SetupSteps.login(client, "rosa", "rosa-secret", "USER"); // known here, in no group
            SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER"); // the group is known here
            Response created = client.post("/api/admin/blueprints").as(ADMIN).json(json("name", "travellers-turn",
                    "settings", Map.of("TURN.enable", "true", "TURN.server", "turn.travel.example.org:3478"))).send();
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            Response attached = client.put("/api/admin/groups/" + JamsClient.query(travellers) + "/blueprint")
                    .as(ADMIN).json(json("blueprint", "travellers-turn", "precedence", 7)).send();
            assertThat(attached.status()).as("%s", attached).isEqualTo(200);
            assertThat(settingsOf("rosa").has("TURN.server")).isFalse();

            // Into the group in the directory, no synchronisation: the enrollment's own sign-in finds it.
            ldap.modify("dn: " + travellers + "\nchangetype: modify\nadd: member\nmember: uid=rosa,"
                    + OpenLdapServer.PEOPLE_DN + "\n");
            Response enrolled = server.enroll("rosa", "rosa-secret");

            assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
            assertThat(enrolled.json().path("TURN.server").asText()).isEqualTo("turn.travel.example.org:3478");
        } finally {
            ldap.modify("dn: " + travellers + "\nchangetype: delete\n");
        }
    }

    private String bobsGroups() {
        return jdbc.queryForObject("SELECT array_to_string(directory_groups, '|') FROM users WHERE username = 'bob'",
                String.class);
    }

    @Test
    void withoutAGroupsAttributeGroupsAreTheEntriesUnderTheGroupBaseDnThatNameThePerson() {
        // groupOfUniqueNames, which the memberof overlay does not follow: only a search of the groups finds it.
        ldap.modify("dn: cn=auditors," + OpenLdapServer.GROUPS_DN + "\nchangetype: add\n"
                + "objectClass: groupOfUniqueNames\ncn: auditors\nuniqueMember: " + OpenLdapServer.BOB.dn() + "\n");
        try {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("groups", null);
            server.configure(with(plain(), "attributes", attributes));
            assertThat(client.get("/api/setup/directory").as(ADMIN).send().json().get("attributes").has("groups"))
                    .isFalse();
            SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
            // The profile change is projected by a tracking processor: the users row follows the login shortly.
            String expected = "cn=auditors," + OpenLdapServer.GROUPS_DN + "|" + OpenLdapServer.DEVELOPERS_DN;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!expected.equalsIgnoreCase(bobsGroups()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            assertThat(bobsGroups()).isEqualToIgnoringCase(expected);
            // With memberOf again: the overlay does not list groupOfUniqueNames, and the next sign-in records that.
            server.configure(plain());
            SetupSteps.login(client, "bob", OpenLdapServer.BOB.password(), "USER");
            assertThat(jdbc.queryForObject("SELECT array_to_string(directory_groups, '|') FROM users"
                    + " WHERE username = 'bob'", String.class)).isEqualTo(OpenLdapServer.DEVELOPERS_DN);
        } finally {
            ldap.modify("dn: cn=auditors," + OpenLdapServer.GROUPS_DN + "\nchangetype: delete\n");
        }
    }

    private static JsonNode settingsOf(String username) {
        Response response = client.get("/api/admin/users/" + username + "/settings").as(ADMIN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().get("settings");
    }

    private static JsonNode sync() {
        return server.synchronise();
    }

    private static String person(String uid, String name, String password) {
        return "dn: uid=" + uid + "," + OpenLdapServer.PEOPLE_DN + "\nchangetype: add\nobjectClass: inetOrgPerson\n"
                + "uid: " + uid + "\ncn: " + name + "\nsn: " + name.substring(name.indexOf(' ') + 1)
                + "\nuserPassword: " + password + "\n";
    }

    private void assertUnavailableWithin(Duration limit) {
        String newcomer = SetupSteps.unique("nobody");
        for (Credentials person : List.of(new Credentials("bob", OpenLdapServer.BOB.password()),
                new Credentials(newcomer, "x-password"))) {
            long started = System.nanoTime();
            server.refused(503, "directory_unavailable", () -> client.post("/api/login").as(person).send());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within").isLessThan(limit);
            started = System.nanoTime();
            server.refused(503, "directory_unavailable", () -> server.enroll(person.username(), person.password()));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within").isLessThan(limit);
        }
    }

    private static void assertCheckFails(Map<String, Object> settings, String failure) {
        JsonNode answer = server.check(settings);
        assertThat(answer.get("ok").asBoolean()).as("%s", answer).isFalse();
        assertThat(answer.get("failure").asText()).as("%s", answer).isEqualTo(failure);
        assertThat(answer.get("message").asText()).isNotBlank().doesNotContain(OpenLdapServer.BIND_PASSWORD)
                .doesNotContain("Exception");
    }

    private static Map<String, Object> plain() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", "ldap");
        settings.put("url", ldap.url());
        settings.put("bindDn", OpenLdapServer.BIND_DN);
        settings.put("bindPassword", OpenLdapServer.BIND_PASSWORD);
        settings.put("userBaseDn", OpenLdapServer.PEOPLE_DN);
        settings.put("groupBaseDn", OpenLdapServer.GROUPS_DN);
        return settings;
    }
}
