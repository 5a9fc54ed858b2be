package org.jams.command.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jams.command.pki.OrganisationCa;

/**
 * Keys, certificates and CSRs for the aggregate and identity tests, built with BouncyCastle and the JDK directly,
 * independently of the PKI code under test. RSA-2048 keeps the tests fast.
 */
public final class TestPki {

    private TestPki() {
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed organisation CA (CA:TRUE, keyCertSign) on a fresh RSA-2048 key. */
    public static OrganisationCa organisationCa(String subject, BigInteger serial, Instant notBefore,
                                                Instant notAfter) {
        KeyPair key = rsa(2048);
        return new OrganisationCa(selfSigned(key, subject, serial, notBefore, notAfter, new BasicConstraints(true)),
                key.getPrivate());
    }

    /**
     * A self-signed certificate with the given basic constraints, or none at all when {@code constraintsOrNull} is
     * null. The subject is read by the JDK (RFC 2253), so {@code getSubjectX500Principal().getName()} returns it.
     */
    public static X509Certificate selfSigned(KeyPair key, String subject, BigInteger serial, Instant notBefore,
                                             Instant notAfter, BasicConstraints constraintsOrNull) {
        try {
            X500Name name = X500Name.getInstance(new X500Principal(subject).getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(notBefore),
                    Date.from(notAfter), name, key.getPublic());
            if (constraintsOrNull != null) {
                builder.addExtension(Extension.basicConstraints, true, constraintsOrNull);
                int usage = constraintsOrNull.isCA() ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                        : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A PKCS#10 request for {@code subjectKey}, signed with {@code signingKey} (the subject's own key normally). */
    public static String csrPem(PublicKey subjectKey, PrivateKey signingKey) {
        try {
            return pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=requested by device"), subjectKey)
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String csrPem(KeyPair deviceKey) {
        return csrPem(deviceKey.getPublic(), deviceKey.getPrivate());
    }

    /** PEM through BouncyCastle's writer, not through the Pem class under test. */
    public static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return text.toString();
    }

    /** Parsed by the JDK's own X.509 factory. */
    public static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a PEM certificate: " + pem, e);
        }
    }

    /** 40 hex: SHA-1 of the DER SubjectPublicKeyInfo, re-encoded by BouncyCastle. */
    public static String sha1Hex(PublicKey key) {
        return digestHex("SHA-1", key);
    }

    /** 64 hex: SHA-256 of the DER SubjectPublicKeyInfo, re-encoded by BouncyCastle. */
    public static String sha256Hex(PublicKey key) {
        return digestHex("SHA-256", key);
    }

    /** Whether {@code certificate} carries a signature made by the private half of {@code issuerKey}. */
    public static boolean isSignedBy(X509Certificate certificate, PublicKey issuerKey) {
        try {
            certificate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String digestHex(String algorithm, PublicKey key) {
        try {
            byte[] der = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getEncoded(ASN1Encoding.DER);
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
