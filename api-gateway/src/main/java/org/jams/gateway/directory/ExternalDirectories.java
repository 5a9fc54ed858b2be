package org.jams.gateway.directory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jams.api.directory.DirectorySettings;
import org.jams.gateway.keys.KeyEncryptionKey;
import org.jams.query.setup.SetupReader.DirectoryView;
import org.jams.query.setup.SetupReader;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The LDAP server or Active Directory the server is configured with, as a pool of connections. The settings are
 * read from the read model at most once per {@link #READ_EVERY} (another node may have changed them; a change made
 * through this node applies at once); the pool is rebuilt when they change.
 */
@Component
public class ExternalDirectories implements DisposableBean {

    /** What the bind password is sealed for: a sealed value opens only for this use. */
    static final String BIND_PASSWORD_PURPOSE = "directory-bind-password";

    private record Live(Instant version, LdapConnection connection) {
    }

    /** The directory's settings as last read, and when. */
    private record Read(Optional<DirectoryView> view, long atNanos) {
    }

    /** How long settings read from the database are used before they are read again. */
    static final java.time.Duration READ_EVERY = java.time.Duration.ofSeconds(1);

    private volatile Read lastRead;

    private final SetupReader setup;
    private final KeyEncryptionKey keyEncryptionKey;
    private Live live;

    public ExternalDirectories(SetupReader setup, KeyEncryptionKey keyEncryptionKey) {
        this.setup = setup;
        this.keyEncryptionKey = keyEncryptionKey;
    }

    /** The configured directory's settings, when people come from one. Blocking. */
    public Optional<DirectorySettings> settings() {
        return current().map(DirectoryView::settings);
    }

    /** Settings changed through this node apply at its next use. */
    void forget() {
        lastRead = null;
    }

    private Optional<DirectoryView> current() {
        Read read = lastRead;
        long now = System.nanoTime();
        if (read == null || now - read.atNanos() > READ_EVERY.toNanos()) {
            read = new Read(setup.directory().filter(DirectoryView::external), now);
            lastRead = read;
        }
        return read.view();
    }

    /** The configured directory's connections, when people come from one. Blocking. */
    Optional<LdapConnection> connection() {
        Optional<DirectoryView> directory = current();
        if (directory.isEmpty()) {
            closeLive(null);
            return Optional.empty();
        }
        DirectoryView view = directory.get();
        synchronized (this) {
            if (live == null || !live.version().equals(view.version())) {
                LdapConnection connection = LdapConnection.open(view.settings(), open(view.sealedBindPassword()),
                        true);
                closeLive(new Live(view.version(), connection));
            }
            return Optional.of(live.connection());
        }
    }

    /**
     * The bind password in force, for settings that keep the directory's URL and read-only account: an admin
     * changing other settings need not type it again. Blocking.
     */
    Optional<String> bindPasswordFor(String url, String bindDn) {
        return setup.directory().filter(DirectoryView::external)
                .filter(view -> view.settings().url().equals(url) && view.settings().bindDn().equals(bindDn))
                .map(view -> open(view.sealedBindPassword()));
    }

    String seal(String bindPassword) {
        return Base64.getEncoder().encodeToString(keyEncryptionKey.seal(
                bindPassword.getBytes(StandardCharsets.UTF_8), BIND_PASSWORD_PURPOSE));
    }

    private String open(String sealed) {
        return new String(keyEncryptionKey.open(Base64.getDecoder().decode(sealed), BIND_PASSWORD_PURPOSE),
                StandardCharsets.UTF_8);
    }

    private synchronized void closeLive(Live replacement) {
        if (live != null) {
            live.connection().close();
        }
        live = replacement;
    }

    @Override
    public void destroy() {
        closeLive(null);
    }
}
