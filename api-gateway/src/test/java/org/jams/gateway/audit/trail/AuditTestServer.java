package org.jams.gateway.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jams.gateway.JamsServer;
import org.jams.gateway.audit.trail.AuditHttp.Response;
import org.jams.gateway.it.TestHomes;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server the audit tests share (one Spring context, one embedded PostgreSQL, for the trail and as-of tests): the
 * real application on a random port, set up once through the README's HTTP steps. Everything the tests do goes
 * through HTTP, so every event carries the audit metadata a real request gives it.
 */
@SpringBootTest(classes = JamsServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"jams.keys.pool-size=2",
                // The second wrong password in a row locks an account: the scenarios lock one quickly.
                "jams.auth.guessing.free-failures=1", "jams.auth.guessing.lock-failures=2",
                "jams.auth.guessing.address-free-failures=10000", "jams.auth.guessing.address-lock-failures=20000",
                // The rebuild test enrolls one person for as long as a rebuild runs: more than the default 20 an hour.
                "jams.enrollment.per-person.max-per-window=0"})
public abstract class AuditTestServer {

    public static final String ADMIN = "audit-admin";
    public static final String ADMIN_PASSWORD = "audit-admin-password";
    public static final String USER_PASSWORD = "user-password-1";

    private static final Path HOME = TestHomes.create("jams-audit-test-");
    private static final Object SETUP_LOCK = new Object();
    private static JsonNode organisationCa;

    @DynamicPropertySource
    static void auditHome(DynamicPropertyRegistry registry) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        registry.add("jams.home", HOME::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected AuditHttp http;

    @BeforeEach
    void connectAndSetUp() {
        http = new AuditHttp(port);
        synchronized (SETUP_LOCK) {
            if (organisationCa == null) {
                expect(201, http.post("/api/setup/admin").json(AuditHttp.json("username", ADMIN, "password",
                        ADMIN_PASSWORD)).send());
                organisationCa = expect(201, admin(http.post("/api/setup/ca")).json(AuditHttp.json("mode", "generate",
                        "commonName", "JAMS Audit Test CA", "validityDays", 3650)).send()).json();
                expect(201, admin(http.post("/api/setup/directory")).json(AuditHttp.json("type", "local")).send());
                expect(201, admin(http.post("/api/setup/settings")).json(AuditHttp.json("deviceLifetimeDays", 365,
                        "userLifetimeDays", 730, "crlLifetimeMinutes", 5, "corsOrigin", "")).send());
            }
        }
    }

    /** The {@code POST /api/setup/ca} answer: certificate, caKeyId, subject, notAfter. */
    protected static JsonNode organisationCa() {
        return organisationCa;
    }

    protected AuditHttp.Call admin(AuditHttp.Call call) {
        return call.basic(ADMIN, ADMIN_PASSWORD);
    }

    protected static Response expect(int status, Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        return response;
    }

    protected JsonNode createUser(String username) {
        return expect(201, admin(http.post("/api/admin/users")).json(AuditHttp.json("username", username,
                "password", USER_PASSWORD, "displayName", "Audit " + username)).send()).json();
    }

    /** Enrolls a new RSA-2048 device key over HTTP with the user's password, as a Jami client does; its device id. */
    protected String enroll(String username, String deviceName) {
        return enroll(username, rsa2048(), deviceName);
    }

    /** Enrolls the device key {@code keys} (again, if it enrolled before: a renewal). */
    protected String enroll(String username, KeyPair keys, String deviceName) {
        expect(200, http.post("/api/auth/device").basic(username, USER_PASSWORD)
                .json(AuditHttp.json("csr", csr(keys, deviceName), "deviceName", deviceName)).send());
        return sha256Hex(keys.getPublic().getEncoded());
    }

    protected String login(String username, String password) {
        return expect(200, http.post("/api/login").basic(username, password).send()).json().get("access_token")
                .asText();
    }

    /** Creates an auditor account through the admin API; returns a bearer token of that auditor. */
    protected String auditorToken(String username) {
        Response created = admin(http.post("/api/admin/auditors")).json(AuditHttp.json("username", username,
                "password", "auditor-password-1")).send();
        assertThat(created.status()).as("%s", created).isIn(201, 409);
        return login(username, "auditor-password-1");
    }

    protected static String unique(String prefix) {
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    protected long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    protected static KeyPair rsa2048() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String csr(KeyPair keys, String name) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=jams-audit-device"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(request);
            }
            return pem.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
