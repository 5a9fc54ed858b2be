package org.jams.command.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CRL that is a pure function of its inputs, so the CRL "as it was at T" comes out byte-identical each time it is
 * produced for the same T: thisUpdate is T truncated to the second, nextUpdate thisUpdate plus the CRL lifetime, the
 * CRL number T in milliseconds since the epoch (so it grows with T), entries sorted by serial with their revocation
 * time truncated to the second and their reason code if they have one, and an RSA PKCS#1 v1.5
 * signature with SHA-512, which is deterministic.
 */
public final class DeterministicCrl {

    /**
     * A revoked certificate of this issuer; reasonCode is an RFC 5280 CRLReason, or null for none (RFC 5280 prefers no
     * reason code to "unspecified"); notAfter the end of the certificate's validity, after which no CRL lists it, or
     * null when not known (it is then listed for ever).
     */
    public record Revoked(BigInteger serial, Instant revokedAt, Integer reasonCode, Instant notAfter) {
        public Revoked(BigInteger serial, Instant revokedAt, Integer reasonCode) {
            this(serial, revokedAt, reasonCode, null);
        }

        public Revoked(BigInteger serial, Instant revokedAt) {
            this(serial, revokedAt, null, null);
        }

        /** Whether its certificate's validity ended by that moment, so a CRL of then leaves it out. */
        public boolean expiredBy(Instant moment) {
            return notAfter != null && !notAfter.isAfter(moment);
        }
    }

    private DeterministicCrl() {
    }

    /**
     * @param issuer   the certificate of the key that signs (its subject becomes the CRL issuer, its subject key
     *                 identifier the authority key identifier)
     * @param key      the issuer's private key (RSA)
     * @param at       the moment the CRL describes (T)
     * @param lifetime how long after thisUpdate the next CRL is due
     * @param revoked  the certificates revoked by T; a serial listed twice keeps its earliest revocation, with its
     *                 reason; one whose validity ended by thisUpdate is left out (RFC 5280 §3.3 lets it go)
     * @return the DER encoding
     */
    public static byte[] build(X509Certificate issuer, PrivateKey key, Instant at, Duration lifetime,
                               Collection<Revoked> revoked) {
        if (at.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("A CRL moment before 1970 is not supported: " + at);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("The CRL lifetime must be positive: " + lifetime);
        }
        Instant thisUpdate = at.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(lifetime);
        Map<BigInteger, Revoked> entries = new TreeMap<>();
        for (Revoked entry : revoked) {
            if (entry.expiredBy(thisUpdate)) {
                continue;
            }
            Revoked truncated = new Revoked(entry.serial(), entry.revokedAt().truncatedTo(ChronoUnit.SECONDS),
                    entry.reasonCode(), entry.notAfter());
            entries.merge(entry.serial(), truncated, (a, b) -> b.revokedAt().isBefore(a.revokedAt()) ? b : a);
        }
        try {
            X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, time(thisUpdate));
            builder.setNextUpdate(time(nextUpdate));
            for (Revoked entry : entries.values()) {
                if (entry.reasonCode() == null) {
                    builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), null);
                } else {
                    builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reasonCode());
                }
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(subjectKeyIdentifier(issuer)));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(at.toEpochMilli())));
            ContentSigner signer = new JcaContentSignerBuilder("SHA512withRSA").build(key);
            return builder.build(signer).getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Could not build the CRL of " + issuer.getSubjectX500Principal(), e);
        }
    }

    /** The number the CRL of moment {@code at} carries. */
    public static BigInteger crlNumber(Instant at) {
        return BigInteger.valueOf(at.toEpochMilli());
    }

    private static Time time(Instant instant) {
        return new Time(Date.from(instant), Locale.ROOT);
    }

    /** The issuer certificate's subject key identifier, or RFC 5280's method 1 over its key when it has none. */
    private static byte[] subjectKeyIdentifier(X509Certificate issuer) throws IOException {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            return ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension)).getOctets();
        }
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
