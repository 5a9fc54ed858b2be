package org.jams.command.jami;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** RSA key pairs shared by the tests of this package (2048-bit for speed; generated once per JVM). */
final class TestKeys {

    static final KeyPair ACCOUNT = rsa(2048);
    static final KeyPair DEVICE = rsa(2048);
    static final KeyPair OTHER = rsa(2048);

    private TestKeys() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
