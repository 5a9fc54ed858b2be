package org.jams.gateway.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets on disk: directories 0700 and files 0600, created with those permissions (never widened later). */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * A random secret kept as text in {@code file}: the stored one, or {@code randomBytes} fresh random bytes encoded
     * by {@code encoder}, written (owner-only) the first time.
     */
    public static String readOrCreateRandom(Path file, int randomBytes, Base64.Encoder encoder) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[randomBytes];
            new SecureRandom().nextBytes(fresh);
            write(file, encoder.encodeToString(fresh).getBytes(StandardCharsets.US_ASCII));
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(directory, ".tmp-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
