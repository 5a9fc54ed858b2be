package org.jams.command.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Independent checks for the tests, the way OpenDHT does them: PKCS#1 v1.5 verification with BouncyCastle's
 * lightweight API (not JCA), key from the DER SPKI bytes, and key ids straight from {@link MessageDigest}.
 */
final class BcRsa {

    private BcRsa() {
    }

    static boolean verifySha512(byte[] spki, byte[] data, byte[] signature) {
        return verify(new SHA512Digest(), spki, data, signature);
    }

    static boolean verifySha256(byte[] spki, byte[] data, byte[] signature) {
        return verify(new SHA256Digest(), spki, data, signature);
    }

    private static boolean verify(Digest digest, byte[] spki, byte[] data, byte[] signature) {
        try {
            RSADigestSigner verifier = new RSADigestSigner(digest);
            verifier.init(false, PublicKeyFactory.createKey(spki));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha1(PublicKey key) {
        return digest("SHA-1", key.getEncoded());
    }

    static String sha1Hex(PublicKey key) {
        return HexFormat.of().formatHex(sha1(key));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
