package org.jams.gateway.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jams.command.pki.Pem;

/**
 * The HTTPS side of an end-to-end test: a throw-away test CA and a server certificate for
 * {@code 127.0.0.1} and any further addresses asked for (IP SANs, which jamid's RFC 2818 check
 * needs; e.g. the host's address on a {@link NoIpv6Namespace}'s link), written as PEM files. The CA
 * file is what jamid gets as {@code CA_ROOT_FILE}; the Java HTTP clients of the test trust it too.
 */
public final class TestServerPki {

    private final Path dir;
    private final X509Certificate ca;
    private final Path caFile;
    private final Path certificateFile;
    private final Path keyFile;

    private TestServerPki(Path dir, X509Certificate ca, Path caFile, Path certificateFile, Path keyFile) {
        this.dir = dir;
        this.ca = ca;
        this.caFile = caFile;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
    }

    /**
     * Generates the CA and the server certificate (RSA-2048, SHA-256) into {@code dir}; the certificate names
     * 127.0.0.1, localhost and {@code moreAddresses} (IP literals).
     */
    static TestServerPki generate(Path dir, String... moreAddresses) {
        try {
            KeyPair caKeys = rsa();
            X500Name caName = new X500Name("CN=JAMS end-to-end test CA");
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(caKeys.getPublic())), caKeys.getPrivate());

            KeyPair serverKeys = rsa();
            X509Certificate server = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                    new X500Name("CN=127.0.0.1"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            subjectAlternativeNames(moreAddresses)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca)), caKeys.getPrivate());

            Files.createDirectories(dir);
            Path caFile = Files.writeString(dir.resolve("test-ca.pem"), Pem.encodeCertificate(ca));
            Path certificateFile = Files.writeString(dir.resolve("server.pem"), Pem.encodeCertificate(server));
            Path keyFile = Files.writeString(dir.resolve("server.key"), Pem.encodePrivateKey(serverKeys.getPrivate()));
            return new TestServerPki(dir, ca, caFile, certificateFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the test PKI", e);
        }
    }

    private static GeneralName[] subjectAlternativeNames(String... moreAddresses) {
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")));
        for (String address : moreAddresses) {
            names.add(new GeneralName(GeneralName.iPAddress, address));
        }
        return names.toArray(GeneralName[]::new);
    }

    Path dir() {
        return dir;
    }

    /** The test CA, PEM: jamid's {@code CA_ROOT_FILE}. */
    Path caFile() {
        return caFile;
    }

    Path certificateFile() {
        return certificateFile;
    }

    Path keyFile() {
        return keyFile;
    }

    /** An HTTP/1.1 client that trusts only the test CA and presents no client certificate. */
    HttpClient client() {
        return client(null, null);
    }

    /**
     * An HTTP/1.1 client that trusts only the test CA and presents {@code chain} (leaf first) with
     * {@code key} as its TLS client certificate, as jamid does on {@code /api/login}.
     */
    HttpClient client(PrivateKey key, List<X509Certificate> chain) {
        return httpClient(ca, key, chain);
    }

    /**
     * An HTTP/1.1 client that trusts only {@code trusted} and, when {@code key} is given, presents {@code chain}
     * (leaf first) as its TLS client certificate.
     */
    public static HttpClient httpClient(X509Certificate trusted, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", trusted);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (key != null) {
                char[] password = "changeit".toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("device", key, password, chain.toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }
}
