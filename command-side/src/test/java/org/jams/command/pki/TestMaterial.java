package org.jams.command.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys, CAs and CSRs for tests, built with BouncyCastle independently of the code under test. */
final class TestMaterial {

    private TestMaterial() {
    }

    static KeyPair rsa(int bits) {
        return RsaKeyPairs.generate(bits);
    }

    static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A production-profile CA on a 2048-bit key, so tests stay fast. */
    static OrganisationCa fastCa(String commonName, Instant now) {
        return new OrganisationCaFactory(() -> rsa(2048), new SerialNumbers()).generate(commonName, 30, now);
    }

    /** A self-signed CA with an arbitrary subject and extensions, signed SHA512withRSA. */
    static OrganisationCa customCa(X500Name subject, KeyPair keyPair,
                                   Consumer<X509v3CertificateBuilder> extensions) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.TEN,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    subject, keyPair.getPublic());
            extensions.accept(builder);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA512withRSA").build(keyPair.getPrivate())));
            return new OrganisationCa(certificate, keyPair.getPrivate());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** CA:TRUE and keyCertSign, the minimum a usable CA needs; no key identifiers. */
    static void caExtensionsWithoutKeyIdentifiers(X509v3CertificateBuilder builder) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static PKCS10CertificationRequest csr(KeyPair keyPair, String subject, String signatureAlgorithm) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm)
                            .setProvider(BouncyCastle.PROVIDER)
                            .build(keyPair.getPrivate()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String csrPem(KeyPair keyPair) {
        return toPem(csr(keyPair, "CN=requested by device", "SHA256withRSA"));
    }

    /** PEM through BouncyCastle's writer, independent of the Pem class under test. */
    static String toPem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return text.toString();
    }

    static String withNewCertificateRequestHeader(String pem) {
        return pem.replace("-----BEGIN CERTIFICATE REQUEST-----", "-----BEGIN NEW CERTIFICATE REQUEST-----")
                .replace("-----END CERTIFICATE REQUEST-----", "-----END NEW CERTIFICATE REQUEST-----");
    }
}
