package org.jams.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server on its embedded default: state survives a clean restart and a killed JVM, the PostgreSQL a
 * killed server leaves behind is stopped on the next start, and a clean stop leaves no PostgreSQL running.
 */
class ServerRestartIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void stateSurvivesACleanRestartAndAKilledServerWithoutLeavingPostgresRunning() throws Exception {
        try (ServerProcess first = ServerProcess.start(home)) {
            setUpAndCreateUser(first.baseUrl());
        }
        assertThat(postgresRunningOn(home)).as("a clean stop stops PostgreSQL").isEmpty();

        ServerProcess second = ServerProcess.start(home);
        assertThat(get(second.baseUrl() + "/api/admin/users/carol").body()).contains("\"displayName\":\"Carol C\"");
        second.killHard();
        List<ProcessHandle> orphans = postgresRunningOn(home);
        assertThat(orphans).as("PostgreSQL outlives a killed JVM: the case the next start must handle").isNotEmpty();

        try (ServerProcess third = ServerProcess.start(home)) {
            assertThat(orphans).allSatisfy(orphan -> assertThat(orphan.isAlive()).isFalse());
            HttpResponse<String> carol = get(third.baseUrl() + "/api/admin/users/carol");
            assertThat(carol.statusCode()).isEqualTo(200);
            assertThat(carol.body()).contains("\"status\":\"ACTIVE\"");
            assertThat(third.log()).contains("left running by an earlier server");
        }
        assertThat(postgresRunningOn(home)).isEmpty();
    }

    private void setUpAndCreateUser(String base) throws Exception {
        assertThat(post(base + "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"restart-pw-1\"}")
                .statusCode()).isEqualTo(201);
        assertThat(post(base + "/api/setup/ca", "admin:restart-pw-1",
                "{\"mode\":\"generate\",\"commonName\":\"Restart CA\",\"validityDays\":30}").statusCode())
                .isEqualTo(201);
        assertThat(post(base + "/api/admin/users", "admin:restart-pw-1",
                "{\"username\":\"carol\",\"password\":\"carol-pw-1\",\"displayName\":\"Carol C\"}").statusCode())
                .isEqualTo(201);
    }

    private HttpResponse<String> post(String url, String basic, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (basic != null) {
            request.header("Authorization", basicHeader(basic));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                basicHeader("admin:restart-pw-1")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basicHeader(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** PostgreSQL server processes whose command line names this home's data directory. */
    private static List<ProcessHandle> postgresRunningOn(Path home) throws Exception {
        String dataDirectory = home.resolve("postgres").toAbsolutePath().toString();
        Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
        List<ProcessHandle> byCommandLine = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDirectory) && c.contains("postgres"))
                        .orElse(false)).toList();
        if (!byCommandLine.isEmpty() || !Files.exists(pidFile)) {
            return byCommandLine;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).stream().toList();
    }
}
