package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.command.pki.PkiAssertions.refusal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceCsrTest {

    private static KeyPair device;

    @BeforeAll
    static void createDeviceKey() {
        device = TestMaterial.rsa(2048);
    }

    @Test
    void exposesTheRequestedKeyAndItsJamiIds() {
        DeviceCsr csr = DeviceCsr.parse(TestMaterial.csrPem(device));

        assertThat(csr.publicKey().getEncoded()).isEqualTo(device.getPublic().getEncoded());
        assertThat(csr.sha1Id())
                .isEqualTo(HexFormat.of().formatHex(PkiAssertions.sha1OfSubjectPublicKeyInfo(device.getPublic())))
                .isEqualTo(KeyIds.sha1Id(device.getPublic()));
        assertThat(csr.sha256Id()).isEqualTo(KeyIds.sha256Id(device.getPublic())).hasSize(64);
    }

    @Test
    void acceptsTheNewCertificateRequestHeaderTheJamiClientSends() {
        String pem = TestMaterial.withNewCertificateRequestHeader(TestMaterial.csrPem(device));
        assertThat(pem).startsWith("-----BEGIN NEW CERTIFICATE REQUEST-----");

        assertThat(DeviceCsr.parse(pem).sha1Id()).isEqualTo(KeyIds.sha1Id(device.getPublic()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1withRSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "SHA256withRSAandMGF1"})
    void acceptsAnyRsaSignatureHash(String signatureAlgorithm) {
        String pem = TestMaterial.toPem(TestMaterial.csr(device, "CN=device", signatureAlgorithm));

        assertThat(DeviceCsr.parse(pem).publicKey().getEncoded()).isEqualTo(device.getPublic().getEncoded());
    }

    @Test
    void refusesGarbage() {
        assertThat(refusal(() -> DeviceCsr.parse("this is no certificate request")).code())
                .isEqualTo(PkiException.MALFORMED_CSR);
        assertThat(refusal(() -> DeviceCsr.parse(
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA!!!!\n-----END CERTIFICATE REQUEST-----\n")).code())
                .isEqualTo(PkiException.MALFORMED_CSR);
        assertThat(refusal(() -> DeviceCsr.parse(null)).code()).isEqualTo(PkiException.MALFORMED_CSR);
    }

    @Test
    void refusesAPemThatIsNotACertificateRequest() {
        String certificatePem = Pem.encodeCertificate(
                TestMaterial.fastCa("Not a CSR", Instant.now()).certificate());

        assertThat(refusal(() -> DeviceCsr.parse(certificatePem)).code()).isEqualTo(PkiException.MALFORMED_CSR);
    }

    @Test
    void refusesARequestWhoseSignedPartWasTampered() throws IOException {
        byte[] der = TestMaterial.csr(device, "CN=tamper-me", "SHA256withRSA").getEncoded();
        int at = indexOf(der, "tamper-me".getBytes(StandardCharsets.US_ASCII));
        der[at] ^= 0x01; // "tamper-me" becomes "uamper-me": still valid DER, no longer what was signed

        PkiException refusal = refusal(() ->
                DeviceCsr.parse(TestMaterial.toPem(new PemObject("CERTIFICATE REQUEST", der))));

        assertThat(refusal.code()).isEqualTo(PkiException.BAD_CSR_SIGNATURE);
    }

    @Test
    void refusesAnEllipticCurveKey() {
        KeyPair ec = TestMaterial.ecP256();
        String pem = TestMaterial.toPem(TestMaterial.csr(ec, "CN=device", "SHA256withECDSA"));

        PkiException refusal = refusal(() -> DeviceCsr.parse(pem));

        assertThat(refusal.code()).isEqualTo(PkiException.UNSUPPORTED_KEY);
        assertThat(refusal.getMessage()).contains("EC 256-bit");
    }

    @Test
    void refusesAnRsaKeyShorterThan2048BitsAndSaysWhatItFound() {
        String pem = TestMaterial.toPem(TestMaterial.csr(TestMaterial.rsa(1024), "CN=device", "SHA256withRSA"));

        PkiException refusal = refusal(() -> DeviceCsr.parse(pem));

        assertThat(refusal.code()).isEqualTo(PkiException.UNSUPPORTED_KEY);
        assertThat(refusal.getMessage()).contains("RSA 1024-bit");
    }

    @Test
    void acceptsExactly64KibOfTextAndRefusesOneCharacterMore() {
        String csr = TestMaterial.csrPem(device);
        String atLimit = csr + "\n".repeat(64 * 1024 - csr.length());

        assertThat(DeviceCsr.parse(atLimit).sha1Id()).isEqualTo(KeyIds.sha1Id(device.getPublic()));
        assertThat(refusal(() -> DeviceCsr.parse(atLimit + "\n")).code()).isEqualTo(PkiException.CSR_TOO_LARGE);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.areEqual(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("marker not found in the DER");
    }
}
