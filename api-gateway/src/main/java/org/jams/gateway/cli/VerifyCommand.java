package org.jams.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.jams.command.audit.AuditKeys;
import org.jams.query.audit.integrity.AuditStore;
import org.jams.query.audit.integrity.ExportFile;
import org.jams.query.audit.integrity.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify --export FILE --public-key audit.pem}: checks an integrity export offline, with nothing but this jar
 * and the audit public key. {@code verify [--jams.home DIR | --jdbc-url URL …] [--public-key audit.pem]}: checks the
 * live database. Exit 0 when history verifies, 1 when it is broken.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies that event history was not altered: every event's audit signature, the hash chain "
                + "and the signed checkpoints.",
                "Offline: --export FILE --public-key audit.pem (no server, no database needed).",
                "Live: the server's database (--jams.home, or --jdbc-url/--db-user/--db-password).",
                "Exit status: 0 verified, 1 broken, 2 wrong usage, 3 could not run."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--export", paramLabel = "FILE",
            description = "An integrity export (GET /api/audit/export/integrity or the export command) to verify "
                    + "offline.")
    Path export;

    @Option(names = "--public-key", paramLabel = "PEM",
            description = "The audit public key (GET /api/audit/public-key.pem), obtained independently of the data "
                    + "checked. Required with --export; live, it defaults to <jams.home>/audit/audit-public-key.pem.")
    Path publicKey;

    @Option(names = "--json", description = "Print the report as JSON instead of sentences.")
    boolean json;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VerificationReport report;
        if (export != null) {
            if (publicKey == null) {
                spec.commandLine().getErr().println("verify --export needs --public-key: the audit public key.");
                return JamsCli.USAGE;
            }
            report = ExportFile.verify(export, readKey(publicKey));
        } else {
            Path keyFile = publicKey != null ? publicKey : database.home.resolve("audit").resolve("audit-public-key.pem");
            PublicKey key = readKey(keyFile);
            try (DatabaseOptions.Opened opened = database.open()) {
                report = AuditStore.verify(opened.connection, key);
            }
        }
        print(out, report, export != null ? export.toString() : "the live database");
        return report.valid() ? JamsCli.OK : JamsCli.BROKEN;
    }

    private static PublicKey readKey(Path file) throws java.io.IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot read the audit public key " + file);
        }
        return AuditKeys.readPublicKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    private void print(PrintWriter out, VerificationReport report, String what) throws Exception {
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report));
            return;
        }
        if (report.valid()) {
            out.println("VERIFIED: " + what);
        } else {
            out.println("BROKEN" + (report.firstBrokenSequence() == null ? ""
                    : " at global index " + report.firstBrokenSequence()) + ": " + what);
        }
        out.println("  " + report.reason());
        out.println("  events checked: " + report.checkedEvents() + (report.coveredFrom() == null ? ""
                : " (global index " + report.coveredFrom() + " to " + report.coveredTo() + ")"));
        out.println("  last verified checkpoint: " + (report.lastCheckpoint() == null ? "none"
                : report.lastCheckpoint()));
        out.println("  audit public key SHA-256: " + report.publicKeyFingerprint());
    }
}
