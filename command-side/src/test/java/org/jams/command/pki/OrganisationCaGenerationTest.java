package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.command.pki.PkiAssertions.refusal;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganisationCaGenerationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static OrganisationCa ca;

    @BeforeAll
    static void generateOnce() {
        ca = new OrganisationCaFactory().generate("Example Org Root CA", 3650, NOW);
    }

    @Test
    void generatedCaIsASelfSignedRsa4096CaSignedWithSha512() throws Exception {
        X509Certificate certificate = ca.certificate();

        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(certificate.getSigAlgOID()).isEqualTo(PkiAssertions.SHA512_WITH_RSA_OID);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Example Org Root CA");
        assertThat(certificate.getIssuerX500Principal().getEncoded())
                .isEqualTo(certificate.getSubjectX500Principal().getEncoded());
        certificate.verify(certificate.getPublicKey());
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus())
                .isEqualTo(((RSAPrivateKey) ca.privateKey()).getModulus());
    }

    @Test
    void generatedCaIsACriticalCaWithoutPathLengthLimit() {
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.certificate().getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    }

    @Test
    void generatedCaMaySignCertificatesAndCrlsOnly() {
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign
        assertThat(ca.certificate().getKeyUsage())
                .containsExactly(false, false, false, false, false, true, true, false, false);
    }

    @Test
    void subjectKeyIdentifierIsSha1OfThePublicKeyInfo() {
        assertThat(PkiAssertions.subjectKeyId(ca.certificate()))
                .isEqualTo(PkiAssertions.sha1OfSubjectPublicKeyInfo(ca.certificate().getPublicKey()));
    }

    @Test
    void validityStartsFiveMinutesEarlyAndLastsTheRequestedDays() {
        assertThat(ca.certificate().getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(ca.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(3650, ChronoUnit.DAYS));
    }

    @Test
    void boundaryValuesAreAccepted() {
        OrganisationCaFactory fastFactory = new OrganisationCaFactory(() -> TestMaterial.rsa(2048), new SerialNumbers());

        OrganisationCa longest = fastFactory.generate("x".repeat(64), 36_500, NOW);
        OrganisationCa shortest = fastFactory.generate("y", 1, NOW);

        assertThat(longest.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(36_500, ChronoUnit.DAYS));
        assertThat(shortest.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(1, ChronoUnit.DAYS));
    }

    @ParameterizedTest(name = "[{index}] common name ''{0}'', {1} days")
    @CsvSource(value = {
            "'', 30",
            "'   ', 30",
            "NULL, 30",
            "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 30", // 65 characters
            "Org CA, 0",
            "Org CA, -1",
            "Org CA, 36501",
    }, nullValues = "NULL")
    void invalidRequestsAreRefusedBeforeAnyKeyIsGenerated(String commonName, int validityDays) {
        OrganisationCaFactory factory = new OrganisationCaFactory(() -> {
            throw new AssertionError("no key should be generated for an invalid request");
        }, new SerialNumbers());

        assertThat(refusal(() -> factory.generate(commonName, validityDays, NOW)).code())
                .isEqualTo(PkiException.INVALID_CA_REQUEST);
    }
}
