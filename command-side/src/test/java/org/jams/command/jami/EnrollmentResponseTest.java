package org.jams.command.jami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class EnrollmentResponseTest {

    private static final KeyPair CA = TestKeys.OTHER;
    private static final KeyPair ACCOUNT = TestKeys.ACCOUNT;
    private static final KeyPair DEVICE = TestKeys.DEVICE;

    private static final String CA_DN = "CN=Test Org CA";
    private static final String ACCOUNT_DN = "CN=alice, UID=" + BcRsa.sha1Hex(ACCOUNT.getPublic());
    private static final String DEVICE_DN = "CN=Jami device, UID=" + BcRsa.sha1Hex(DEVICE.getPublic());

    private static final String CA_PEM = certificatePem(CA_DN, CA_DN, CA.getPublic(), CA, true, 1);
    private static final String ACCOUNT_PEM = certificatePem(ACCOUNT_DN, CA_DN, ACCOUNT.getPublic(), CA, true, 2);
    private static final String DEVICE_PEM = certificatePem(DEVICE_DN, ACCOUNT_DN, DEVICE.getPublic(), ACCOUNT, false, 3);

    private static final SignedReceipt RECEIPT = DeviceReceipt.issue(ACCOUNT, DEVICE.getPublic());

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void serializedResponseIsAFlatObjectOfStringScalarsInTheDocumentedOrder() throws Exception {
        Map<String, String> response = response("data:image/png;base64,iVBORw0KGgo=").toMap();

        JsonNode parsed = json.readTree(json.writeValueAsString(response));

        assertThat(parsed.isObject()).isTrue();
        List<String> names = new ArrayList<>();
        parsed.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("certificateChain", "deviceReceipt", "receiptSignature", "nameServer",
                "displayName", "Account.displayName", "userPhoto");
        parsed.elements().forEachRemaining(value -> assertThat(value.isTextual()).isTrue());
    }

    @Test
    void certificateChainIsDeviceThenAccountThenCaEachIssuedByTheNext() throws Exception {
        List<X509Certificate> chain = parseChain(response(null).toMap().get("certificateChain"));

        assertThat(chain).hasSize(3);
        assertThat(chain.get(0).getPublicKey()).isEqualTo(DEVICE.getPublic());
        assertThat(chain.get(1).getPublicKey()).isEqualTo(ACCOUNT.getPublic());
        assertThat(chain.get(2).getPublicKey()).isEqualTo(CA.getPublic());
        for (int i = 0; i < 2; i++) {
            assertThat(chain.get(i).getIssuerX500Principal().getEncoded())
                    .isEqualTo(chain.get(i + 1).getSubjectX500Principal().getEncoded());
            chain.get(i).verify(chain.get(i + 1).getPublicKey());
        }
    }

    @Test
    void certificateChainKeepsPemsApartWhenTheyLackATrailingLineBreak() throws Exception {
        EnrollmentResponse response = new EnrollmentResponse(DEVICE_PEM.stripTrailing(), ACCOUNT_PEM.stripTrailing(),
                CA_PEM.stripTrailing(), RECEIPT, "/api/nameserver", "Alice", null);

        String chain = response.toMap().get("certificateChain");

        assertThat(chain).doesNotContain("----------");
        assertThat(parseChain(chain)).extracting(X509Certificate::getPublicKey)
                .containsExactly(DEVICE.getPublic(), ACCOUNT.getPublic(), CA.getPublic());
    }

    @Test
    void certificateChainLeavesTheCaOutWhenNoneIsGiven() throws Exception {
        EnrollmentResponse response =
                new EnrollmentResponse(DEVICE_PEM, ACCOUNT_PEM, null, RECEIPT, "/api/nameserver", "Alice", null);

        assertThat(parseChain(response.toMap().get("certificateChain"))).extracting(X509Certificate::getPublicKey)
                .containsExactly(DEVICE.getPublic(), ACCOUNT.getPublic());
    }

    @Test
    void receiptAndSignatureAreSentVerbatimAndMatchTheChainKeys() throws Exception {
        Map<String, String> response = response(null).toMap();
        List<X509Certificate> chain = parseChain(response.get("certificateChain"));

        assertThat(response.get("deviceReceipt")).isEqualTo(RECEIPT.receipt());
        assertThat(response.get("receiptSignature")).isEqualTo(RECEIPT.signatureBase64());
        JsonNode receipt = json.readTree(response.get("deviceReceipt"));
        assertThat(receipt.get("id").asText()).isEqualTo(BcRsa.sha1Hex(chain.get(1).getPublicKey()));
        assertThat(receipt.get("dev").asText()).isEqualTo(BcRsa.sha1Hex(chain.get(0).getPublicKey()));
        assertThat(BcRsa.verifySha512(chain.get(1).getPublicKey().getEncoded(),
                response.get("deviceReceipt").getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(response.get("receiptSignature")))).isTrue();
    }

    @Test
    void displayNameIsSentAsBothDisplayNameAndAccountDisplayName() {
        Map<String, String> response = response(null).toMap();

        assertThat(response).containsEntry("displayName", "Alice").containsEntry("Account.displayName", "Alice");
        assertThat(response).containsEntry("nameServer", "/api/nameserver");
    }

    @Test
    void userPhotoIsPresentOnlyWhenGiven() {
        assertThat(response(null).toMap()).doesNotContainKey("userPhoto");
        assertThat(response("").toMap()).doesNotContainKey("userPhoto");
        assertThat(response("iVBORw0KGgo=").toMap()).containsEntry("userPhoto", "iVBORw0KGgo=");
    }

    @Test
    void rejectsMissingDeviceOrAccountCertificate() {
        assertThatThrownBy(() -> new EnrollmentResponse(" ", ACCOUNT_PEM, CA_PEM, RECEIPT, "/ns", "A", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnrollmentResponse(DEVICE_PEM, null, CA_PEM, RECEIPT, "/ns", "A", null))
                .isInstanceOf(NullPointerException.class);
    }

    private static EnrollmentResponse response(String photo) {
        return new EnrollmentResponse(DEVICE_PEM, ACCOUNT_PEM, CA_PEM, RECEIPT, "/api/nameserver", "Alice", photo);
    }

    private static List<X509Certificate> parseChain(String pem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : factory.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    private static String certificatePem(String subject, String issuer, PublicKey subjectKey, KeyPair issuerKeys,
                                         boolean ca, long serial) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(serial), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(holder);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
