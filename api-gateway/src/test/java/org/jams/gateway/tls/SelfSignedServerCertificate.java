package org.jams.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jams.command.pki.Pem;

/**
 * A self-signed server certificate for {@code 127.0.0.1} and its key (RSA, or ECDSA P-256 as certbot now issues by
 * default), written as the CERT and KEY PEM files the server reads ({@code jams.tls.certificate},
 * {@code jams.tls.private-key}); a test client trusts the certificate.
 */
public record SelfSignedServerCertificate(X509Certificate certificate, Path certificateFile, Path keyFile) {

    /** An RSA key of {@code keyBits}, signed SHA256withRSA. */
    public static SelfSignedServerCertificate write(Path dir, int keyBits) {
        return write(dir, "RSA", new RSAKeyGenParameterSpec(keyBits, RSAKeyGenParameterSpec.F4), "SHA256withRSA");
    }

    /** An ECDSA key on P-256, signed SHA256withECDSA. */
    public static SelfSignedServerCertificate writeEcdsa(Path dir) {
        return write(dir, "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA");
    }

    private static SelfSignedServerCertificate write(Path dir, String keyType, AlgorithmParameterSpec keySpec,
                                                     String signature) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            generator.initialize(keySpec);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=127.0.0.1");
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name,
                            keys.getPublic())
                            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                    new GeneralName(GeneralName.dNSName, "localhost")}))
                            .build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            Files.createDirectories(dir);
            Path certificateFile = Files.writeString(dir.resolve("server.pem"), Pem.encodeCertificate(certificate));
            Path keyFile = Files.writeString(dir.resolve("server.key"), Pem.encodePrivateKey(keys.getPrivate()));
            return new SelfSignedServerCertificate(certificate, certificateFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed server certificate", e);
        }
    }

    /** The server's command-line arguments that serve HTTPS with this certificate. */
    public List<String> serverArguments() {
        return List.of("--jams.tls.certificate=" + certificateFile, "--jams.tls.private-key=" + keyFile);
    }
}
