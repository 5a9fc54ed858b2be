package org.jams.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
    // The keys of the people who enrolled lately stay open in memory, to spare a query and a decryption per
    // signature; an account key never changes for a Jami ID, so entries never go stale. Bounded: a key held by the
    // native signing library takes a few kilobytes, and an organisation has up to hundreds of thousands of people.
    private final Cache<String, PrivateKey> opened;

    /** @param openKeys how many opened keys to keep, the least recently used ones leaving first */
    public SealedAccountKeyVault(JdbcTemplate jdbc, KeyEncryptionKey keyEncryptionKey, int openKeys) {
        this.jdbc = jdbc;
        this.keyEncryptionKey = keyEncryptionKey;
        this.opened = Caffeine.newBuilder().maximumSize(openKeys).build();
    }

    @Override
    public void store(String jamiId, PrivateKey privateKey) {
        byte[] sealed = keyEncryptionKey.seal(privateKey.getEncoded(), jamiId);
        jdbc.update("INSERT INTO account_key (jami_id, sealed_key) VALUES (?, ?)", jamiId, sealed);
    }

    @Override
    public PrivateKey load(String jamiId) {
        return opened.get(jamiId, this::open);
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
