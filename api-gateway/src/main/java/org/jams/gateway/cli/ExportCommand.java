package org.jams.gateway.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.jams.command.audit.AuditKeys;
import org.jams.query.audit.integrity.IntegrityExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export --out FILE}: the self-contained integrity export of the live database, for offline verification. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the integrity export (JSON Lines: every event row, the chain, the signed checkpoints) "
                + "of the server's database, for 'verify --export FILE --public-key audit.pem' anywhere.",
                "Exit status: 0 written, 2 wrong usage, 3 could not run."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write; - for "
            + "standard output.")
    String out;

    @Option(names = "--public-key-out", paramLabel = "PEM",
            description = "Also copy the server's audit public key (<jams.home>/audit/audit-public-key.pem) there.")
    Path publicKeyOut;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        Path keyFile = database.home.resolve("audit").resolve("audit-public-key.pem");
        String fingerprint = Files.isReadable(keyFile)
                ? AuditKeys.fingerprint(AuditKeys.readPublicKey(Files.readString(keyFile))) : null;
        long events;
        try (DatabaseOptions.Opened opened = database.open()) {
            if (out.equals("-")) {
                OutputStream stdout = new BufferedOutputStream(System.out);
                events = IntegrityExport.write(opened.connection, stdout, fingerprint);
                stdout.flush();
            } else {
                Path target = Path.of(out);
                Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".export-", ".part");
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                    events = IntegrityExport.write(opened.connection, file, fingerprint);
                } catch (Exception e) {
                    Files.deleteIfExists(temporary);
                    throw e;
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (publicKeyOut != null) {
            if (fingerprint == null) {
                throw new IllegalArgumentException("No audit public key at " + keyFile);
            }
            Files.copy(keyFile, publicKeyOut, StandardCopyOption.REPLACE_EXISTING);
        }
        spec.commandLine().getErr().println("Exported " + events + " events" + (out.equals("-") ? "" : " to " + out)
                + (fingerprint == null ? "" : "; audit public key SHA-256 " + fingerprint));
        return JamsCli.OK;
    }
}
