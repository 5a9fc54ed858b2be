package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.command.pki.PkiAssertions.refusal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports material made by the openssl CLI, the way an administrator would produce it. */
class OrganisationCaImportTest {

    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String OPENSSL_CONFIG = """
            [req]
            distinguished_name = dn
            [dn]
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [ca_pathlen1]
            basicConstraints = critical,CA:TRUE,pathlen:1
            keyUsage = critical,keyCertSign,cRLSign
            [ca_pathlen0]
            basicConstraints = critical,CA:TRUE,pathlen:0
            keyUsage = critical,keyCertSign,cRLSign
            [ca_without_cert_sign]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,digitalSignature
            [leaf]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            """;

    @TempDir
    static Path dir;

    private final OrganisationCaFactory factory = new OrganisationCaFactory();
    private final Instant now = Instant.now();

    @BeforeAll
    static void createMaterialWithOpenssl() throws IOException {
        Files.writeString(dir.resolve("openssl.cnf"), OPENSSL_CONFIG);
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other-key.pem");
        openssl("pkey", "-in", "key.pem", "-traditional", "-out", "key-pkcs1.pem");
        openssl("pkcs8", "-topk8", "-in", "key.pem", "-passout", "pass:" + PASSPHRASE, "-out", "key-encrypted.pem");
        openssl("rsa", "-in", "key.pem", "-traditional", "-aes256", "-passout", "pass:" + PASSPHRASE,
                "-out", "key-legacy-encrypted.pem");
        for (String profile : new String[] {"ca", "ca_pathlen1", "ca_pathlen0", "ca_without_cert_sign", "leaf"}) {
            openssl("req", "-x509", "-new", "-key", "key.pem", "-subj", "/O=Example Org/CN=Imported CA",
                    "-days", "30", "-config", "openssl.cnf", "-extensions", profile, "-out", profile + ".pem");
        }
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ec-key.pem", "-subj", "/CN=EC CA", "-days", "30", "-config", "openssl.cnf",
                "-extensions", "ca", "-out", "ec-ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", "rsa1024-key.pem",
                "-subj", "/CN=Weak CA", "-days", "30", "-config", "openssl.cnf", "-extensions", "ca",
                "-out", "rsa1024-ca.pem");
    }

    @Test
    void importsUnencryptedPkcs8Key() {
        OrganisationCa ca = factory.importPem(read("ca.pem"), read("key.pem"), null, now);

        assertThat(read("key.pem")).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(ca.certificate()).isEqualTo(Pem.parseCertificate(read("ca.pem")));
        assertKeyBelongsToCertificate(ca);
    }

    @Test
    void importsPkcs1Key() {
        assertThat(read("key-pkcs1.pem")).contains("-----BEGIN RSA PRIVATE KEY-----");

        assertKeyBelongsToCertificate(factory.importPem(read("ca.pem"), read("key-pkcs1.pem"), null, now));
    }

    @Test
    void importsEncryptedPkcs8KeyWithTheRightPassphrase() {
        assertThat(read("key-encrypted.pem")).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertKeyBelongsToCertificate(
                factory.importPem(read("ca.pem"), read("key-encrypted.pem"), PASSPHRASE.toCharArray(), now));
    }

    @Test
    void importsLegacyOpensslEncryptedPkcs1KeyWithTheRightPassphrase() {
        assertThat(read("key-legacy-encrypted.pem")).contains("Proc-Type: 4,ENCRYPTED");

        assertKeyBelongsToCertificate(factory.importPem(read("ca.pem"), read("key-legacy-encrypted.pem"),
                PASSPHRASE.toCharArray(), now));
    }

    @Test
    void importsCaWhosePathLengthLeavesRoomForAccountCertificates() {
        assertKeyBelongsToCertificate(factory.importPem(read("ca_pathlen1.pem"), read("key.pem"), null, now));
    }

    @Test
    void refusesEncryptedKeyWithoutPassphrase() {
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("key-encrypted.pem"), null, now)).code())
                .isEqualTo(PkiException.PASSPHRASE_REQUIRED);
    }

    @Test
    void refusesEncryptedKeyWithWrongPassphrase() {
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("key-encrypted.pem"),
                "wrong".toCharArray(), now)).code())
                .isEqualTo(PkiException.WRONG_PASSPHRASE);
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("key-legacy-encrypted.pem"),
                "wrong".toCharArray(), now)).code())
                .isEqualTo(PkiException.WRONG_PASSPHRASE);
    }

    @Test
    void refusesCertificateThatIsNotACa() {
        assertThat(refusal(() -> factory.importPem(read("leaf.pem"), read("key.pem"), null, now)).code())
                .isEqualTo(PkiException.NOT_A_CA);
    }

    @Test
    void refusesCaWhoseKeyUsageForbidsCertificateSigning() {
        assertThat(refusal(() -> factory.importPem(read("ca_without_cert_sign.pem"), read("key.pem"), null, now))
                .code())
                .isEqualTo(PkiException.NOT_A_CA);
    }

    @Test
    void refusesCaWithPathLengthZeroBecauseAccountCertificatesSitBelowIt() {
        PkiException refusal = refusal(() -> factory.importPem(read("ca_pathlen0.pem"), read("key.pem"), null, now));

        assertThat(refusal.code()).isEqualTo(PkiException.PATH_LENGTH_ZERO);
        assertThat(refusal.getMessage()).contains("account certificates sit below it");
    }

    @Test
    void refusesExpiredCa() {
        Instant afterExpiry = Pem.parseCertificate(read("ca.pem")).getNotAfter().toInstant().plusSeconds(1);

        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("key.pem"), null, afterExpiry)).code())
                .isEqualTo(PkiException.EXPIRED);
    }

    @Test
    void refusesCaThatIsNotYetValid() {
        Instant beforeStart = Pem.parseCertificate(read("ca.pem")).getNotBefore().toInstant().minus(Duration.ofDays(1));

        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("key.pem"), null, beforeStart)).code())
                .isEqualTo(PkiException.NOT_YET_VALID);
    }

    @Test
    void refusesPrivateKeyOfAnotherCertificate() {
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("other-key.pem"), null, now)).code())
                .isEqualTo(PkiException.KEY_MISMATCH);
    }

    @Test
    void refusesEcCaBecauseJamiChecksSignaturesAsRsa() {
        PkiException refusal = refusal(() -> factory.importPem(read("ec-ca.pem"), read("ec-key.pem"), null, now));

        assertThat(refusal.code()).isEqualTo(PkiException.UNSUPPORTED_KEY);
        assertThat(refusal.getMessage()).contains("EC 256-bit");
    }

    @Test
    void refusesRsaCaKeyShorterThan2048Bits() {
        PkiException refusal = refusal(() ->
                factory.importPem(read("rsa1024-ca.pem"), read("rsa1024-key.pem"), null, now));

        assertThat(refusal.code()).isEqualTo(PkiException.UNSUPPORTED_KEY);
        assertThat(refusal.getMessage()).contains("RSA 1024-bit");
    }

    @Test
    void refusesGarbageInsteadOfCertificate() {
        assertThat(refusal(() -> factory.importPem("not a certificate", read("key.pem"), null, now)).code())
                .isEqualTo(PkiException.UNREADABLE_CERTIFICATE);
    }

    @Test
    void refusesGarbageInsteadOfPrivateKey() {
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), "not a key", null, now)).code())
                .isEqualTo(PkiException.UNREADABLE_PRIVATE_KEY);
        assertThat(refusal(() -> factory.importPem(read("ca.pem"), read("ca.pem"), null, now)).code())
                .isEqualTo(PkiException.UNREADABLE_PRIVATE_KEY);
    }

    private static void assertKeyBelongsToCertificate(OrganisationCa ca) {
        assertThat(((RSAPrivateKey) ca.privateKey()).getModulus())
                .isEqualTo(((RSAPublicKey) ca.certificate().getPublicKey()).getModulus());
    }

    private static void openssl(String... arguments) {
        OpenSsl.run(dir, arguments);
    }

    private static String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
