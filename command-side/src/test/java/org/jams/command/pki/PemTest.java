package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.command.pki.PkiAssertions.refusal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PemTest {

    private static OrganisationCa ca;
    private static OrganisationCa otherCa;

    @BeforeAll
    static void createCertificates() {
        ca = TestMaterial.fastCa("Pem Test CA", Instant.now());
        otherCa = TestMaterial.fastCa("Other Pem Test CA", Instant.now());
    }

    @Test
    void certificatePemHasHeadersSixtyFourCharacterLinesAndATrailingNewline() {
        String pem = Pem.encodeCertificate(ca.certificate());

        List<String> lines = Arrays.asList(pem.split("\n", -1));
        assertThat(lines.get(0)).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("-----END CERTIFICATE-----");
        assertThat(lines.get(lines.size() - 1)).as("text after the final newline").isEmpty();
        List<String> body = lines.subList(1, lines.size() - 2);
        assertThat(body.subList(0, body.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(body.get(body.size() - 1)).hasSizeBetween(1, 64);
    }

    @Test
    void encodedCertificateMatchesBouncyCastlesPemWriterAndParsesBack() {
        String pem = Pem.encodeCertificate(ca.certificate());

        assertThat(Pem.parseCertificate(pem)).isEqualTo(ca.certificate());
        assertThat(pem).isEqualTo(TestMaterial.toPem(ca.certificate()).replace("\r\n", "\n"));
    }

    @Test
    void severalCertificatesAreParsedInOrder() {
        String bundle = Pem.encodeCertificate(ca.certificate()) + Pem.encodeCertificate(otherCa.certificate());

        assertThat(Pem.parseCertificates(bundle)).containsExactly(ca.certificate(), otherCa.certificate());
    }

    @Test
    void privateKeyRoundTripsThroughUnencryptedPkcs8() {
        String pem = Pem.encodePrivateKey(ca.privateKey());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        PrivateKey parsed = Pem.parsePrivateKey(pem, null);
        assertThat(parsed.getEncoded()).isEqualTo(ca.privateKey().getEncoded());
    }

    @Test
    void textWithoutCertificateIsUnreadable() {
        assertThat(refusal(() -> Pem.parseCertificate("hello")).code())
                .isEqualTo(PkiException.UNREADABLE_CERTIFICATE);
        assertThat(refusal(() -> Pem.parseCertificate(Pem.encodePrivateKey(ca.privateKey()))).code())
                .isEqualTo(PkiException.UNREADABLE_CERTIFICATE);
    }

    @Test
    void corruptBase64IsUnreadable() {
        String corrupt = "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n";

        assertThat(refusal(() -> Pem.parseCertificate(corrupt)).code())
                .isEqualTo(PkiException.UNREADABLE_CERTIFICATE);
    }

    @Test
    void certificateGivenAsPrivateKeyIsUnreadable() {
        assertThat(refusal(() -> Pem.parsePrivateKey(Pem.encodeCertificate(ca.certificate()), null)).code())
                .isEqualTo(PkiException.UNREADABLE_PRIVATE_KEY);
    }

    @Test
    void firstCertificateOfABundleIsTheParsedOne() {
        X509Certificate first = Pem.parseCertificate(
                Pem.encodeCertificate(otherCa.certificate()) + Pem.encodeCertificate(ca.certificate()));

        assertThat(first).isEqualTo(otherCa.certificate());
    }
}
