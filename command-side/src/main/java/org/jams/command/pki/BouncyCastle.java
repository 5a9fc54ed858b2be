package org.jams.command.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance, passed explicitly where the JDK falls short (password-based
 * key decryption, every CSR signature algorithm). It is never registered globally, so the rest of
 * the server keeps the JDK providers.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
