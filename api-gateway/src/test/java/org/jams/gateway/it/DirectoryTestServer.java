package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.ApiAssertions.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The server of a directory test class, of its own: the directory is the whole server's setting, so these classes
 * cannot share the suite's server. Set up (admin, CA, settings) but with no directory yet; password guessing limits
 * out of the way (wrong passwords are sent on purpose).
 */
final class DirectoryTestServer implements AutoCloseable {

    final Credentials admin;
    final JamsClient client;
    final JdbcTemplate jdbc;
    private final ConfigurableApplicationContext context;
    private final OpenSsl openssl;

    private DirectoryTestServer(Credentials admin, ConfigurableApplicationContext context, OpenSsl openssl) {
        this.admin = admin;
        this.context = context;
        this.openssl = openssl;
        this.client = new JamsClient(Integer.parseInt(context.getEnvironment().getRequiredProperty(
                "local.server.port")));
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    /** @param syncTick how often the server looks whether a directory synchronisation is due; 0s for never */
    static DirectoryTestServer start(String name, String syncTick) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = TestHomes.create("jams-it-" + name + "-");
        ConfigurableApplicationContext context = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=2", "--jams.auth.guessing.free-failures=10000",
                "--jams.auth.guessing.lock-failures=20000", "--jams.auth.guessing.address-free-failures=10000",
                "--jams.auth.guessing.address-lock-failures=20000", "--jams.directory.sync.tick=" + syncTick);
        try {
            DirectoryTestServer server = new DirectoryTestServer(new Credentials(name + "-admin",
                    name + "-admin-password"), context, new OpenSsl(Files.createDirectories(home.resolve("openssl"))));
            SetupSteps.createAdmin(server.client, server.admin);
            SetupSteps.generateCa(server.client, server.admin, name + " IT Org CA");
            SetupSteps.configureSettings(server.client, server.admin);
            return server;
        } catch (IOException e) {
            context.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Saves directory settings, which the directory must accept. */
    void configure(Map<String, Object> settings) {
        Response response = client.post("/api/setup/directory").as(admin).json(JamsClient.json(settings)).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    /** What {@code POST /api/setup/directory/test} says of the settings, answered within 8 seconds. */
    JsonNode check(Map<String, Object> settings) {
        long started = System.nanoTime();
        Response response = client.post("/api/setup/directory/test").as(admin).json(JamsClient.json(settings)).send();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    /** Enrolls a new device key of the person with these credentials, as a device would. */
    Response enroll(String username, String password) {
        String csr = openssl.deviceCsr(SetupSteps.unique("device"));
        return client.post("/api/auth/device").basic(username, password)
                .json(JamsClient.json("csr", csr, "deviceName", "laptop")).send();
    }

    /**
     * Sends a request that must be refused with this status and code, and checks that it changed no person: a refusal
     * is recorded (in the access history), nothing else.
     */
    void refused(int status, String code, Supplier<Response> request) {
        String people = "SELECT count(*) FROM domainevententry WHERE payloadtype NOT LIKE '%AccessEvents%'";
        long before = jdbc.queryForObject(people, Long.class);
        assertError(request.get(), status, code);
        assertThat(jdbc.queryForObject(people, Long.class)).as("events other than access records").isEqualTo(before);
    }

    /**
     * Runs the directory synchronisation as an admin does: starts it ({@code 202}, the run's first status), then follows
     * it until it ends; answers how it ended.
     */
    JsonNode synchronise() {
        Response started = client.post("/api/admin/directory/sync").as(admin).send();
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        long run = started.json().get("run").asLong();
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Response status = client.get("/api/admin/directory/sync").as(admin).send();
                    assertThat(status.status()).as("%s", status).isEqualTo(200);
                    last[0] = status.json();
                    return last[0].get("run").asLong() == run && !"RUNNING".equals(last[0].get("state").asText());
                });
        return last[0];
    }

    /** A copy of the settings with one value changed (null to send a JSON null). */
    static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    @Override
    public void close() {
        context.close();
    }
}
