package org.jams.gateway.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets on disk: directories 0700 and files 0600, created with those permissions (never widened later). */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
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
