package org.jams.gateway.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories of the harness; {@code -Djami.e2e.keep=true} keeps them (logs) after a run. */
final class HarnessFiles {

    private HarnessFiles() {
    }

    /**
     * A fresh directory under /tmp. Not under java.io.tmpdir: the private bus socket lives in it,
     * and a unix socket path must stay under 108 bytes.
     */
    static Path createTempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean keep() {
        return Boolean.getBoolean("jami.e2e.keep");
    }

    static void deleteRecursively(Path dir) {
        if (keep() || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temp dir must not fail a test
        }
    }
}
