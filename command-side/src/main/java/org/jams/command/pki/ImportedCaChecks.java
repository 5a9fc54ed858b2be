package org.jams.command.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** Refuses an imported CA that could not sign a chain the Jami client accepts. */
final class ImportedCaChecks {

    private static final int KEY_CERT_SIGN = 5; // index in X509Certificate.getKeyUsage()

    private ImportedCaChecks() {
    }

    static void check(X509Certificate certificate, PrivateKey privateKey, Instant now) {
        requireCa(certificate);
        requireValidAt(certificate, now);
        RsaKeyPolicy.requireStrongRsa(certificate.getPublicKey(), "CA certificate's key");
        RsaKeyPolicy.requireStrongRsa(privateKey, "CA private key");
        requireMatchingKey(certificate, privateKey);
    }

    private static void requireCa(X509Certificate certificate) {
        int pathLength = certificate.getBasicConstraints();
        if (pathLength < 0) {
            throw new PkiException(PkiException.NOT_A_CA,
                    "The certificate is not a CA certificate: basicConstraints CA:TRUE is missing.");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            throw new PkiException(PkiException.NOT_A_CA,
                    "The certificate's key usage does not allow signing certificates (keyCertSign).");
        }
        if (pathLength == 0) {
            throw new PkiException(PkiException.PATH_LENGTH_ZERO,
                    "The CA certificate limits the path length to 0, but account certificates sit below it"
                            + " and themselves sign device certificates.");
        }
    }

    private static void requireValidAt(X509Certificate certificate, Instant now) {
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new PkiException(PkiException.EXPIRED,
                    "The CA certificate expired on " + certificate.getNotAfter().toInstant() + ".");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new PkiException(PkiException.NOT_YET_VALID,
                    "The CA certificate is not valid before " + certificate.getNotBefore().toInstant() + ".");
        }
    }

    // Proves possession the way the key will be used: a signature the certificate's public key verifies.
    private static void requireMatchingKey(X509Certificate certificate, PrivateKey privateKey) {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(CertificateDraft.SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();

            Signature verifier = Signature.getInstance(CertificateDraft.SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw keyMismatch(e);
        }
        throw keyMismatch(null);
    }

    private static PkiException keyMismatch(Exception cause) {
        return new PkiException(PkiException.KEY_MISMATCH,
                "The private key does not belong to the CA certificate.", cause);
    }
}
