package org.jams.command.pki;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** An X.509 v3 certificate being assembled, then signed with SHA512withRSA. */
final class CertificateDraft {

    // The Jami client verifies every signature in the chain as RSA with SHA-512.
    static final String SIGNATURE_ALGORITHM = "SHA512withRSA";

    private final X509v3CertificateBuilder builder;

    CertificateDraft(X500Name issuer, BigInteger serial, Instant notBefore, Instant notAfter,
                     X500Name subject, PublicKey subjectKey) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        this.builder = new JcaX509v3CertificateBuilder(issuer, serial, toDate(notBefore), toDate(notAfter),
                subject, subjectKey);
    }

    CertificateDraft critical(ASN1ObjectIdentifier extension, ASN1Encodable value) {
        return add(extension, true, value);
    }

    CertificateDraft nonCritical(ASN1ObjectIdentifier extension, ASN1Encodable value) {
        return add(extension, false, value);
    }

    X509Certificate signWith(PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(signed(issuerKey));
        } catch (CertificateException e) {
            throw new PkiException(PkiException.SIGNING_FAILED, "The signed certificate could not be decoded.", e);
        }
    }

    /**
     * The signed certificate's DER encoding, without decoding it again into a JCA certificate object: a device
     * certificate only goes to the event and the client, and that decoding cost as much Java CPU as building it.
     */
    byte[] signToDer(PrivateKey issuerKey) {
        try {
            return signed(issuerKey).getEncoded();
        } catch (java.io.IOException e) {
            throw new PkiException(PkiException.SIGNING_FAILED, "The signed certificate could not be encoded.", e);
        }
    }

    private X509CertificateHolder signed(PrivateKey issuerKey) {
        try {
            return builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey));
        } catch (OperatorCreationException | RuntimeException e) {
            throw new PkiException(PkiException.SIGNING_FAILED,
                    "The certificate could not be signed with " + SIGNATURE_ALGORITHM + ".", e);
        }
    }

    private CertificateDraft add(ASN1ObjectIdentifier extension, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(extension, critical, value);
            return this;
        } catch (CertIOException e) {
            throw new IllegalStateException("Extension " + extension + " could not be encoded", e);
        }
    }

    // X.509 times carry whole seconds; truncating here keeps the certificate equal to what callers asked.
    private static Date toDate(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
