package org.jams.gateway.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.jams.command.audit.AuditKeys;
import org.jams.gateway.cli.JamsCli;
import org.jams.query.audit.integrity.AuditChainer;
import org.jams.query.audit.integrity.Checkpoint;
import org.jams.query.audit.integrity.IntegrityExport;
import org.jams.query.audit.integrity.IntegrityTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrity export and its offline verification through the command line ({@code java -jar jams-server.jar
 * verify --export FILE --public-key audit.pem}, here {@link JamsCli#run}), plus the CLI's export and live verify
 * against a database given by JDBC URL. History: 12 events chained and checkpointed, 2 more not chained yet.
 */
class ExportRoundTripTest {

    @TempDir
    Path directory;

    private IntegrityTestDatabase database;
    private AuditKeys keys;
    private EmbeddedEventStore store;
    private AuditChainer chainer;
    private Path publicKey;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void history() throws Exception {
        database = IntegrityTestDatabase.create();
        keys = AuditKeys.generate();
        store = database.eventStore(keys);
        chainer = new AuditChainer(database.dataSource(), keys, Duration.ZERO, Duration.ZERO, Clock.systemUTC(), 100);
        for (int sequence = 0; sequence < 6; sequence++) {
            store.publish(IntegrityTestDatabase.domainEvent("erin", sequence, "erin " + sequence));
            store.publish(IntegrityTestDatabase.plainEvent("tick " + sequence));
        }
        assertThat(chainer.checkpointNow()).get().extracting(Checkpoint::sequence).isEqualTo(12L);
        store.publish(IntegrityTestDatabase.domainEvent("erin", 6, "erin 6"));
        store.publish(IntegrityTestDatabase.domainEvent("frank", 0, "frank 0"));
        publicKey = directory.resolve("audit.pem");
        Files.writeString(publicKey, keys.publicKeyPem());
    }

    @AfterEach
    void close() {
        chainer.close();
        store.shutDown();
        database.close();
    }

    private Path export() throws Exception {
        Path file = directory.resolve("export.jsonl");
        try (Connection connection = database.dataSource().getConnection();
             OutputStream out = Files.newOutputStream(file)) {
            assertThat(IntegrityExport.write(connection, out, keys.fingerprint())).isEqualTo(14);
        }
        return file;
    }

    private static Run cli(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JamsCli.run(java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static void editLine(Path file, long globalIndex, String from, String to) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        String marker = "\"globalIndex\":" + globalIndex + ",";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                assertThat(lines.get(i)).contains(from);
                lines.set(i, lines.get(i).replace(from, to));
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    @Test
    void anExportVerifiesOfflineWithNothingButThePublicKey() throws Exception {
        Path file = export();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1 + 14 + 1 + 1);
        assertThat(lines.get(0)).contains("\"kind\":\"header\"").contains(keys.fingerprint());
        assertThat(lines.get(1)).contains("\"kind\":\"event\"", "\"globalIndex\":1,", "\"payload\":\"",
                "auditSignature", "\"chainHash\":\"");
        assertThat(lines.get(14)).contains("\"globalIndex\":14,", "\"chainHash\":null");
        assertThat(lines.get(15)).contains("\"kind\":\"checkpoint\"", "\"sequence\":12");

        Run run = cli("verify", "--export", file, "--public-key", publicKey);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(JamsCli.OK);
        assertThat(run.out()).contains("VERIFIED", "events checked: 14 (global index 1 to 14)",
                "last verified checkpoint: 12", keys.fingerprint());
    }

    @Test
    void anEditedLineIsCaughtOfflineAndNamed() throws Exception {
        Path file = export();
        String payload = java.util.Base64.getEncoder().encodeToString(
                "{\"text\":\"tick 3\",\"number\":-1}".getBytes(StandardCharsets.UTF_8));
        String edited = java.util.Base64.getEncoder().encodeToString(
                "{\"text\":\"tock 3\",\"number\":-1}".getBytes(StandardCharsets.UTF_8));
        editLine(file, 8, payload, edited);
        Run run = cli("verify", "--export", file, "--public-key", publicKey);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(JamsCli.BROKEN);
        assertThat(run.out()).contains("BROKEN at global index 8", "signature");
    }

    @Test
    void reorderedOrCutExportsAreCaughtOffline() throws Exception {
        Path file = export();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> reordered = new ArrayList<>(lines);
        reordered.set(3, lines.get(4));
        reordered.set(4, lines.get(3));
        Path swapped = Files.write(directory.resolve("swapped.jsonl"), reordered);
        Run run = cli("verify", "--export", swapped, "--public-key", publicKey);
        assertThat(run.code()).isEqualTo(JamsCli.BROKEN);
        assertThat(run.out()).contains("BROKEN at global index 3", "reordered");

        Path cut = Files.write(directory.resolve("cut.jsonl"), lines.subList(0, 10));
        run = cli("verify", "--export", cut, "--public-key", publicKey);
        assertThat(run.code()).isEqualTo(JamsCli.BROKEN);
        assertThat(run.out()).contains("cut or edited");
    }

    @Test
    void anotherPublicKeyDoesNotVerify() throws Exception {
        Path file = export();
        Path other = Files.writeString(directory.resolve("other.pem"), AuditKeys.generate().publicKeyPem());
        Run run = cli("verify", "--export", file, "--public-key", other);
        assertThat(run.code()).isEqualTo(JamsCli.BROKEN);
        assertThat(run.out()).contains("BROKEN at global index 1");
    }

    @Test
    void theCliExportsAndVerifiesALiveDatabaseGivenByJdbcUrl() throws Exception {
        Path file = directory.resolve("cli-export.jsonl");
        Run run = cli("export", "--jams.home", directory.resolve("no-home"), "--jdbc-url", database.jdbcUrl(),
                "--db-user", "postgres", "--out", file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(JamsCli.OK);
        assertThat(run.err()).contains("Exported 14 events");
        assertThat(cli("verify", "--export", file, "--public-key", publicKey).code()).isEqualTo(JamsCli.OK);

        run = cli("verify", "--jdbc-url", database.jdbcUrl(), "--db-user", "postgres", "--public-key", publicKey);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(JamsCli.OK);
        assertThat(run.out()).contains("VERIFIED: the live database");

        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex = 5");
        run = cli("verify", "--jdbc-url", database.jdbcUrl(), "--db-user", "postgres", "--public-key", publicKey,
                "--json");
        assertThat(run.code()).isEqualTo(JamsCli.BROKEN);
        assertThat(run.out()).contains("\"valid\":false", "\"firstBrokenSequence\":5");
    }
}
