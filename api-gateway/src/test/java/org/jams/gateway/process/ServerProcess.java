package org.jams.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged server started as its own process by its launcher, exactly as the README's run command does. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Path home, String... extraArguments) throws IOException, InterruptedException {
        return start(home, List.of(), extraArguments);
    }

    /** @param jvmOptions options of the server's JVM, given to the launcher as {@code JAVA_OPTS} */
    static ServerProcess start(Path home, List<String> jvmOptions, String... extraArguments)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(launcher().toString(), Integer.toString(port),
                "--jams.home=" + home, "--jams.keys.pool-size=1"));
        command.addAll(List.of(extraArguments));
        Path log = Files.createTempFile("jams-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions)
                + " -Daxoniq.update-checker.disabled=true");
        ServerProcess server = new ServerProcess(builder.start(), port, log);
        try {
            server.awaitHealthy(Duration.ofSeconds(120));
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close(); // a server that never became healthy is not left running after the test
            throw e;
        }
        return server;
    }

    /** The launcher the README's run command starts, beside the packaged jar. */
    static Path launcher() {
        Path launcher = Path.of(System.getProperty("jams.server.launcher", "target/jams-server"));
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(launcher.resolveSibling("jams-server.jar"))) {
            throw new IllegalStateException("Build the server first: " + launcher + " or the jar beside it is missing");
        }
        return launcher;
    }

    /**
     * Sends a request to the server, with Basic credentials {@code user:password} unless null, and returns the body;
     * fails unless the answer has the expected status.
     */
    String send(String method, String path, String basic, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (basic != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the JVM without letting it clean up, like a power cut of the JVM alone (PostgreSQL survives it). */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: Spring closes the context and stops the embedded PostgreSQL
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The server did not become healthy in " + timeout + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
