package org.jams.command.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CRL as of a moment: same inputs, same bytes; read back by the JDK, with what RFC 5280 asks of it. */
class DeterministicCrlTest {

    private static final Instant T = Instant.parse("2026-03-03T14:05:07.654Z");
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private static KeyPair issuerKeys;
    private static X509Certificate issuer;
    private static KeyPair otherKeys;

    @BeforeAll
    static void issuer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        issuerKeys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=Test Account,O=Ünïcode \"Org\"");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(42),
                Date.from(T.minus(Duration.ofDays(1))), Date.from(T.plus(Duration.ofDays(365))), subject,
                issuerKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(issuerKeys.getPublic()));
        issuer = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA512withRSA").build(issuerKeys.getPrivate())));
    }

    private static List<DeterministicCrl.Revoked> revoked() {
        return List.of(
                new DeterministicCrl.Revoked(new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16),
                        Instant.parse("2026-03-01T10:00:00.999Z")),
                new DeterministicCrl.Revoked(BigInteger.valueOf(0x10), Instant.parse("2026-03-02T11:00:00.001Z")),
                new DeterministicCrl.Revoked(BigInteger.valueOf(0x2), Instant.parse("2026-03-03T14:05:07.000Z")));
    }

    @Test
    void theSameMomentGivesTheSameBytesWhateverTheOrderOfTheEntries() {
        byte[] first = DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, revoked());
        List<DeterministicCrl.Revoked> shuffled = new ArrayList<>(revoked());
        Collections.shuffle(shuffled, new Random(7));
        byte[] second = DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, shuffled);

        assertThat(second).isEqualTo(first);
        assertThat(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T.plusMillis(1), LIFETIME, revoked()))
                .as("another moment is another CRL (its number)").isNotEqualTo(first);
    }

    @Test
    void theJdkReadsItVerifiesItsSignatureAndFindsExactlyTheRevokedSerials() throws Exception {
        X509CRL crl = parse(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, revoked()));

        crl.verify(issuer.getPublicKey());
        assertThatThrownBy(() -> crl.verify(otherKeys.getPublic())).isInstanceOf(java.security.SignatureException.class);
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getSigAlgName()).isEqualTo("SHA512withRSA");
        assertThat(crl.getIssuerX500Principal()).isEqualTo(issuer.getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(Instant.parse("2026-03-03T14:05:07Z"));
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(Instant.parse("2026-03-03T14:10:07Z"));
        assertThat(crl.getRevokedCertificates()).extracting(X509CRLEntry::getSerialNumber)
                .containsExactlyInAnyOrder(new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16),
                        BigInteger.valueOf(0x10), BigInteger.valueOf(2));
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(0x10)).getRevocationDate().toInstant())
                .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(0x10)).hasExtensions()).as("no reason code").isFalse();
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(3))).isNull();
    }

    @Test
    void entriesAreInSerialOrderAndTheExtensionsNameTheNumberAndTheIssuerKey() throws Exception {
        X509CRLHolder holder = new X509CRLHolder(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME,
                revoked()));

        List<BigInteger> order = new ArrayList<>();
        for (Object entry : holder.getRevokedCertificates()) {
            order.add(((X509CRLEntryHolder) entry).getSerialNumber());
        }
        assertThat(order).containsExactly(BigInteger.valueOf(2), BigInteger.valueOf(0x10),
                new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16));
        assertThat(ASN1Integer.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue()).getValue())
                .isEqualTo(BigInteger.valueOf(T.toEpochMilli())).isEqualTo(DeterministicCrl.crlNumber(T));
        byte[] subjectKeyId = ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId()))).getOctets();
        assertThat(AuthorityKeyIdentifier.getInstance(holder.getExtension(Extension.authorityKeyIdentifier)
                .getParsedValue()).getKeyIdentifierOctets()).isEqualTo(subjectKeyId);
    }

    @Test
    void aSerialListedTwiceAppearsOnceWithItsEarliestRevocation() throws Exception {
        List<DeterministicCrl.Revoked> twice = List.of(
                new DeterministicCrl.Revoked(BigInteger.TEN, Instant.parse("2026-03-02T00:00:00Z")),
                new DeterministicCrl.Revoked(BigInteger.TEN, Instant.parse("2026-03-01T00:00:00Z")));

        X509CRL crl = parse(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, twice));

        assertThat(crl.getRevokedCertificates()).hasSize(1);
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationDate().toInstant())
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void anEntryCarriesItsReasonCodeOnlyWhenItHasOneAndTheEarliestRevocationKeepsItsOwn() throws Exception {
        List<DeterministicCrl.Revoked> entries = List.of(
                new DeterministicCrl.Revoked(BigInteger.ONE, Instant.parse("2026-03-01T00:00:00Z"),
                        org.bouncycastle.asn1.x509.CRLReason.superseded),
                new DeterministicCrl.Revoked(BigInteger.ONE, Instant.parse("2026-03-02T00:00:00Z")),
                new DeterministicCrl.Revoked(BigInteger.TWO, Instant.parse("2026-03-02T00:00:00Z")));

        X509CRL crl = parse(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, entries));

        assertThat(crl.getRevokedCertificate(BigInteger.ONE).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.SUPERSEDED);
        assertThat(crl.getRevokedCertificate(BigInteger.TWO).getRevocationReason()).isNull();
    }

    @Test
    void aCertificateWhoseValidityEndedByThisUpdateIsNoLongerListed() throws Exception {
        List<DeterministicCrl.Revoked> entries = List.of(
                new DeterministicCrl.Revoked(BigInteger.ONE, Instant.parse("2026-03-01T00:00:00Z"), null,
                        T.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                new DeterministicCrl.Revoked(BigInteger.TWO, Instant.parse("2026-03-01T00:00:00Z"), null,
                        T.plusSeconds(1)),
                new DeterministicCrl.Revoked(BigInteger.TEN, Instant.parse("2026-03-01T00:00:00Z")));

        X509CRL crl = parse(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, entries));

        assertThat(crl.getRevokedCertificates()).extracting(entry -> entry.getSerialNumber())
                .containsExactlyInAnyOrder(BigInteger.TWO, BigInteger.TEN);
    }

    @Test
    void anEmptyCrlIsValidAndHasNoEntries() throws Exception {
        X509CRL crl = parse(DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, LIFETIME, List.of()));

        crl.verify(issuer.getPublicKey());
        assertThat(crl.getRevokedCertificates()).isNull();
    }

    @Test
    void refusesAMomentBefore1970AndANonPositiveLifetime() {
        assertThatThrownBy(() -> DeterministicCrl.build(issuer, issuerKeys.getPrivate(), Instant.EPOCH.minusSeconds(1),
                LIFETIME, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeterministicCrl.build(issuer, issuerKeys.getPrivate(), T, Duration.ZERO, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
