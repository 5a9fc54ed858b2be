package org.jams.command.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Jami identifiers derived from a public key: the SHA-1 of the DER SubjectPublicKeyInfo is the
 * account's "Jami ID" (and the legacy device id); its SHA-256 is the newer device id.
 */
public final class KeyIds {

    private KeyIds() {
    }

    /** 40 lowercase hex characters. */
    public static String sha1Id(PublicKey key) {
        return HexFormat.of().formatHex(sha1(key));
    }

    /** 64 lowercase hex characters. */
    public static String sha256Id(PublicKey key) {
        return HexFormat.of().formatHex(digest("SHA-256", key));
    }

    /** The raw 20 bytes behind {@link #sha1Id}; Jami also uses them as the subject key identifier. */
    static byte[] sha1(PublicKey key) {
        return digest("SHA-1", key);
    }

    /**
     * The hash OCSP CertIDs name an issuer by (RFC 6960 §4.1.1): over the subjectPublicKey bits alone, not the whole
     * SubjectPublicKeyInfo that Jami IDs hash. {@code algorithm} is a JCA name, SHA-1 or SHA-256.
     */
    public static byte[] issuerKeyHash(String algorithm, PublicKey key) {
        try {
            byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
            return MessageDigest.getInstance(algorithm).digest(bits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK must provide " + algorithm, e);
        }
    }

    private static byte[] digest(String algorithm, PublicKey key) {
        try {
            // getEncoded() of a public key is the DER SubjectPublicKeyInfo, which is what Jami hashes.
            return MessageDigest.getInstance(algorithm).digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK must provide " + algorithm, e);
        }
    }
}
