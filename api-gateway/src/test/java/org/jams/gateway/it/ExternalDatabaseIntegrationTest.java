package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jams.gateway.JamsServer;
import org.jams.gateway.database.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With the standard spring.datasource.* properties the server uses that PostgreSQL and starts none of its own.
 * The "external" database here is a separate PostgreSQL server process started by the test.
 */
class ExternalDatabaseIntegrationTest {

    @TempDir
    Path home;

    @Test
    void standardDatasourcePropertiesSelectAnExternalPostgresAndNoEmbeddedOneStarts() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class, "--server.port=0",
                     "--jams.home=" + home, "--jams.keys.pool-size=1",
                     "--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres")) {
            assertThat(server.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
            assertThat(Files.exists(home.resolve("postgres"))).isFalse();

            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create(base + "/api/setup/admin"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"external-1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(201);

            JdbcTemplate externalDb = new JdbcTemplate(external.getPostgresDatabase());
            assertThat(externalDb.queryForObject(
                    "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%AdminAccountCreatedEvent'",
                    Long.class)).isEqualTo(1);
        }
    }
}
