package org.jams.command.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance, passed explicitly where the JDK falls short (password-based key decryption,
 * every CSR signature algorithm, Ed25519 without ACCP). It is never registered globally: RSA arithmetic belongs to
 * the signing provider ({@link NativeCrypto}).
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
