package org.jams.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's dispatch and usage, without a database. */
class JamsCliTest {

    @TempDir
    Path directory;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JamsCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void onlySubcommandsGoToTheCliTheServerKeepsItsArguments() {
        assertThat(JamsCli.handles(new String[] {"verify", "--export", "x"})).isTrue();
        assertThat(JamsCli.handles(new String[] {"export", "--out", "x"})).isTrue();
        assertThat(JamsCli.handles(new String[] {"help"})).isTrue();
        assertThat(JamsCli.handles(new String[] {})).isFalse();
        assertThat(JamsCli.handles(new String[] {"8080"})).isFalse();
        assertThat(JamsCli.handles(new String[] {"8443", "cert.pem", "key.pem", "--jams.home=/srv/jams"})).isFalse();
        assertThat(JamsCli.handles(new String[] {"--jams.home=/srv/jams"})).isFalse();
    }

    @Test
    void helpListsTheCommands() {
        Run help = run("help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("verify", "export");
        Run verifyHelp = run("verify", "--help");
        assertThat(verifyHelp.code()).isZero();
        assertThat(verifyHelp.out()).contains("--export", "--public-key", "--jams.home", "--jdbc-url");
    }

    @Test
    void wrongUsageExitsTwoAndFailuresExitThree() {
        assertThat(run("verify", "--no-such-option").code()).isEqualTo(JamsCli.USAGE);
        assertThat(run("export").code()).as("--out is required").isEqualTo(JamsCli.USAGE);
        Run noKey = run("verify", "--export", directory.resolve("export.jsonl").toString());
        assertThat(noKey.code()).isEqualTo(JamsCli.USAGE);
        assertThat(noKey.err()).contains("--public-key");

        Run missing = run("verify", "--export", directory.resolve("export.jsonl").toString(), "--public-key",
                directory.resolve("missing.pem").toString());
        assertThat(missing.code()).isEqualTo(JamsCli.FAILED);
        assertThat(missing.err()).contains("missing.pem");

        Run noDatabase = run("verify", "--jams.home", directory.toString(), "--public-key",
                directory.resolve("missing.pem").toString());
        assertThat(noDatabase.code()).isEqualTo(JamsCli.FAILED);
    }
}
