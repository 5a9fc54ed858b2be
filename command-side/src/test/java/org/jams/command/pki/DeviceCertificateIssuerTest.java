package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole Jami chain: device certificate, signed by the account certificate, signed by the CA. */
class DeviceCertificateIssuerTest {

    private static final Instant NOT_BEFORE = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(365));

    @TempDir
    static Path dir;

    private static OrganisationCa ca;
    private static KeyPair account;
    private static X509Certificate accountCertificate;
    private static KeyPair bouncyCastleDeviceKey;
    private static X509Certificate bouncyCastleDevice;
    private static DeviceCsr opensslCsr;
    private static X509Certificate opensslDevice;

    @BeforeAll
    static void issueChain() throws IOException {
        ca = TestMaterial.fastCa("Chain Test CA", Instant.now());
        account = TestMaterial.rsa(2048);
        accountCertificate = AccountCertificateIssuer.issue(ca, account.getPublic(), "bob", NOT_BEFORE, NOT_AFTER,
                new SerialNumbers().next());

        bouncyCastleDeviceKey = TestMaterial.rsa(2048);
        bouncyCastleDevice = issueDevice(DeviceCsr.parse(TestMaterial.csrPem(bouncyCastleDeviceKey)));

        Files.writeString(dir.resolve("openssl.cnf"), "[req]\ndistinguished_name = dn\n[dn]\n");
        OpenSsl.run(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "device-key.pem",
                "-subj", "/CN=requested by openssl device", "-config", "openssl.cnf", "-out", "device.csr");
        String newHeaderCsr = TestMaterial.withNewCertificateRequestHeader(Files.readString(dir.resolve("device.csr")));
        assertThat(newHeaderCsr).startsWith("-----BEGIN NEW CERTIFICATE REQUEST-----");
        opensslCsr = DeviceCsr.parse(newHeaderCsr);
        opensslDevice = issueDevice(opensslCsr);
    }

    static Stream<Arguments> devices() {
        return Stream.of(
                Arguments.of("BouncyCastle CSR", bouncyCastleDevice),
                Arguments.of("openssl CSR with NEW header", opensslDevice));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void chainValidatesWithTheJdkPkixValidator(String origin, X509Certificate device) throws Exception {
        PKIXCertPathValidatorResult result = validateWithJdk(device, accountCertificate, ca.certificate());

        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(ca.certificate());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void chainValidatesWithOpensslVerify(String origin, X509Certificate device) throws IOException {
        OpenSsl.Result result = verifyWithOpenssl(device, accountCertificate, ca.certificate());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("device.pem: OK");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void eachLinkNamesItsIssuerByteForByteAndByKeyIdentifier(String origin, X509Certificate device) {
        assertLinked(device, accountCertificate);
        assertLinked(accountCertificate, ca.certificate());
    }

    @Test
    void chainUnderAnotherCaIsRejectedByBothValidators() throws IOException {
        X509Certificate strangerCa = TestMaterial.fastCa("Chain Test CA", Instant.now()).certificate();

        assertThatThrownBy(() -> validateWithJdk(bouncyCastleDevice, accountCertificate, strangerCa))
                .isInstanceOf(CertPathValidatorException.class);
        assertThat(verifyWithOpenssl(bouncyCastleDevice, accountCertificate, strangerCa).exitCode()).isNotZero();
    }

    @Test
    void deviceCertificateIsALeafForSigningAndEncipherment() {
        assertThat(bouncyCastleDevice.getBasicConstraints()).isEqualTo(-1);
        assertThat(bouncyCastleDevice.getExtensionValue(Extension.basicConstraints.getId())).isNotNull();
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign
        assertThat(bouncyCastleDevice.getKeyUsage())
                .containsExactly(true, false, true, true, false, false, false, false, false);
        assertThat(bouncyCastleDevice.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(bouncyCastleDevice.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder(
                Extension.subjectKeyIdentifier.getId(), Extension.authorityKeyIdentifier.getId());
    }

    @Test
    void deviceCertificateIsSignedSha512WithRsaByTheAccountForTheRequestedKey() throws Exception {
        assertThat(bouncyCastleDevice.getSigAlgOID()).isEqualTo(PkiAssertions.SHA512_WITH_RSA_OID);
        bouncyCastleDevice.verify(account.getPublic());
        assertThat(bouncyCastleDevice.getPublicKey().getEncoded()).isEqualTo(bouncyCastleDeviceKey.getPublic().getEncoded());
        assertThat(bouncyCastleDevice.getNotBefore().toInstant()).isEqualTo(NOT_BEFORE);
        assertThat(bouncyCastleDevice.getNotAfter().toInstant()).isEqualTo(NOT_AFTER);
        assertThat(PkiAssertions.subjectKeyId(bouncyCastleDevice))
                .isEqualTo(PkiAssertions.sha1OfSubjectPublicKeyInfo(bouncyCastleDeviceKey.getPublic()));
    }

    @Test
    void deviceSubjectIsJamiDeviceAndItsKeyIdWhateverTheRequestAskedFor() {
        RDN[] rdns = X500Name.getInstance(opensslDevice.getSubjectX500Principal().getEncoded()).getRDNs();

        assertThat(rdns).hasSize(2);
        assertThat(rdns[0].getFirst().getType()).isEqualTo(BCStyle.CN);
        assertThat(((ASN1String) rdns[0].getFirst().getValue()).getString()).isEqualTo("Jami device");
        assertThat(rdns[1].getFirst().getType()).isEqualTo(BCStyle.UID);
        assertThat(((ASN1String) rdns[1].getFirst().getValue()).getString()).isEqualTo(opensslCsr.sha1Id());
    }

    private static X509Certificate issueDevice(DeviceCsr csr) {
        return Pem.parseCertificate(Pem.encodeCertificate(DeviceCertificateIssuer.issue(accountCertificate,
                account.getPrivate(), csr, NOT_BEFORE, NOT_AFTER, new SerialNumbers().next())));
    }

    private static void assertLinked(X509Certificate child, X509Certificate issuer) {
        assertThat(child.getIssuerX500Principal().getEncoded()).isEqualTo(issuer.getSubjectX500Principal().getEncoded());
        assertThat(PkiAssertions.authorityKeyId(child).getKeyIdentifier()).isEqualTo(PkiAssertions.subjectKeyId(issuer));
    }

    private static PKIXCertPathValidatorResult validateWithJdk(X509Certificate device, X509Certificate account,
                                                               X509Certificate trustedCa) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(device, account));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trustedCa, null)));
        parameters.setRevocationEnabled(false);
        return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static OpenSsl.Result verifyWithOpenssl(X509Certificate device, X509Certificate account,
                                                    X509Certificate trustedCa) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(trustedCa));
        Files.writeString(dir.resolve("account.pem"), Pem.encodeCertificate(account));
        Files.writeString(dir.resolve("device.pem"), Pem.encodeCertificate(device));
        // -x509_strict adds RFC 5280 checks (critical basicConstraints on CAs, key identifiers present).
        return OpenSsl.exec(dir, "verify", "-x509_strict", "-CAfile", "ca.pem", "-untrusted", "account.pem",
                "device.pem");
    }
}
