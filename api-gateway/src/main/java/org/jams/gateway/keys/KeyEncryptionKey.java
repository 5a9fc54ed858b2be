package org.jams.gateway.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that seals account private keys in the database, kept in {@code jams.home/secrets}, readable only
 * by the server's user. Several nodes sharing one database must share this file.
 */
public final class KeyEncryptionKey {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private KeyEncryptionKey(SecretKey key) {
        this.key = key;
    }

    public static KeyEncryptionKey loadOrCreate(Path home) throws IOException {
        Path file = home.resolve("secrets").resolve("key-encryption.key");
        byte[] raw = Base64.getDecoder().decode(OwnerOnlyFiles.readOrCreateRandom(file, 32, Base64.getEncoder()));
        return new KeyEncryptionKey(new SecretKeySpec(raw, "AES"));
    }

    /** AES-GCM with a random IV; the associated data binds the sealed key to its owner's id. */
    public byte[] seal(byte[] plaintext, String associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a key", e);
        }
    }

    public byte[] open(byte[] sealed, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed key does not open with this server's key-encryption key", e);
        }
    }
}
