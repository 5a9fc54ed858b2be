package org.jams.command.pki;

import java.security.PrivateKey;

/** Keeps account private keys on the server, sealed; they never leave it. Keyed by the Jami ID. */
public interface AccountKeyVault {
    void store(String jamiId, PrivateKey privateKey);

    PrivateKey load(String jamiId);
}
