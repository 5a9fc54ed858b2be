package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.command.pki.PkiAssertions.refusal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureSpi;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
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
    void refusesARequestWhoseSignatureWasAltered() throws IOException {
        byte[] der = TestMaterial.csr(device, "CN=device", "SHA512withRSA").getEncoded();
        der[der.length - 1] ^= 0x01; // the signature's last byte: still valid DER

        PkiException refusal = refusal(() ->
                DeviceCsr.parse(TestMaterial.toPem(new PemObject("CERTIFICATE REQUEST", der))));

        assertThat(refusal.code()).isEqualTo(PkiException.BAD_CSR_SIGNATURE);
    }

    @Test
    void refusesASignatureLongerThanTheKeyAsABadSignature() throws IOException {
        CertificationRequest signed = TestMaterial.csr(device, "CN=device", "SHA512withRSA").toASN1Structure();
        CertificationRequest tooLong = new CertificationRequest(signed.getCertificationRequestInfo(),
                signed.getSignatureAlgorithm(), new DERBitString(new byte[512]));

        PkiException refusal = refusal(() -> DeviceCsr.parse(
                TestMaterial.toPem(new PemObject("CERTIFICATE REQUEST", tooLong.getEncoded()))));

        assertThat(refusal.code()).isEqualTo(PkiException.BAD_CSR_SIGNATURE);
    }

    @Test
    void refusesASignatureWithUnusedBitsAsABadSignature() throws IOException {
        CertificationRequest signed = TestMaterial.csr(device, "CN=device", "SHA512withRSA").toASN1Structure();
        byte[] signature = signed.getSignature().getOctets();
        CertificationRequest unaligned = new CertificationRequest(signed.getCertificationRequestInfo(),
                signed.getSignatureAlgorithm(), new DERBitString(signature, 1));

        PkiException refusal = refusal(() -> DeviceCsr.parse(
                TestMaterial.toPem(new PemObject("CERTIFICATE REQUEST", unaligned.getEncoded()))));

        assertThat(refusal.code()).isEqualTo(PkiException.BAD_CSR_SIGNATURE);
    }

    /**
     * BouncyCastle's JCA verifier also verifies every RSA signature again as "NONEwithRSA", which only the JDK's Java
     * arithmetic offers (0.1 ms a Jami device key). A provider put first that offers it counts who asks for it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SHA1withRSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA"})
    void aUsualRsaSignatureIsVerifiedOnceWithoutARawSignature(String signatureAlgorithm) throws Exception {
        String pem = TestMaterial.toPem(TestMaterial.csr(device, "CN=device", signatureAlgorithm));
        AtomicInteger rawVerifications = new AtomicInteger();
        Provider spy = new RawRsaSpy(rawVerifications);
        Security.insertProviderAt(spy, 1);
        try {
            assertThat(Signature.getInstance("NONEwithRSA").getProvider()).isSameAs(spy);

            assertThat(DeviceCsr.parse(pem).publicKey().getEncoded()).isEqualTo(device.getPublic().getEncoded());
        } finally {
            Security.removeProvider(spy.getName());
        }
        assertThat(rawVerifications).hasValue(0);
    }

    /** Offers "NONEwithRSA" and counts the verifications started with it; it verifies nothing. */
    private static final class RawRsaSpy extends Provider {

        RawRsaSpy(AtomicInteger verifications) {
            super("RawRsaSpy", "1", "counts raw RSA verifications");
            putService(new Service(this, "Signature", "NONEwithRSA", RawRsaSpi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new RawRsaSpi(verifications);
                }
            });
        }
    }

    private static final class RawRsaSpi extends SignatureSpi {

        private final AtomicInteger verifications;

        RawRsaSpi(AtomicInteger verifications) {
            this.verifications = verifications;
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) {
            verifications.incrementAndGet();
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineUpdate(byte b) {
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
        }

        @Override
        protected byte[] engineSign() {
            throw new UnsupportedOperationException();
        }

        @Override
        protected boolean engineVerify(byte[] signature) {
            return false;
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
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
