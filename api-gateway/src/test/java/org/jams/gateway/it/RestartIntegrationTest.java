package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jams.gateway.JamsServer;
import org.jams.gateway.database.EmbeddedDatabase;
import org.jams.gateway.keys.KeyEncryptionKey;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * State survives restarts of the server on the same {@code jams.home}: after a clean stop (SIGTERM), with a PostgreSQL
 * left running on the data directory (what a kill -9 of the server leaves), and with a stale {@code postmaster.pid}
 * naming some other live process. The servers run in child JVMs, so they can be killed and stopped like real ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIntegrationTest {

    private static final Credentials ADMIN = new Credentials("restart-admin", "restart-admin-password");

    private static Path home;

    @TempDir
    static Path work;

    /** Server logs outlive the temporary directories, for whoever reads a failure. */
    private static Path logs;

    private static final List<Process> STARTED = new ArrayList<>();
    private static OpenSsl openssl;
    private static String caPem;
    private static JsonNode user;
    private static String postmasterPidFile;

    @BeforeAll
    static void prepare() throws IOException {
        System.setProperty("axoniq.update-checker.disabled", "true");
        home = TestHomes.create("jams-it-restart-");
        logs = Files.createDirectories(Path.of("target", "restart-it").toAbsolutePath());
        Files.deleteIfExists(logs.resolve("server-1.log"));
        Files.deleteIfExists(logs.resolve("server-2.log"));
        openssl = new OpenSsl(work);
        openssl.rsaKey("ca.key", 2048);
        caPem = openssl.selfSigned("ca.pem", "ca.key", "Restart IT CA", 365, OpenSsl.CA_EXTENSIONS);
    }

    @AfterAll
    static void stopLeftovers() {
        STARTED.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    @Test
    @Order(1)
    void stateSurvivesAKillAndAStopAndTheOrphanedPostgresIsStopped() throws Exception {
        Path pidFile = home.resolve("postgres").resolve("postmaster.pid");

        // 1. a server (in its own JVM, as in production): set up, one user
        Path firstLog = logs.resolve("server-1.log");
        int firstPort = freePort();
        Process first = startServer(firstPort, firstLog);
        JamsClient one = new JamsClient(firstPort);
        awaitHealthy(one, first, firstLog);
        SetupSteps.createAdmin(one, ADMIN);
        SetupSteps.importCa(one, ADMIN, caPem, openssl.read("ca.key"), "");
        user = SetupSteps.createUser(one, ADMIN, "survivor", "Survives Restarts");
        ProcessHandle orphan = postmaster(pidFile);

        // 2. kill -9: the JVM dies, its PostgreSQL keeps running on the data directory
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(orphan.isAlive()).as("PostgreSQL outlives a killed server").isTrue();

        // 3. the next start stops the orphan and runs its own PostgreSQL on the same data: nothing is lost
        Path secondLog = logs.resolve("server-2.log");
        int secondPort = freePort();
        Process second = startServer(secondPort, secondLog);
        JamsClient two = new JamsClient(secondPort);
        awaitHealthy(two, second, secondLog);
        assertThat(orphan.isAlive()).as("the orphaned postmaster was stopped").isFalse();
        ProcessHandle postmaster = postmaster(pidFile);
        assertThat(postmaster.pid()).isNotEqualTo(orphan.pid());
        assertThat(Files.readString(secondLog)).contains("Stopping PostgreSQL (pid " + orphan.pid() + ")");

        Response status = two.get("/api/setup/status").send();
        assertThat(status.json().get("admin").asBoolean()).isTrue();
        assertThat(status.json().get("ca").asBoolean()).isTrue();
        SetupSteps.login(two, ADMIN.username(), ADMIN.password(), "ADMIN");
        Response survivor = two.get("/api/admin/users/survivor").as(ADMIN).send();
        assertThat(survivor.status()).as("%s", survivor).isEqualTo(200);
        assertThat(survivor.json()).isEqualTo(user);
        SetupSteps.login(two, "survivor", SetupSteps.USER_PASSWORD, "USER");
        // the CA key is a file under jams.home: a new account certificate still chains to the same CA
        JsonNode newcomer = SetupSteps.createUser(two, ADMIN, "newcomer", "");
        SetupSteps.certificate(newcomer.get("accountCertificatePem").asText())
                .verify(SetupSteps.certificate(caPem).getPublicKey());

        // 4. SIGTERM (systemd stop): the server stops its PostgreSQL only after its own shutdown
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s:\n%s", tail(secondLog)).isTrue();
        assertThat(pidFile).as("PostgreSQL stopped with the server:\n%s", tail(secondLog)).doesNotExist();
        postmaster.onExit().get(10, TimeUnit.SECONDS); // pg_ctl returns once the pid file is gone; the exit follows
        assertThat(Files.readString(secondLog)).as("the server's shutdown")
                .doesNotContain("Timed out during shutdown phase").doesNotContain("NoClassDefFoundError");

        // 5. ... so the projections released their segment claims (the next node takes them over at once), and the
        //    sealed account keys still open with the key-encryption key kept under jams.home
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home);
             Connection connection = database.connect()) {
            ResultSet claims = connection.createStatement().executeQuery(
                    "SELECT count(*), count(owner) FROM tokenentry");
            claims.next();
            assertThat(claims.getLong(1)).as("token entries").isPositive();
            assertThat(claims.getLong(2)).as("segments still claimed after a clean stop").isZero();

            String jamiId = user.get("jamiId").asText();
            var sealedQuery = connection.prepareStatement("SELECT sealed_key FROM account_key WHERE jami_id = ?");
            sealedQuery.setString(1, jamiId);
            ResultSet sealed = sealedQuery.executeQuery();
            assertThat(sealed.next()).isTrue();
            byte[] opened = KeyEncryptionKey.loadOrCreate(home).open(sealed.getBytes(1), jamiId);
            RSAPrivateCrtKey accountKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(opened));
            RSAPublicKey certified = (RSAPublicKey) SetupSteps.certificate(
                    user.get("accountCertificatePem").asText()).getPublicKey();
            assertThat(accountKey.getModulus()).isEqualTo(certified.getModulus());
            assertThat(accountKey.getPublicExponent()).isEqualTo(certified.getPublicExponent());
            postmasterPidFile = Files.readString(pidFile);
        }
        assertThat(pidFile).doesNotExist();
    }

    @Test
    @Order(2)
    void aStalePidFileNamingAnUnrelatedLiveProcessNeitherKillsItNorBlocksTheStart() throws Exception {
        assertThat(postmasterPidFile).as("needs the first test's pid file").isNotNull();
        Process unrelated = start(List.of("sleep", "600"), work.resolve("sleep.log"));
        Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
        // what a crash leaves behind, after the postmaster's pid was reused by another program
        List<String> lines = new ArrayList<>(postmasterPidFile.lines().toList());
        lines.set(0, Long.toString(unrelated.pid()));
        Files.write(pidFile, lines);

        try (EmbeddedDatabase database = EmbeddedDatabase.start(home);
             Connection connection = database.connect()) {
            ResultSet users = connection.createStatement().executeQuery("SELECT count(*) FROM users");
            users.next();
            assertThat(users.getLong(1)).isEqualTo(2);
        }
        assertThat(unrelated.isAlive()).as("an unrelated process named by a stale pid file is not killed").isTrue();
        unrelated.destroy();
    }

    @Test
    @Order(3)
    void onlyAPostmasterOfThisDataDirectoryIsStopped() throws Exception {
        Path dataDirectory = work.resolve("fake-home").resolve("postgres").toAbsolutePath();
        Files.createDirectories(dataDirectory);
        Path pidFile = dataDirectory.resolve("postmaster.pid");

        stopOrphanedServer(dataDirectory); // no pid file
        Files.writeString(pidFile, "");
        stopOrphanedServer(dataDirectory);
        Files.writeString(pidFile, "not-a-pid\n" + dataDirectory + "\n");
        stopOrphanedServer(dataDirectory);
        Files.writeString(pidFile, "999999999\n" + dataDirectory + "\n");
        stopOrphanedServer(dataDirectory); // no such process: PostgreSQL removes such a file itself
        assertThat(pidFile).exists();

        Process sleeper = start(List.of("sleep", "600"), work.resolve("sleeper.log"));
        Files.writeString(pidFile, sleeper.pid() + "\n" + dataDirectory + "\n");
        stopOrphanedServer(dataDirectory);
        assertThat(sleeper.isAlive()).as("an unrelated process").isTrue();
        assertThat(pidFile).as("a pid file naming another program is stale").doesNotExist();

        // a program that merely mentions the data directory (a backup, a log tail) is not a postmaster
        for (List<String> command : List.of(
                List.of("bash", "-c", "sleep 600; exit 0", "tar", "-czf", "/tmp/backup.tgz", dataDirectory.toString()),
                List.of("bash", "-c", "sleep 600; exit 0", "postgres", "-D", dataDirectory.toString()),
                List.of("bash", "-c", "sleep 600; exit 0", "postgres", "-D", dataDirectory + "-old"))) {
            Process mentions = start(command, work.resolve("mentions.log"));
            await().atMost(Duration.ofSeconds(5)).until(() -> mentions.info().commandLine()
                    .map(line -> line.contains(dataDirectory.toString())).orElse(false));
            Files.writeString(pidFile, mentions.pid() + "\n" + dataDirectory + "\n");
            stopOrphanedServer(dataDirectory);
            assertThat(mentions.isAlive()).as("%s", command).isTrue();
            mentions.descendants().forEach(ProcessHandle::destroy);
            mentions.destroy();
        }
        sleeper.destroy();
    }

    /** The server's main class in a new JVM on this test's classpath, as {@code java -jar jams-server.jar} runs it. */
    private static Process startServer(int port, Path log) throws IOException {
        return start(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), JamsServer.class.getName(), Integer.toString(port),
                "--jams.home=" + home, "--jams.keys.pool-size=1"), log);
    }

    private static ProcessHandle postmaster(Path pidFile) throws IOException {
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).orElseThrow();
    }

    private static void stopOrphanedServer(Path dataDirectory) throws Exception {
        Method method = EmbeddedDatabase.class.getDeclaredMethod("stopOrphanedServer", Path.class);
        method.setAccessible(true);
        try {
            method.invoke(null, dataDirectory);
        } catch (InvocationTargetException e) {
            throw new AssertionError("stopOrphanedServer failed", e.getCause());
        }
    }

    private static Process start(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        STARTED.add(process);
        return process;
    }

    private static void awaitHealthy(JamsClient client, Process server, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited:\n" + tail(log));
            }
            try {
                if (client.get("/actuator/health").send().status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // connection refused while starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the server did not become healthy:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
