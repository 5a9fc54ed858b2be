package org.jams.command.testing;

import java.security.PrivateKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jams.command.pki.AccountKeyVault;

/** The account key vault of the tests: a map, failing loudly on a key it never received. */
public final class InMemoryAccountKeyVault implements AccountKeyVault {

    private final Map<String, PrivateKey> keys = new ConcurrentHashMap<>();

    @Override
    public void store(String jamiId, PrivateKey privateKey) {
        keys.put(jamiId, privateKey);
    }

    @Override
    public PrivateKey load(String jamiId) {
        PrivateKey key = keys.get(jamiId);
        if (key == null) {
            throw new IllegalStateException("No account key stored for " + jamiId);
        }
        return key;
    }

    public Map<String, PrivateKey> contents() {
        return Map.copyOf(keys);
    }
}
