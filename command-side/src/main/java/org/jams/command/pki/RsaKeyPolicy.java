package org.jams.command.pki;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/** The one key type Jami accepts: the client checks every signature as RSA with SHA-512. */
final class RsaKeyPolicy {

    static final int MIN_BITS = 2048;

    private RsaKeyPolicy() {
    }

    /** @param role what the key is, for the message, e.g. "device key" */
    static void requireStrongRsa(Key key, String role) {
        if (!(key instanceof RSAKey rsa) || !"RSA".equals(key.getAlgorithm())
                || rsa.getModulus().bitLength() < MIN_BITS) {
            throw new PkiException(PkiException.UNSUPPORTED_KEY, "The " + role + " must be RSA of at least "
                    + MIN_BITS + " bits, because Jami checks every signature as RSA with SHA-512; found "
                    + describe(key) + ".");
        }
    }

    /** e.g. "RSA 1024-bit", "EC 256-bit", "Ed25519" */
    static String describe(Key key) {
        if (key instanceof RSAKey rsa) {
            return key.getAlgorithm() + " " + rsa.getModulus().bitLength() + "-bit";
        }
        if (key instanceof ECKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize() + "-bit";
        }
        return key.getAlgorithm();
    }
}
