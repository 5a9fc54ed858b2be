package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountCertificateIssuerTest {

    private static final Instant NOT_BEFORE = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(365));
    private static final BigInteger SERIAL = BigInteger.valueOf(4242);

    @TempDir
    static Path dir;

    private static OrganisationCa ca;
    private static KeyPair account;
    private static X509Certificate certificate;

    @BeforeAll
    static void issueOnce() {
        ca = TestMaterial.fastCa("Account Test CA", Instant.now());
        account = TestMaterial.rsa(2048);
        certificate = issue(ca);
    }

    @Test
    void accountCertificateIsACaWithoutPathLengthLimit() {
        assertThat(certificate.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(certificate.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    }

    @Test
    void accountCertificateMaySignCertificatesCrlsAndData() {
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign
        assertThat(certificate.getKeyUsage()).containsExactly(true, false, false, false, false, true, true, false, false);
    }

    @Test
    void accountCertificateIsSignedSha512WithRsaByTheCaForTheAccountKey() throws Exception {
        assertThat(certificate.getSigAlgOID()).isEqualTo(PkiAssertions.SHA512_WITH_RSA_OID);
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(account.getPublic().getEncoded());
        assertThat(certificate.getSerialNumber()).isEqualTo(SERIAL);
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOT_BEFORE);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOT_AFTER);
    }

    @Test
    void subjectIsCommonNameThenUidHoldingTheJamiId() {
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs();

        assertThat(rdns).hasSize(2);
        assertThat(rdns[0].getFirst().getType()).isEqualTo(BCStyle.CN);
        assertThat(((ASN1String) rdns[0].getFirst().getValue()).getString()).isEqualTo("alice");
        assertThat(rdns[1].getFirst().getType()).isEqualTo(BCStyle.UID);
        assertThat(((ASN1String) rdns[1].getFirst().getValue()).getString())
                .isEqualTo(HexFormat.of().formatHex(PkiAssertions.sha1OfSubjectPublicKeyInfo(account.getPublic())));
    }

    @Test
    void jamiIdMatchesOpensslsSha1OfTheCertificatesPublicKey() throws IOException {
        Files.writeString(dir.resolve("account.pem"), Pem.encodeCertificate(certificate));
        OpenSsl.run(dir, "x509", "-in", "account.pem", "-noout", "-pubkey", "-out", "public.pem");
        OpenSsl.run(dir, "pkey", "-pubin", "-in", "public.pem", "-outform", "DER", "-out", "public.der");
        String opensslSha1 = OpenSsl.run(dir, "dgst", "-sha1", "-r", "public.der").split(" ")[0];

        assertThat(KeyIds.sha1Id(account.getPublic())).isEqualTo(opensslSha1);
        assertThat(uidOf(certificate)).isEqualTo(opensslSha1);
    }

    @Test
    void subjectKeyIdIsTheSha1OfTheSubjectPublicKeyInfo() {
        assertThat(PkiAssertions.subjectKeyId(certificate))
                .isEqualTo(PkiAssertions.sha1OfSubjectPublicKeyInfo(account.getPublic()));
    }

    @Test
    void authorityKeyIdIsTheCaSubjectKeyIdAlone() {
        AuthorityKeyIdentifier aki = PkiAssertions.authorityKeyId(certificate);

        assertThat(aki.getKeyIdentifier()).isEqualTo(PkiAssertions.subjectKeyId(ca.certificate()));
        assertThat(aki.getAuthorityCertIssuer()).isNull();
        assertThat(aki.getAuthorityCertSerialNumber()).isNull();
    }

    @Test
    void issuerIsTheCaSubjectByteForByteEvenWhenAStringRoundTripWouldChangeIt() throws IOException {
        X500Name printableSubject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, new DERPrintableString("Example Org"))
                .addRDN(BCStyle.CN, new DERPrintableString("Printable CA"))
                .build();
        OrganisationCa printableCa = TestMaterial.customCa(printableSubject, TestMaterial.rsa(2048),
                TestMaterial::caExtensionsWithoutKeyIdentifiers);
        byte[] caSubject = printableCa.certificate().getSubjectX500Principal().getEncoded();
        byte[] viaString = new X500Name(printableCa.certificate().getSubjectX500Principal().getName()).getEncoded();
        assertThat(viaString).as("precondition: a string round trip changes this name").isNotEqualTo(caSubject);

        X509Certificate issued = issue(printableCa);

        assertThat(issued.getIssuerX500Principal().getEncoded()).isEqualTo(caSubject);
    }

    @Test
    void authorityKeyIdIsCopiedFromTheCaEvenWhenTheCaUsedAnotherMethod() {
        byte[] customSki = HexFormat.of().parseHex("0102030405060708");
        OrganisationCa customCa = TestMaterial.customCa(new X500Name("CN=Custom SKI CA"), TestMaterial.rsa(2048),
                builder -> {
                    TestMaterial.caExtensionsWithoutKeyIdentifiers(builder);
                    try {
                        builder.addExtension(Extension.subjectKeyIdentifier, false, new DEROctetString(customSki));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });

        assertThat(PkiAssertions.authorityKeyId(issue(customCa)).getKeyIdentifier()).isEqualTo(customSki);
    }

    @Test
    void authorityKeyIdIsTheSha1OfTheCaKeyWhenTheCaHasNoSubjectKeyId() {
        OrganisationCa caWithoutSki = TestMaterial.customCa(new X500Name("CN=No SKI CA"), TestMaterial.rsa(2048),
                TestMaterial::caExtensionsWithoutKeyIdentifiers);
        assertThat(caWithoutSki.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNull();

        assertThat(PkiAssertions.authorityKeyId(issue(caWithoutSki)).getKeyIdentifier())
                .isEqualTo(PkiAssertions.sha1OfSubjectPublicKeyInfo(caWithoutSki.certificate().getPublicKey()));
    }

    private static X509Certificate issue(OrganisationCa issuingCa) {
        return AccountCertificateIssuer.issue(issuingCa, account.getPublic(), "alice", NOT_BEFORE, NOT_AFTER, SERIAL);
    }

    private static String uidOf(X509Certificate certificate) {
        RDN uid = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.UID)[0];
        return ((ASN1String) uid.getFirst().getValue()).getString();
    }
}
