package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
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
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real Jami daemons, two devices of one person (laptop and phone) on a local DHT, enrolled once the server has a
 * public URL: the certificates jamid stores name the OCSP responder. The devices of one account connect to each
 * other by themselves (ICE over TCP, then TLS); on that handshake each jamid POSTs an OCSP request for the other's
 * certificate, as protocol doc §8 describes it (one SHA-1 CertID, a 32-byte nonce, User-Agent Jami), and the
 * responder answers good, signed by the account key with the nonce echoed. The admin then revokes the phone; the
 * laptop's daemon restarts and connects again, its request for the phone is answered revoked, and jamid refuses
 * the TLS connection, while the phone's request for the laptop is still answered good. The revoked phone's login
 * gets the 401 of the protocol doc.
 *
 * <p>jamid keeps each answer on disk ({@code ocsp/<certId>/<serial>}) and loads it with the certificate, but a
 * handshake asks the responder again whatever it holds (jamid 20230206 {@code tls_session.cpp}
 * {@code verifyCertificateWrapper}); a held answer other than good makes the device refuse that peer's connection
 * requests before any handshake ({@code AccountManager::foundPeerDevice}).
 *
 * <p>The daemons run in a {@link NoIpv6Namespace} (root, iproute2): on kernels from 6.9 on, the pjproject bundled
 * with jamid 20230206 hangs on its netlink IPv6 address dump, which blocks the account's DHT thread and every ICE
 * negotiation. From there they reach the dhtnode and the server at the host's address on the namespace's link, which
 * is therefore the server's public URL. jamid must be installed (scripts/jami/install-test-deps.sh): this test never
 * skips.
 */
@SpringBootTest(classes = org.jams.gateway.JamsServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"jams.keys.pool-size=2"})
@Import(OcspExchanges.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamiRevocationEndToEndTest {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
    /** Measured here: the devices connect within a second of the second one's registration, or of a restart. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(40);
    private static final NoIpv6Namespace NETNS = NoIpv6Namespace.create();
    private static final E2eServerFiles FILES = E2eServerFiles.create("jams-e2e-revocation-", NETNS.hostAddress());
    private static final TestServerPki PKI = FILES.pki;
    private static final String PERSON = "dana";
    private static final String PASSWORD = "revocation-e2e-password";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern WORTH_SHOWING = Pattern.compile("AIA URI|OCSP|Certificate Status|\\[TLS\\]|ICE|"
            + "TLS connection failure|disabled by cached|peer device|Rejected");

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        FILES.register(registry);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private OcspExchanges ocsp;

    private DhtNode dht;
    private JamiDaemon laptop;
    private JamiDaemon phone;
    private String base;
    private JamsHttp admin;

    @BeforeAll
    void setUp() {
        assertTrue(JamiDaemon.isInstalled(), "jamid, dbus-daemon, gdbus, dhtnode and unshare must be installed "
                + "(scripts/jami/install-test-deps.sh): this end-to-end test does not skip");
        base = "https://" + NETNS.hostAddress() + ":" + port; // what jamid in the namespace reaches
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
        laptop = JamiDaemon.start(PKI.caFile(), "revocation-laptop", NETNS);
        phone = JamiDaemon.start(PKI.caFile(), "revocation-phone", NETNS);
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
        NETNS.close();
    }

    @Test
    void jamidsOwnOcspCheckOfAPeerDeviceIsAnsweredGoodThenRevokedAndTheConnectionIsRefused() throws Exception {
        Instant start = Instant.now();
        String laptopAccount = laptop.enrollJamsAccount(base, PERSON, PASSWORD, dht.port(), ENROLL_TIMEOUT);
        String phoneAccount = phone.enrollJamsAccount(base, PERSON, PASSWORD, dht.port(), ENROLL_TIMEOUT);
        List<X509Certificate> phoneChain = deviceChain(phone, phoneAccount);
        List<X509Certificate> laptopChain = deviceChain(laptop, laptopAccount);
        assertTrue(namesResponder(phoneChain.get(0), base + "/api/ocsp"), "the phone's certificate names the OCSP "
                + "responder");
        assertTrue(namesResponder(laptopChain.get(0), base + "/api/ocsp"), "so does the laptop's");
        assertEquals(phoneChain.get(1), laptopChain.get(1), "one account, two devices");
        X509Certificate accountCertificate = phoneChain.get(1);
        BigInteger phoneSerial = phoneChain.get(0).getSerialNumber();
        BigInteger laptopSerial = laptopChain.get(0).getSerialNumber();
        Instant enrolled = Instant.now();

        // The two devices of the account connect for sync by themselves; each checks the other's certificate.
        OcspExchanges.Exchange laptopAsksForPhone = awaitExchange(phoneSerial, "good", Instant.EPOCH,
                "the laptop's jamid asks about the phone, answered good");
        OcspExchanges.Exchange phoneAsksForLaptop = awaitExchange(laptopSerial, "good", Instant.EPOCH,
                "the phone's jamid asks about the laptop, answered good");
        for (OcspExchanges.Exchange exchange : List.of(laptopAsksForPhone, phoneAsksForLaptop)) {
            assertSentByJamid(exchange, accountCertificate);
        }
        awaitLog(laptop, 0, "OCSP verification success!");
        awaitLog(laptop, 0, "[TLS] session established");
        awaitLog(phone, 0, "OCSP verification success!");
        awaitLog(phone, 0, "[TLS] session established");
        assertTrue(answers("good", true) >= 2, "counted as answers to requests with a nonce");
        System.out.printf("both enrolled in %d ms; connected, each checked good, %d ms later:%n  %s%n  %s%n",
                Duration.between(start, enrolled).toMillis(), Duration.between(enrolled, Instant.now()).toMillis(),
                describe(laptopAsksForPhone), describe(phoneAsksForLaptop));

        // A fresh handshake after the revocation: the laptop's jamid is stopped, the phone revoked meanwhile (so the
        // running laptop cannot check the phone again first and store the revoked answer), and the laptop started
        // again. It loads its answer for the phone from disk, still good (nextUpdate 5 minutes on), but the
        // handshake asks the responder again.
        long[] laptopLogBeforeHolder = new long[1];
        Instant[] revokedAtHolder = new Instant[1];
        laptop.restart(Duration.ofSeconds(3), () -> {
            try {
                laptopLogBeforeHolder[0] = Files.size(laptop.jamidLog()); // what the stopped laptop wrote is done
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            revokedAtHolder[0] = Instant.now();
            admin.delete("/api/admin/devices/" + KeyIds.sha256Id(phoneChain.get(0).getPublicKey())
                    + "?reason=lost").expect(200);
        });
        long laptopLogBefore = laptopLogBeforeHolder[0];
        Instant revokedAt = revokedAtHolder[0];
        OcspExchanges.Exchange revoked = awaitExchange(phoneSerial, "revoked", revokedAt,
                "the restarted laptop's jamid asks about the phone again, answered revoked");
        assertSentByJamid(revoked, accountCertificate);
        awaitLog(laptop, laptopLogBefore, "OCSP verification: certificate is revoked!");
        awaitLog(laptop, laptopLogBefore, "[TLS] handshake failed: Error in the certificate.");
        String laptopSinceRestart = jamidLog(laptop, laptopLogBefore);
        assertTrue(laptopSinceRestart.contains("has good OCSP status"), "the laptop had loaded its earlier good "
                + "answer for the phone from disk, and asked again all the same\n" + relevantLog(laptop,
                laptopLogBefore));
        assertFalse(laptopSinceRestart.contains("[TLS] session established"), "the laptop's jamid opened no TLS "
                + "session since the revocation\n" + relevantLog(laptop, laptopLogBefore));
        assertTrue(answers("revoked", true) >= 1, "counted as a revoked answer to a request with a nonce");
        System.out.printf("revoked; the restarted laptop was answered revoked %d ms after the revocation:%n  %s%n",
                Duration.between(revokedAt, revoked.at()).toMillis(), describe(revoked));
        // The connection the laptop opens makes the phone (TLS client there) check the laptop before the laptop
        // checks the phone.
        assertSentByJamid(awaitExchange(laptopSerial, "good", revokedAt, "the phone's jamid asks about the laptop "
                + "again, still answered good"), accountCertificate);

        assertEquals(401, JamsHttp.anonymous(PKI.client(Pem.parsePrivateKey(read(phone.accountDir(phoneAccount)
                .resolve("ring_device.key")), null), phoneChain), base).post("/api/login", "{}").status(),
                "the revoked phone's login is refused with the 401 that makes newer clients wipe it");
    }

    /**
     * The request is jamid's as protocol doc §8 describes it and came from the namespace; the answer is a successful
     * OCSP response signed by the account key that echoes the request's nonce.
     */
    private void assertSentByJamid(OcspExchanges.Exchange exchange, X509Certificate account) throws Exception {
        assertEquals(NETNS.namespaceAddress(), exchange.from(), "sent by jamid in the namespace: " + exchange);
        assertEquals("Jami", exchange.userAgent(), exchange.toString());
        assertEquals("application/ocsp-request", exchange.contentType(), exchange.toString());
        assertEquals(200, exchange.status(), exchange.toString());
        OCSPReq request = new OCSPReq(exchange.request());
        assertEquals(1, request.getRequestList().length, "one CertID");
        CertificateID id = request.getRequestList()[0].getCertID();
        assertEquals(CertificateID.HASH_SHA1.getAlgorithm(), id.getHashAlgOID(), "a SHA-1 CertID");
        X509CertificateHolder issuer = new X509CertificateHolder(account.getEncoded());
        assertTrue(id.matchesIssuer(issuer, new JcaDigestCalculatorProviderBuilder().build()),
                "issuer name and key hashes of the account certificate");
        byte[] nonce = nonce(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        assertEquals(32, nonce.length, "a 32-byte nonce");

        OCSPResp response = new OCSPResp(exchange.response());
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer)),
                "signed by the account key, as jamid verifies");
        assertArrayEquals(nonce, nonce(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)),
                "the nonce echoed");
        assertEquals(id.getSerialNumber(), basic.getResponses()[0].getCertID().getSerialNumber());
    }

    /** Waits for jamid's POST about {@code serial} since {@code since} answered {@code status}. */
    private OcspExchanges.Exchange awaitExchange(BigInteger serial, String status, Instant since, String what) {
        OcspExchanges.Exchange[] found = new OcspExchanges.Exchange[1];
        await(() -> {
            for (OcspExchanges.Exchange e : ocsp.exchanges()) {
                if (!e.at().isBefore(since) && serial.equals(serial(e)) && status.equals(answered(e))) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, what);
        return found[0];
    }

    private void awaitLog(JamiDaemon daemon, long fromByte, String line) {
        await(() -> jamidLog(daemon, fromByte).contains(line), "jamid (" + daemon.workDir() + ") logs \"" + line
                + "\"");
    }

    private void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(CONNECT_TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + CONNECT_TIMEOUT + ": " + what + "\n--- OCSP POSTs seen ---\n"
                        + ocsp.exchanges().stream().map(e -> e + " serial " + serial(e).toString(16) + " "
                        + answered(e)).collect(Collectors.joining("\n"))
                        + "\n--- laptop jamid ---\n" + relevantLog(laptop, 0) + "\n--- phone jamid ---\n"
                        + relevantLog(phone, 0) + "\n--- laptop jamid (tail) ---\n" + laptop.jamidLogTail(40));
            }
            sleep(100);
        }
    }

    private static String describe(OcspExchanges.Exchange exchange) {
        String nonce = "none";
        try {
            Extension extension = new OCSPReq(exchange.request())
                    .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (extension != null) {
                nonce = HexFormat.of().formatHex(ASN1OctetString.getInstance(extension.getParsedValue()).getOctets());
            }
        } catch (IOException | RuntimeException e) {
            nonce = "?";
        }
        return exchange + ": serial " + serial(exchange).toString(16) + ", nonce " + nonce + " -> "
                + answered(exchange);
    }

    private static BigInteger serial(OcspExchanges.Exchange exchange) {
        try {
            return new OCSPReq(exchange.request()).getRequestList()[0].getCertID().getSerialNumber();
        } catch (IOException | RuntimeException e) {
            return BigInteger.ZERO;
        }
    }

    /** good, revoked or unknown (the first answer's status), or "-" when the answer is not a successful one. */
    private static String answered(OcspExchanges.Exchange exchange) {
        try {
            OCSPResp response = new OCSPResp(exchange.response());
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return "-";
            }
            Object status = ((BasicOCSPResp) response.getResponseObject()).getResponses()[0].getCertStatus();
            return status == null ? "good" : status instanceof RevokedStatus ? "revoked" : "unknown";
        } catch (Exception e) {
            return "-";
        }
    }

    /** The nonce extension's value: the octets of the OCTET STRING it holds (RFC 8954). */
    private static byte[] nonce(Extension extension) {
        assertNotNull(extension, "a nonce extension");
        return ASN1OctetString.getInstance(extension.getParsedValue()).getOctets();
    }

    /** jamid's log from byte {@code fromByte} on (a restart appends to it), without colour codes. */
    private static String jamidLog(JamiDaemon daemon, long fromByte) {
        try {
            byte[] all = Files.readAllBytes(daemon.jamidLog());
            String text = new String(all, (int) Math.min(fromByte, all.length),
                    (int) Math.max(0, all.length - fromByte), StandardCharsets.UTF_8);
            return ANSI.matcher(text).replaceAll("");
        } catch (IOException e) {
            return "(cannot read " + daemon.jamidLog() + ": " + e + ")";
        }
    }

    private static String relevantLog(JamiDaemon daemon, long fromByte) {
        return daemon == null ? "" : jamidLog(daemon, fromByte).lines().filter(l -> WORTH_SHOWING.matcher(l).find())
                .map(l -> l.length() > 240 ? l.substring(0, 240) : l).collect(Collectors.joining("\n"));
    }

    private static List<X509Certificate> deviceChain(JamiDaemon daemon, String account) {
        return Pem.parseCertificates(read(daemon.accountDir(account).resolve("ring_device.crt")));
    }

    private double answers(String status, boolean nonce) {
        var counter = meters.find("jams.ocsp.answers").tag("status", status).tag("nonce", Boolean.toString(nonce))
                .counter();
        return counter == null ? 0 : counter.count();
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
