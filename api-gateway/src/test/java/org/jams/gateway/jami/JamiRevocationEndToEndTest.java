package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real Jami daemons, two devices of one person on a local DHT, enrolled once the server has a public URL: their
 * certificates name its OCSP responder, and each asks it (with a nonce, answered good and signed by the account key)
 * about the other when they connect to sync. Once the admin revokes one, the other's next check of it is answered
 * revoked, and the revoked one's login is refused with the 401 the protocol doc gives. jamid must be installed
 * (scripts/jami/install-test-deps.sh): this test never skips.
 */
@SpringBootTest(classes = org.jams.gateway.JamsServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"jams.keys.pool-size=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamiRevocationEndToEndTest {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(90);
    private static final E2eServerFiles FILES = E2eServerFiles.create("jams-e2e-revocation-");
    private static final TestServerPki PKI = FILES.pki;
    private static final String PERSON = "dana";
    private static final String PASSWORD = "revocation-e2e-password";

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        FILES.register(registry);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;

    private DhtNode dht;
    private JamiDaemon laptop;
    private JamiDaemon phone;
    private String base;
    private JamsHttp admin;

    @BeforeAll
    void setUp() {
        assertTrue(JamiDaemon.isInstalled(), "jamid, dbus-daemon, gdbus, dhtnode and unshare must be installed "
                + "(scripts/jami/install-test-deps.sh): this end-to-end test does not skip");
        base = "https://127.0.0.1:" + port;
        JamsHttp.anonymous(PKI.client(), base).post("/api/setup/admin", Map.of("username", "admin", "password",
                "admin-e2e-password")).expect(201);
        admin = JamsHttp.basic(PKI.client(), base, "admin", "admin-e2e-password");
        admin.post("/api/setup/ca", Map.of("mode", "generate", "commonName", "E2E Revocation CA", "validityDays",
                365)).expect(201);
        admin.post("/api/setup/directory", Map.of("type", "local")).expect(201);
        admin.post("/api/setup/settings", Map.of("deviceLifetimeDays", 30, "userLifetimeDays", 60,
                "crlLifetimeMinutes", 5, "corsOrigin", "", "publicUrl", base)).expect(201);
        admin.post("/api/admin/users", Map.of("username", PERSON, "password", PASSWORD, "displayName", "Dana"))
                .expect(201);
        dht = DhtNode.start();
        laptop = JamiDaemon.start(PKI.caFile(), JamiDaemon.canChooseDeviceName() ? "revocation-laptop" : null);
        phone = JamiDaemon.start(PKI.caFile(), JamiDaemon.canChooseDeviceName() ? "revocation-phone" : null);
    }

    @AfterAll
    void stop() {
        for (JamiDaemon daemon : new JamiDaemon[] {laptop, phone}) {
            if (daemon != null) {
                daemon.close(Duration.ofSeconds(3));
            }
        }
        if (dht != null) {
            dht.close();
        }
    }

    @Test
    void aPeerDeviceAsksTheResponderAndIsToldOfARevocation() {
        String laptopAccount = enroll(laptop);
        String phoneAccount = enroll(phone);
        X509Certificate phoneCertificate = deviceCertificate(phone, phoneAccount);
        assertTrue(namesResponder(phoneCertificate, base + "/api/ocsp"), "the phone's certificate names the OCSP "
                + "responder");
        String phoneDeviceId = KeyIds.sha256Id(phoneCertificate.getPublicKey());

        // Each device syncs with the other over a TLS connection, and checks the other's certificate first.
        laptop.client().addContact(laptopAccount, someJamiId("a contact, to start a sync"));
        phone.client().addContact(phoneAccount, someJamiId("another contact, to start a sync"));
        await("a device asking the responder, with a nonce, about the other", () -> answers("good", true) > 0,
                laptop, phone);

        Instant revokedAt = Instant.now();
        admin.delete("/api/admin/devices/" + phoneDeviceId + "?reason=lost").expect(200);
        laptop.client().addContact(laptopAccount, someJamiId("a contact added after the revocation"));
        await("the laptop asking about the revoked phone, answered revoked", () -> answers("revoked", true) > 0,
                laptop, phone);
        System.out.printf("the laptop heard of the revocation %d ms after it%n",
                Duration.between(revokedAt, Instant.now()).toMillis());

        assertEquals(401, JamsHttp.anonymous(PKI.client(Pem.parsePrivateKey(read(phone.accountDir(phoneAccount)
                .resolve("ring_device.key")), null), Pem.parseCertificates(read(phone.accountDir(phoneAccount)
                .resolve("ring_device.crt")))), base).post("/api/login", "{}").status(),
                "the revoked phone's login is refused with the 401 that makes newer clients wipe it");
    }

    private double answers(String status, boolean nonce) {
        var counter = meters.find("jams.ocsp.answers").tag("status", status).tag("nonce", Boolean.toString(nonce))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(String what, BooleanSupplier condition, JamiDaemon... daemons) {
        long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (JamiDaemon daemon : daemons) {
                    logs.append("\n--- ").append(daemon.workDir()).append('\n').append(daemon.jamidLogTail(60));
                }
                fail("timed out waiting for " + what + logs);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private String enroll(JamiDaemon daemon) {
        String account = daemon.client().addJamsAccount(base, PERSON, PASSWORD, dht.port(), base
                + "/api/nameserver");
        SignalRecorder.Signal state = daemon.signals().await("registrationStateChanged", s -> s.string(0)
                .equals(account) && (s.string(1).equals("REGISTERED") || s.string(1).startsWith("ERROR")),
                ENROLL_TIMEOUT);
        if (!state.string(1).equals("REGISTERED")) {
            fail("account " + account + " went to " + state + "\n" + daemon.jamidLogTail(80));
        }
        return account;
    }

    private static X509Certificate deviceCertificate(JamiDaemon daemon, String account) {
        return Pem.parseCertificates(read(daemon.accountDir(account).resolve("ring_device.crt"))).get(0);
    }

    private static boolean namesResponder(X509Certificate certificate, String url) {
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(
                    new X509CertificateHolder(certificate.getEncoded()).getExtensions());
            return access != null && List.of(access.getAccessDescriptions()).stream()
                    .anyMatch(d -> d.getAccessLocation().getName().toString().equals(url));
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String someJamiId(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
