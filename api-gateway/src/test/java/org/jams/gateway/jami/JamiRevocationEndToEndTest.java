package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
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
 * Two real Jami daemons, two devices of one person on a local DHT, enrolled once the server has a public URL: the
 * certificates jamid stores name the OCSP responder and the account's CRL. A peer device's check of one of them, as
 * protocol doc §8 describes it (one SHA-1 CertID, a 32-byte nonce, the answer signed by the account key with the
 * nonce echoed), is answered good, then revoked once the admin revokes it, and the revoked device's login gets the 401
 * of the protocol doc. The daemons do ask each other for a connection, but its ICE negotiation over the local DHT never
 * completes in this sandbox (no device-to-device TLS, so no OCSP request from jamid itself): the peer's check is made
 * here, on the daemons' own certificates. jamid must be installed (scripts/jami/install-test-deps.sh): this test
 * never skips.
 */
@SpringBootTest(classes = org.jams.gateway.JamsServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"jams.keys.pool-size=2"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamiRevocationEndToEndTest {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
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
    void aPeersCheckOfAJamiDeviceIsAnsweredGoodThenRevokedAndTheRevokedDeviceIsLockedOut() throws Exception {
        String laptopAccount = enroll(laptop);
        String phoneAccount = enroll(phone);
        List<X509Certificate> phoneChain = Pem.parseCertificates(read(phone.accountDir(phoneAccount)
                .resolve("ring_device.crt")));
        X509Certificate phoneCertificate = phoneChain.get(0);
        assertTrue(namesResponder(phoneCertificate, base + "/api/ocsp"), "the phone's certificate names the OCSP "
                + "responder");
        assertEquals(phoneChain.get(1), deviceChain(laptop, laptopAccount).get(1), "one account, two devices");
        String phoneDeviceId = KeyIds.sha256Id(phoneCertificate.getPublicKey());

        assertEquals("good", peerCheck(phoneChain));
        assertEquals(1.0, answers("good", true), "counted as a nonce answer");

        admin.delete("/api/admin/devices/" + phoneDeviceId + "?reason=lost").expect(200);
        assertEquals("revoked", peerCheck(phoneChain), "the peer refuses the TLS connection");
        assertEquals("good", peerCheck(deviceChain(laptop, laptopAccount)), "the other device is still good");

        assertEquals(401, JamsHttp.anonymous(PKI.client(Pem.parsePrivateKey(read(phone.accountDir(phoneAccount)
                .resolve("ring_device.key")), null), phoneChain), base).post("/api/login", "{}").status(),
                "the revoked phone's login is refused with the 401 that makes newer clients wipe it");
    }

    /**
     * What jamid does on a handshake with a device whose certificate names a responder (protocol doc §8): POST one
     * SHA-1 CertID with a 32-byte nonce; the answer must be successful, echo the nonce and be signed by the account
     * key. Answers good, revoked or unknown.
     */
    private String peerCheck(List<X509Certificate> chain) throws Exception {
        X509CertificateHolder account = new X509CertificateHolder(chain.get(1).getEncoded());
        byte[] nonce = new byte[32];
        new java.security.SecureRandom().nextBytes(nonce);
        byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder()
                .build().get(CertificateID.HASH_SHA1), account, chain.get(0).getSerialNumber()))
                .setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded()))).build().getEncoded();
        HttpResponse<byte[]> answer = PKI.client().send(HttpRequest.newBuilder(URI.create(base + "/api/ocsp"))
                .header("Content-Type", "application/ocsp-request").header("User-Agent", "Jami")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        OCSPResp response = new OCSPResp(answer.body());
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(account)),
                "signed by the account key, as jamid verifies");
        assertEquals(new DEROctetString(nonce), basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                .getParsedValue(), "the nonce echoed");
        Object status = basic.getResponses()[0].getCertStatus();
        return status == null ? "good" : status instanceof RevokedStatus ? "revoked" : "unknown";
    }

    private static List<X509Certificate> deviceChain(JamiDaemon daemon, String account) {
        return Pem.parseCertificates(read(daemon.accountDir(account).resolve("ring_device.crt")));
    }

    private double answers(String status, boolean nonce) {
        var counter = meters.find("jams.ocsp.answers").tag("status", status).tag("nonce", Boolean.toString(nonce))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private String enroll(JamiDaemon daemon) {
        return daemon.enrollJamsAccount(base, PERSON, PASSWORD, dht.port(), ENROLL_TIMEOUT);
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

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
