package org.jams.command.pki;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A device's PKCS#10 certificate request, accepted only if it is self-signed with an RSA key of at
 * least 2048 bits. Only its public key is used; the requested subject is ignored.
 */
public final class DeviceCsr {

    static final int MAX_PEM_CHARS = 64 * 1024;
    private static final Set<String> REQUEST_LABELS = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

    private final PublicKey publicKey;

    private DeviceCsr(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /** Accepts "CERTIFICATE REQUEST" and the "NEW CERTIFICATE REQUEST" header the Jami client sends. */
    public static DeviceCsr parse(String pem) {
        if (pem != null && pem.length() > MAX_PEM_CHARS) {
            throw new PkiException(PkiException.CSR_TOO_LARGE,
                    "The certificate request is larger than " + MAX_PEM_CHARS / 1024 + " KiB.");
        }
        PKCS10CertificationRequest request = read(pem);
        PublicKey publicKey = publicKeyOf(request);
        RsaKeyPolicy.requireStrongRsa(publicKey, "device key");
        requireSelfSigned(request);
        return new DeviceCsr(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String sha1Id() {
        return KeyIds.sha1Id(publicKey);
    }

    public String sha256Id() {
        return KeyIds.sha256Id(publicKey);
    }

    private static PKCS10CertificationRequest read(String pem) {
        if (pem == null) {
            throw malformed("No certificate request was given.", null);
        }
        try {
            List<PemBlocks.Block> blocks = PemBlocks.read(pem);
            if (!blocks.isEmpty() && REQUEST_LABELS.contains(blocks.get(0).label())) {
                return new PKCS10CertificationRequest(blocks.get(0).der());
            }
        } catch (IOException | RuntimeException e) {
            // Bad Base64 is an IllegalArgumentException; BouncyCastle reports bad DER as unchecked exceptions too.
            throw malformed("The certificate request is not valid PEM-encoded PKCS#10.", e);
        }
        throw malformed("The text contains no PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----).",
                null);
    }

    private static PublicKey publicKeyOf(PKCS10CertificationRequest request) {
        try {
            return new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiException.UNSUPPORTED_KEY, "The device key must be RSA of at least "
                    + RsaKeyPolicy.MIN_BITS + " bits; found a key of type "
                    + request.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ".", e);
        }
    }

    /**
     * Proof that the device holds the private key. The signing provider (ACCP, or the JDK's) verifies the usual RSA
     * signatures; BouncyCastle (which knows more hashes) only those it does not know, because it also tests every new
     * RSA modulus for primality: about 3 ms for an RSA-2048 key and 19 ms for the RSA-4096 key of a real Jami device,
     * more than the three signatures of an enrollment. A device's key being weak would only weaken that device.
     */
    private static void requireSelfSigned(PKCS10CertificationRequest request) {
        boolean valid;
        try {
            valid = verify(request, new JcaContentVerifierProviderBuilder());
        } catch (OperatorCreationException | PKCSException | RuntimeException unknownToTheJdk) {
            try {
                valid = verify(request, new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER));
            } catch (OperatorCreationException | PKCSException | RuntimeException e) {
                throw badSignature(e);
            }
        }
        if (!valid) {
            throw badSignature(null);
        }
    }

    private static boolean verify(PKCS10CertificationRequest request, JcaContentVerifierProviderBuilder verifiers)
            throws OperatorCreationException, PKCSException {
        return request.isSignatureValid(verifiers.build(request.getSubjectPublicKeyInfo()));
    }

    private static PkiException badSignature(Exception cause) {
        return new PkiException(PkiException.BAD_CSR_SIGNATURE,
                "The certificate request's signature does not verify with its own key.", cause);
    }

    private static PkiException malformed(String message, Exception cause) {
        return new PkiException(PkiException.MALFORMED_CSR, message, cause);
    }
}
