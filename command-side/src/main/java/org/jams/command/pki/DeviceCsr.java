package org.jams.command.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
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
    /** The PKCS#1 v1.5 signatures by their JCA names: what Jami clients send (SHA-512) and the other usual hashes. */
    private static final Map<ASN1ObjectIdentifier, String> PKCS1_SIGNATURES = Map.of(
            PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA1withRSA",
            PKCSObjectIdentifiers.sha224WithRSAEncryption, "SHA224withRSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

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
        requireSelfSigned(request, publicKey);
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
    private static void requireSelfSigned(PKCS10CertificationRequest request, PublicKey publicKey) {
        String pkcs1 = pkcs1SignatureOf(request.getSignatureAlgorithm());
        boolean valid = pkcs1 != null ? verifyOnce(request, pkcs1, publicKey) : verifyAnyOther(request);
        if (!valid) {
            throw badSignature(null);
        }
    }

    /** The JCA name of a PKCS#1 v1.5 signature algorithm (parameters absent or NULL, as RFC 4055 asks), else null. */
    private static String pkcs1SignatureOf(AlgorithmIdentifier algorithm) {
        ASN1Encodable parameters = algorithm.getParameters();
        boolean noParameters = parameters == null || DERNull.INSTANCE.equals(parameters);
        return noParameters ? PKCS1_SIGNATURES.get(algorithm.getAlgorithm()) : null;
    }

    /**
     * The usual signatures, verified once by the signing provider with the key already read. BouncyCastle's JCA
     * verifier would verify an RSA signature twice: with the provider's algorithm, then again, always, with a raw
     * "NONEwithRSA" signature, which no fast provider offers, so the JDK's Java arithmetic did it: about 0.1 ms for
     * a Jami device's RSA-4096 key, on every enrollment.
     */
    private static boolean verifyOnce(PKCS10CertificationRequest request, String algorithm, PublicKey publicKey) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(publicKey);
            signature.update(request.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
            return signature.verify(request.getSignature());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // e.g. a signature longer than the key's modulus, or a BIT STRING with unused bits BouncyCastle refuses
            throw badSignature(e);
        }
    }

    /** Any other signature: by the signing provider if it knows the algorithm, else by BouncyCastle's. */
    private static boolean verifyAnyOther(PKCS10CertificationRequest request) {
        try {
            return verify(request, new JcaContentVerifierProviderBuilder());
        } catch (OperatorCreationException | PKCSException | RuntimeException unknownToTheJdk) {
            try {
                return verify(request, new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER));
            } catch (OperatorCreationException | PKCSException | RuntimeException e) {
                throw badSignature(e);
            }
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
