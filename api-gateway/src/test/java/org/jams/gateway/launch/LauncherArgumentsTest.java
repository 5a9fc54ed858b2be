package org.jams.gateway.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherArgumentsTest {

    @TempDir
    Path directory;

    @Test
    void noPositionalArgumentsLeaveSpringOptionsAlone() {
        LauncherArguments launch = LauncherArguments.parse(new String[] {"--jams.home=/srv/jams"});
        assertThat(launch.springProperties()).isEmpty();
        assertThat(launch.springArguments()).containsExactly("--jams.home=/srv/jams");
    }

    @Test
    void aPortAloneServesPlainHttpOnThatPort() {
        LauncherArguments launch = LauncherArguments.parse(new String[] {"8443"});
        assertThat(launch.springArguments()).containsExactly("--server.port=8443");
        assertThat(launch.springProperties()).doesNotContainKey("jams.tls.certificate");
    }

    @Test
    void portCertificateAndKeyServeHttpsWithThoseFilesAndLaterOptionsStillWin() throws Exception {
        Path certificate = Files.writeString(directory.resolve("server.pem"), "pem");
        Path key = Files.writeString(directory.resolve("server.key"), "key");
        LauncherArguments launch = LauncherArguments.parse(new String[] {"443", certificate.toString(), key.toString(),
                "--server.port=9443"});
        assertThat(launch.springProperties())
                .containsEntry("server.port", 443)
                .containsEntry("jams.tls.certificate", certificate.toAbsolutePath().toString())
                .containsEntry("jams.tls.private-key", key.toAbsolutePath().toString());
        assertThat(launch.springArguments()).endsWith("--server.port=9443");
    }

    @Test
    void aPortThatIsNotANumberInRangeIsRefusedWithItsValue() {
        assertThatThrownBy(() -> LauncherArguments.parse(new String[] {"http"}))
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> LauncherArguments.parse(new String[] {"70000"}))
                .hasMessageContaining("between 1 and 65535");
    }

    @Test
    void aCertificateWithoutItsKeyOrAnUnreadableFileIsRefused() {
        assertThatThrownBy(() -> LauncherArguments.parse(new String[] {"443", "server.pem"}))
                .hasMessageStartingWith("Usage:");
        assertThatThrownBy(() -> LauncherArguments.parse(new String[] {"443", directory.resolve("none.pem").toString(),
                directory.resolve("none.key").toString()}))
                .hasMessageContaining("Cannot read the certificate file");
    }
}
