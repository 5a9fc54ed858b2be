package org.jams.command.jami;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.Objects;

/**
 * The only signature the Jami client checks (protocol spec §4.5): RSASSA-PKCS1-v1_5 with SHA-512. OpenDHT
 * verifies with {@code GNUTLS_SIGN_RSA_SHA512}, so neither another hash nor PSS would pass.
 */
final class JamiSignatures {

    static final String ALGORITHM = "SHA512withRSA";

    private JamiSignatures() {
    }

    static byte[] sign(PrivateKey privateKey, byte[] data) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(data, "data");
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("account private key cannot sign " + ALGORITHM
                    + " (the Jami client only accepts RSA keys)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + ALGORITHM + " failed", e);
        }
    }

    /**
     * Rejects an account key pair whose halves do not belong together: the client would reject everything signed
     * with it, and the error would only show up on the device.
     */
    static void requireRsaPair(PublicKey publicKey, PrivateKey privateKey) {
        Objects.requireNonNull(publicKey, "accountPublicKey");
        Objects.requireNonNull(privateKey, "accountPrivateKey");
        if (!(publicKey instanceof RSAKey rsaPublic) || !(privateKey instanceof RSAKey rsaPrivate)) {
            throw new IllegalArgumentException("the Jami account key must be RSA, got "
                    + publicKey.getAlgorithm() + "/" + privateKey.getAlgorithm());
        }
        if (!rsaPublic.getModulus().equals(rsaPrivate.getModulus())) {
            throw new IllegalArgumentException("account public and private keys do not form a pair");
        }
    }
}
