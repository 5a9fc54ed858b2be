package org.jams.command.pki;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** RSA key pair generation; Jami accounts and organisation CAs use RSA-4096. */
public final class RsaKeyPairs {

    static final int JAMI_KEY_BITS = 4096;

    private RsaKeyPairs() {
    }

    public static KeyPair generate4096() {
        return generate(JAMI_KEY_BITS);
    }

    /** Package-visible so tests can use smaller, faster keys where no profile demands 4096 bits. */
    static KeyPair generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK must provide RSA key generation", e);
        }
    }
}
