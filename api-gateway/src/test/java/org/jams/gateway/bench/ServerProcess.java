package org.jams.gateway.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jams.gateway.database.EmbeddedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The server in a JVM of its own, started as an operator starts it (the launcher {@code jams-server PORT
 * --jams.home=DIR}, so within its default memory budget), so that its resident memory and CPU are the server's alone
 * and its start is a real start: JVM, embedded PostgreSQL, Flyway, Axon. Its classpath is this test JVM's without the
 * test classes ({@code JAMS_CLASSPATH}), so it runs the code just built. The per-person enrollment limit is off.
 */
final class ServerProcess implements AutoCloseable {

    /** For diagnosis only, e.g. {@code -XX:NativeMemoryTracking=summary}: the benchmark's figures are without. */
    static final String JVM_OPTIONS = System.getProperty("bench.serverJvmOptions", "").trim();
    private static final Path LAUNCHER = Path.of("src", "main", "launcher", "jams-server");

    private final Process process;
    private final Path home;
    private final BenchHttp http;
    private final String baseUrl;
    private final double secondsToReady;

    private ServerProcess(Process process, Path home, BenchHttp http, String baseUrl, double secondsToReady) {
        this.baseUrl = baseUrl;
        this.process = process;
        this.home = home;
        this.http = http;
        this.secondsToReady = secondsToReady;
    }

    /** Starts the server on {@code home} and returns once its readiness group answers UP; output goes to {@code log}. */
    /** Where the server answers, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return baseUrl;
    }

    static ServerProcess start(Path home, Path log, int clients) throws Exception {
        int port = freePort();
        // The launcher, as the README starts the server (within its memory budget), on the classes just built.
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString(), Integer.toString(port),
                "--jams.home=" + home, "--logging.level.root=WARN", "--spring.reactor.netty.shutdown-quiet-period=0s",
                BenchSetup.NO_ENROLLMENT_LIMIT));
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("JAMS_CLASSPATH", serverClasspath());
        builder.environment().put("JAVA_OPTS", JVM_OPTIONS);
        Process process = builder.start();
        String baseUrl = "http://127.0.0.1:" + port;
        BenchHttp http = new BenchHttp(baseUrl, clients);
        try {
            awaitReady(process, http, log);
        } catch (Exception | Error e) {
            http.close();
            stop(process);
            throw e;
        }
        return new ServerProcess(process, home, http, baseUrl, (System.nanoTime() - started) / 1e9);
    }

    private static void awaitReady(Process process, BenchHttp http, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + "; see " + log);
            }
            BenchHttp.Response readiness = http.exchange(HttpMethod.GET, "/actuator/health/readiness", null, null)
                    .onErrorResume(refused -> reactor.core.publisher.Mono.empty()).block();
            if (readiness != null && readiness.status() == 200 && readiness.body().contains("\"UP\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The server was not ready within 5 minutes; see " + log);
    }

    /** Wall time from launching the JVM to the first readiness answer UP. */
    double secondsToReady() {
        return secondsToReady;
    }

    BenchHttp http() {
        return http;
    }

    long pid() {
        return process.pid();
    }

    /** A field of /proc/PID/status in bytes: VmRSS (resident now) or VmHWM (the peak). */
    long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("No " + field + " in /proc/" + pid() + "/status");
    }

    /** CPU seconds (user and system) the server's JVM has used so far. */
    double cpuSeconds() {
        return CpuUse.cpuSeconds(Path.of("/proc", Long.toString(pid())));
    }

    /** CPU seconds of the server's own PostgreSQL ({@link CpuUse#postgresSecondsByKind}, all kinds). */
    double postgresCpuSeconds() throws IOException {
        return CpuUse.postgresSecondsByKind(Long.parseLong(postmasterPid())).values().stream()
                .mapToDouble(Double::doubleValue).sum();
    }

    /** The server's own PostgreSQL processes: the postmaster and its children, running now. */
    List<Long> postgresPids() throws IOException {
        String postmaster = postmasterPid();
        List<Long> pids = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] stat = stat(process);
                if (stat.length > 14 && (process.getFileName().toString().equals(postmaster)
                        || stat[1].equals(postmaster))) {
                    pids.add(Long.parseLong(process.getFileName().toString()));
                }
            }
        }
        return pids;
    }

    private String postmasterPid() throws IOException {
        return Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(0).trim();
    }

    /** The fields of /proc/PID/stat after the command name (0 = state, 1 = ppid, 11 = utime, ...), or none. */
    private static String[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0]; // the process ended meanwhile
        }
    }

    /**
     * A full collection in the server (GC.run, which is System.gc()), then a pause: G1 returns the memory of the
     * regions it gave up in the background (JDK 17), after the collection has ended.
     */
    void collectGarbage() throws Exception {
        jcmd("GC.run");
        Thread.sleep(3_000);
    }

    /** What the JDK's jcmd answers for this server, e.g. {@code VM.native_memory summary}. */
    String jcmd(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid())));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    /** The server's embedded PostgreSQL, found through its pid file (line 4 is the port). */
    DataSource database() throws IOException {
        List<String> pidFile = Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {Integer.parseInt(pidFile.get(3).trim())});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser("postgres");
        dataSource.setPassword(EmbeddedDatabase.passwordOf(home).orElseThrow());
        return dataSource;
    }

    /** Stops the server as an operator would (SIGTERM: Spring closes the context, then PostgreSQL); once. */
    @Override
    public void close() {
        if (process.isAlive()) {
            http.close();
            stop(process);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Surefire's test classpath without test classes: the modules' main classes and the dependencies. */
    private static String serverClasspath() {
        List<String> entries = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path")
                .split(File.pathSeparator)));
        entries.removeIf(entry -> entry.endsWith("test-classes") || entry.endsWith("test-classes/")
                || entry.contains("surefire"));
        return entries.stream().collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
