package org.jams.gateway.keys;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.jams.command.pki.AccountKeyVault;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Account keys sealed in PostgreSQL. The write joins the command's transaction, so the key and the UserRegistered
 * event are stored together or not at all.
 */
public class SealedAccountKeyVault implements AccountKeyVault {

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKey keyEncryptionKey;
    // Opened keys stay in this process's memory (where they are used anyway) to spare a query and a decryption
    // per signature; an account key never changes for a Jami ID, so entries never go stale.
    private final java.util.Map<String, PrivateKey> opened = new java.util.concurrent.ConcurrentHashMap<>();

    public SealedAccountKeyVault(JdbcTemplate jdbc, KeyEncryptionKey keyEncryptionKey) {
        this.jdbc = jdbc;
        this.keyEncryptionKey = keyEncryptionKey;
    }

    @Override
    public void store(String jamiId, PrivateKey privateKey) {
        byte[] sealed = keyEncryptionKey.seal(privateKey.getEncoded(), jamiId);
        jdbc.update("INSERT INTO account_key (jami_id, sealed_key) VALUES (?, ?)", jamiId, sealed);
    }

    @Override
    public PrivateKey load(String jamiId) {
        return opened.computeIfAbsent(jamiId, this::open);
    }

    private PrivateKey open(String jamiId) {
        byte[] sealed = jdbc.queryForObject("SELECT sealed_key FROM account_key WHERE jami_id = ?", byte[].class,
                jamiId);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    keyEncryptionKey.open(sealed, jamiId)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The sealed account key of " + jamiId + " is not an RSA key", e);
        }
    }
}
