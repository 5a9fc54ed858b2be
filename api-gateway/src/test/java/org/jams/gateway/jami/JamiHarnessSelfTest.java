package org.jams.gateway.jami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness itself, with no JAMS server: the real jamid starts isolated, answers over
 * the private bus, reports a failed first enrollment, restarts on the same HOME, and everything
 * stops. Skipped where the Debian packages are not installed (scripts/jami/install-test-deps.sh).
 */
class JamiHarnessSelfTest {

    private static final Path SYSTEM_CA = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private static DhtNode dht;

    @BeforeAll
    static void startDht() {
        assumeTrue(JamiDaemon.isInstalled(), "jami-daemon/dbus/dhtnode not installed");
        Instant t = Instant.now();
        dht = DhtNode.start();
        System.out.printf("dhtnode up on UDP %d in %d ms, bound %s%n",
                dht.port(), Duration.between(t, Instant.now()).toMillis(), dht.boundAddresses());
    }

    @AfterAll
    static void stopDht() {
        if (dht != null) {
            dht.close();
            assertFalse(isRunning(dht.pid()), "dhtnode still running");
        }
    }

    @Test
    void firstEnrollmentAgainstAClosedPortEndsInErrorGenericAndRemovesTheAccount() throws IOException {
        int closedPort = closedTcpPort();
        String manager = "https://127.0.0.1:" + closedPort;
        long jamidPid;
        try (JamiDaemon jami = JamiDaemon.start(caFile())) {
            jamidPid = jami.jamidPid();
            System.out.printf("jamid owned cx.ring.Ring after %d ms%n", jami.lastStartDuration().toMillis());
            JamiClient client = jami.client();
            assertEquals(List.of(), client.getAccountList());

            Instant t = Instant.now();
            String account = client.addJamsAccount(manager, "alice", "it's \"secret\"", dht.port(),
                    manager + "/api/nameserver");
            SignalRecorder.Signal error = jami.signals().awaitRegistrationState(account, "ERROR_GENERIC",
                    Duration.ofSeconds(30));
            System.out.printf("ERROR_GENERIC %d ms after addAccount: %s%n",
                    Duration.between(t, error.at()).toMillis(), error);

            // The client deletes a new account whose enrollment failed.
            Instant deadline = Instant.now().plusSeconds(10);
            while (client.getAccountList().contains(account) && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
            assertFalse(client.getAccountList().contains(account),
                    "account not removed\n" + jami.jamidLogTail(40));
            assertTrue(jami.signals().received().stream()
                    .anyMatch(s -> s.member().equals("registrationStateChanged") && s.string(1).equals("INITIALIZING")));
        }
        assertFalse(isRunning(jamidPid), "jamid still running");
    }

    @Test
    void restartKeepsTheHomeAndTheChosenHostName() throws IOException, InterruptedException {
        assumeTrue(JamiDaemon.canChooseDeviceName(), "unshare -u needs root");
        String ownHostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        try (JamiDaemon jami = JamiDaemon.start(caFile(), "e2e-device-1")) {
            long first = jami.jamidPid();
            assertEquals("e2e-device-1", hostNameSeenBy(first));
            assertEquals(ownHostName, Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(),
                    "the test machine's host name must not change");
            String environ = Files.readString(Path.of("/proc/" + first + "/environ"), StandardCharsets.UTF_8);
            assertTrue(environ.contains("HOME=" + jami.home() + "\0"), environ);
            if (caFile() != null) {
                assertTrue(environ.contains("CA_ROOT_FILE=" + caFile() + "\0"), environ);
            }

            jami.restart();
            System.out.printf("jamid restart: owned cx.ring.Ring after %d ms%n", jami.lastStartDuration().toMillis());
            assertNotEquals(first, jami.jamidPid());
            assertFalse(isRunning(first));
            assertEquals("e2e-device-1", hostNameSeenBy(jami.jamidPid()));
            assertEquals(List.of(), jami.client().getAccountList());
        }
    }

    private static Path caFile() {
        return Files.isReadable(SYSTEM_CA) ? SYSTEM_CA : null;
    }

    /** A loopback TCP port with nothing listening: connect fails at once ("status 0" for jamid). */
    private static int closedTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String hostNameSeenBy(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/nsenter", "--target", Long.toString(pid), "--uts",
                "/bin/cat", "/proc/sys/kernel/hostname").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
