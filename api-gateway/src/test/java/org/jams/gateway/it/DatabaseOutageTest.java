package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jams.gateway.it.ApiAssertions.assertError;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stopped under a running server: every request of a burst larger than the blocking pool is answered 503
 * within seconds (none waits for a dead database in turn), health says so within a second, the Prometheus scrape
 * still answers at once (with the figures last read), and once PostgreSQL is back the same server serves again
 * without a restart.
 */
class DatabaseOutageTest {

    private static final Credentials ADMIN = new Credentials("outage-admin", "outage-admin-password");
    private static final String METRICS_TOKEN = "outage-scraper-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a";
    private static final int BURST = 40;
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path home;

    @TempDir
    Path data;

    @Test
    void whilePostgresIsDownEveryRequestGetsA503WithinSecondsAndItRecoversWhenPostgresIsBack() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        int port = freePort();
        EmbeddedPostgres postgres = postgres(port);
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                "--jams.home=" + home, "--jams.keys.pool-size=1", "--jams.blocking.threads=16",
                "--jams.metrics.token=" + METRICS_TOKEN, "--jams.metrics.cache-for=0s",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres")) {
            JamsClient client = new JamsClient(Integer.parseInt(server.getEnvironment()
                    .getRequiredProperty("local.server.port")));
            SetupSteps.createAdmin(client, ADMIN);
            SetupSteps.generateCa(client, ADMIN, "Outage Org CA");
            SetupSteps.configureDirectory(client, ADMIN);
            SetupSteps.configureSettings(client, ADMIN);
            assertThat(client.get("/api/admin/users").as(ADMIN).send().status()).isEqualTo(200);
            PrometheusText beforeOutage = scrape(client);

            postgres.close(); // stops the PostgreSQL server; its data stays

            List<Supplier<Response>> kinds = List.of(
                    () -> client.get("/api/admin/users").as(ADMIN).send(),
                    () -> client.get("/api/nameserver/name/nobody").send(),
                    () -> client.post("/api/login").as(ADMIN).send(),
                    () -> client.post("/api/admin/users").as(ADMIN)
                            .json(JamsClient.json("username", SetupSteps.unique("outage"), "password",
                                    "Good-pass-123")).send());
            ExecutorService callers = Executors.newFixedThreadPool(BURST);
            try {
                List<CompletableFuture<Timed>> burst = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    Supplier<Response> request = kinds.get(i % kinds.size());
                    burst.add(CompletableFuture.supplyAsync(() -> Timed.of(request), callers));
                }
                for (CompletableFuture<Timed> call : burst) {
                    Timed answered = call.join();
                    assertError(answered.response(), 503, "database_unavailable");
                    assertThat(answered.took()).as("time to the 503 of %s", answered.response())
                            .isLessThan(ANSWERED_WITHIN);
                }
            } finally {
                callers.shutdownNow();
            }

            Timed health = Timed.of(() -> client.get("/actuator/health").send());
            assertThat(health.response().status()).as("%s", health.response()).isEqualTo(503);
            assertThat(health.response().body()).contains("DOWN");
            assertThat(health.took()).isLessThan(Duration.ofSeconds(1));
            assertThat(client.get("/actuator/health/readiness").send().status()).isEqualTo(503);

            // the scrape answers at once from what was last read, and says the database is away
            Timed scraped = Timed.of(() -> client.get("/actuator/prometheus").bearer(METRICS_TOKEN).send());
            assertThat(scraped.response().status()).as("%s", scraped.response()).isEqualTo(200);
            assertThat(scraped.took()).isLessThan(Duration.ofSeconds(1));
            PrometheusText duringOutage = PrometheusText.parse(scraped.response().body());
            assertThat(duringOutage.value("jams_database_available")).isZero();
            assertThat(duringOutage.value("jams_eventstore_head")).isEqualTo(beforeOutage.value("jams_eventstore_head"));
            assertThat(duringOutage.value("jams_users", "status", "active"))
                    .isEqualTo(beforeOutage.value("jams_users", "status", "active"));

            postgres = postgres(port);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.get("/api/admin/users").as(ADMIN).send().status() == 200);
            assertThat(client.get("/actuator/health").send().status()).isEqualTo(200);
            PrometheusText afterOutage = scrape(client);
            assertThat(afterOutage.value("jams_database_available")).isEqualTo(1);
            assertThat(afterOutage.value("jams_database_outages_total"))
                    .isEqualTo(beforeOutage.value("jams_database_outages_total") + 1);
            assertThat(client.post("/api/admin/users").as(ADMIN).json(JamsClient.json("username",
                    SetupSteps.unique("after"), "password", "Good-pass-123")).send().status()).isEqualTo(201);
        } finally {
            postgres.close();
        }
    }

    private static PrometheusText scrape(JamsClient client) {
        Response response = client.get("/actuator/prometheus").bearer(METRICS_TOKEN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private record Timed(Response response, Duration took) {
        static Timed of(Supplier<Response> request) {
            long start = System.nanoTime();
            Response response = request.get();
            return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private EmbeddedPostgres postgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
                .setServerConfig("max_connections", "60").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
