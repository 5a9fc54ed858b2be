package org.jams.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jams.gateway.database.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a running server's embedded database, whose password it reads from the home. */
class EmbeddedDatabasePasswordCliTest {

    @TempDir
    Path home;

    @Test
    void aRunningServersDatabaseWhosePasswordFileIsMissingIsNamedNotJustRefused() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home)) {
            Path password = EmbeddedDatabase.passwordFileOf(home);
            Files.delete(password);
            StringWriter err = new StringWriter();
            int code = JamsCli.run(new String[] {"unlock", "someone", "--jams.home", home.toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));

            assertThat(code).isEqualTo(JamsCli.FAILED);
            assertThat(err.toString()).contains("asks for its password")
                    .contains(password.toAbsolutePath().toString());
        }
    }
}
