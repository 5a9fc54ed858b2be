package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.DirectoryTestServer.with;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * People from a real Active Directory (a Samba AD domain controller): Active Directory's defaults (the base DN read
 * from the domain, sAMAccountName, userPrincipalName and DOMAIN\name all accepted, thumbnailPhoto), a disabled account
 * refused, plain binds refused by the DC as a real one does, and a person disabled later losing their devices at the
 * next synchronisation.
 */
class ActiveDirectoryTest {

    private static SambaAdServer ad;
    private static DirectoryTestServer server;
    private static Credentials ADMIN;
    private static JamsClient client;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startDomainControllerAndServer() {
        ad = SambaAdServer.shared();
        server = DirectoryTestServer.start("ad", "0s");
        ADMIN = server.admin;
        client = server.client;
        jdbc = server.jdbc;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void overLdaps() {
        Response saved = client.post("/api/setup/directory").as(ADMIN).json(json(ldaps())).send();
        assertThat(saved.status()).as("%s", saved).isEqualTo(201);
    }

    @Test
    void activeDirectorysDefaultsNeedOnlyTheHostTheDomainAndTheReader() {
        JsonNode shown = client.get("/api/setup/directory").as(ADMIN).send().json();
        assertThat(shown.get("type").asText()).isEqualTo("ad");
        assertThat(shown.get("url").asText()).isEqualTo("ldaps://127.0.0.1:636");
        assertThat(shown.get("userBaseDn").asText()).as("read from the domain").isEqualToIgnoringCase(
                SambaAdServer.BASE_DN);
        assertThat(shown.get("attributes").get("username").asText()).isEqualTo("sAMAccountName");
        assertThat(shown.get("attributes").get("photo").asText()).isEqualTo("thumbnailPhoto");
        assertThat(shown.toString()).doesNotContain(SambaAdServer.READER_PASSWORD);

        JsonNode plain = server.check(with(with(ldaps(), "ssl", false), "port", 389));
        assertThat(plain.get("failure").asText()).as("%s", plain).isEqualTo("bind_refused");
        assertThat(plain.get("message").asText()).contains("TLS");
        JsonNode startTls = server.check(with(with(with(ldaps(), "ssl", false), "port", 389), "startTls", true));
        assertThat(startTls.get("ok").asBoolean()).as("%s", startTls).isTrue();
        assertThat(server.check(with(ldaps(), "bindPassword", "Wrong-Pass-1!")).get("failure").asText())
                .isEqualTo("bind_refused");
    }

    @Test
    void aPersonSignsInBySamAccountNameUserPrincipalNameOrDomainName() {
        Response enrolled = server.enroll("alice@example.test", SambaAdServer.ALICE_PASSWORD);
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        assertThat(enrolled.json().get("Account.displayName").asText()).isEqualTo("Alice Anderson");
        assertThat(Base64.getDecoder().decode(enrolled.json().get("userPhoto").asText()))
                .isEqualTo(OpenLdapServer.PHOTO);
        assertThat(jdbc.queryForMap("SELECT display_name, source, password_hash FROM users WHERE username = 'alice'"))
                .containsEntry("display_name", "Alice Anderson").containsEntry("source", "ad")
                .containsEntry("password_hash", "");
        assertThat(jdbc.queryForObject("SELECT array_to_string(directory_groups, '|') FROM users"
                + " WHERE username = 'alice'", String.class)).as("memberOf").isEqualToIgnoringCase(
                "CN=developers," + SambaAdServer.USERS_DN);
        for (String login : new String[] {"alice", "ALICE", "alice@EXAMPLE.TEST", "EXAMPLE\\alice", "example\\alice"}) {
            Response token = client.post("/api/login").basic(login, SambaAdServer.ALICE_PASSWORD).send();
            assertThat(token.status()).as("%s: %s", login, token).isEqualTo(200);
            assertThat(token.json().get("scope").asText()).isEqualTo("USER");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE source = 'ad' AND username LIKE '%alice%'",
                Long.class)).as("one person whatever they typed").isEqualTo(1);
        server.refused(403, "invalid_credentials",
                () -> client.post("/api/login").basic("alice", "Wrong-Pass-1!").send());
        server.refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("OTHER\\alice", SambaAdServer.ALICE_PASSWORD).send());
        server.refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("alice*", SambaAdServer.ALICE_PASSWORD).send());
    }

    @Test
    void membershipOfAnActiveDirectoryGroupDecidesTheBlueprint() {
        SetupSteps.login(client, "alice", SambaAdServer.ALICE_PASSWORD, "USER");
        Response created = client.post("/api/admin/blueprints").as(ADMIN).json(json("name", "ad-developers",
                "settings", Map.of("Account.upnpEnabled", "false"))).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String dn = "cn=developers," + SambaAdServer.USERS_DN.toLowerCase();
        Response attached = client.put("/api/admin/groups/" + JamsClient.query(dn) + "/blueprint").as(ADMIN)
                .json(json("blueprint", "ad-developers", "precedence", 7)).send();
        assertThat(attached.status()).as("%s", attached).isEqualTo(200);
        Response settings = client.get("/api/admin/users/alice/settings").as(ADMIN).send();
        assertThat(settings.json().get("settings").get("Account.upnpEnabled").asText()).as("%s", settings)
                .isEqualTo("false");
        assertThat(settings.json().get("sources").get("Account.upnpEnabled").get("group").asText()).isEqualTo(dn);
    }

    @Test
    void aDisabledAccountCannotSignInOrEnroll() {
        server.refused(403, "invalid_credentials", () -> client.post("/api/login")
                .basic("carol", SambaAdServer.CAROL_PASSWORD).send());
        server.refused(401, null, () -> server.enroll("carol@example.test", SambaAdServer.CAROL_PASSWORD));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = 'carol'", Long.class)).isZero();
    }

    @Test
    void aPersonDisabledLaterLosesTheirDevicesAtTheNextSynchronisation() {
        Response enrolled = server.enroll("bob", SambaAdServer.BOB_PASSWORD);
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        ad.tool("user", "disable", "bob");
        try {
            server.refused(403, "invalid_credentials", () -> client.post("/api/login")
                    .basic("bob", SambaAdServer.BOB_PASSWORD).send());
            JsonNode run = server.synchronise();
            assertThat(run.get("state").asText()).as("%s", run).isEqualTo("FINISHED");
            assertThat(run.get("disabled").asInt()).as("%s", run).isEqualTo(1);
            assertThat(run.get("devicesRevoked").asInt()).isEqualTo(1);
            assertThat(jdbc.queryForMap("SELECT status, revoke_reason FROM devices WHERE username = 'bob'"))
                    .containsEntry("status", "REVOKED")
                    .containsEntry("revoke_reason", "person disabled in the directory");
            assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'bob'", String.class))
                    .isEqualTo("DISABLED");
        } finally {
            ad.tool("user", "enable", "bob");
        }
        SetupSteps.login(client, "bob", SambaAdServer.BOB_PASSWORD, "USER");
        assertThat(jdbc.queryForObject("SELECT status FROM users WHERE username = 'bob'", String.class))
                .as("enabled again by the directory").isEqualTo("ACTIVE");
    }

    private static Map<String, Object> ldaps() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", "ad");
        settings.put("host", "127.0.0.1");
        settings.put("port", 636);
        settings.put("ssl", true);
        settings.put("domain", SambaAdServer.DOMAIN);
        settings.put("bindDn", SambaAdServer.READER_DN);
        settings.put("bindPassword", SambaAdServer.READER_PASSWORD);
        settings.put("trustedCertificate", ad.caPem());
        return settings;
    }
}
