package org.jams.gateway.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.jams.command.pki.OrganisationCaKeys;
import org.jams.command.pki.Pem;

/** The organisation CA's private key, as an unencrypted PKCS#8 file under {@code jams.home/ca}, mode 0600. */
public class OrganisationCaKeyFiles implements OrganisationCaKeys {

    private final Path directory;

    public OrganisationCaKeyFiles(Path home) {
        this.directory = home.resolve("ca").toAbsolutePath();
    }

    /** Stores the key under its CA key id; returns false when a key with that id was already there. */
    public boolean store(String caKeyId, PrivateKey key) throws IOException {
        Path file = file(caKeyId);
        if (Files.exists(file)) {
            return false;
        }
        OwnerOnlyFiles.write(file, Pem.encodePrivateKey(key).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return true;
    }

    public void delete(String caKeyId) throws IOException {
        Files.deleteIfExists(file(caKeyId));
    }

    @Override
    public PrivateKey load(String caKeyId) {
        try {
            return Pem.parsePrivateKey(Files.readString(file(caKeyId)), null);
        } catch (IOException e) {
            throw new IllegalStateException("The organisation CA key " + caKeyId + " is missing from " + directory, e);
        }
    }

    private Path file(String caKeyId) {
        if (!caKeyId.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("Not a key id: " + caKeyId);
        }
        return directory.resolve(caKeyId + ".key.pem");
    }
}
