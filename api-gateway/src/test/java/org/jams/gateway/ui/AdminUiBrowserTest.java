package org.jams.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.TestHomes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The admin UI in a real browser: a fresh server (its own home, so the first-run wizard has something to set up)
 * serving the UI this build packaged, and the admin-ui module's Playwright specs (admin-ui/e2e) driving Debian's
 * Chromium against it. The specs run the wizard, create a person, see a device enrolled through the API, revoke it and
 * read its timeline, the as-of view, an auditor's read-only screens, and verify before and after a row of the event
 * table is altered in this server's PostgreSQL; every page is scanned with axe-core and photographed at laptop and
 * phone widths. Screenshots and Playwright's report are kept in target/surefire-reports/admin-ui. Chromium and the
 * admin-ui module's node_modules must be there (the README's test command installs both): this test never skips.
 */
@SpringBootTest(classes = JamsServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AdminUiBrowserTest {

    private static final Path HOME = TestHomes.create("jams-ui-");
    private static final Path UI = Path.of("..", "admin-ui").toAbsolutePath().normalize();
    private static final Path REPORTS = Path.of("target", "surefire-reports", "admin-ui").toAbsolutePath();
    private static final long TIMEOUT_MINUTES = 10;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        registry.add("jams.home", HOME::toString);
    }

    @LocalServerPort
    private int port;
    @Autowired
    private DataSource dataSource;

    @Test
    void theAdminUiPassesItsBrowserTestsAgainstAFreshServer() throws Exception {
        assertThat(UI.resolve("node_modules/.bin/playwright")).as("admin-ui's npm packages (mvn builds admin-ui first)")
                .exists();
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Debian's chromium (scripts/jami/install-test-deps.sh installs it)").exists();
        URI database = URI.create(((HikariDataSource) dataSource).getJdbcUrl().substring("jdbc:".length()));
        Files.createDirectories(REPORTS);
        Path output = REPORTS.resolve("playwright-output.txt");

        ProcessBuilder playwright = new ProcessBuilder(List.of("npx", "playwright", "test"))
                .directory(UI.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = playwright.environment();
        environment.put("JAMS_BASE_URL", "http://localhost:" + port);
        environment.put("JAMS_DB_HOST", database.getHost());
        environment.put("JAMS_DB_PORT", Integer.toString(database.getPort()));
        environment.put("JAMS_DB_NAME", database.getPath().substring(1));
        environment.put("JAMS_DB_USER", ((HikariDataSource) dataSource).getUsername());
        environment.put("JAMS_DB_PASSWORD", nullToEmpty(((HikariDataSource) dataSource).getPassword()));
        environment.put("JAMS_UI_REPORTS", REPORTS.toString());
        environment.put("JAMS_UI_SCREENSHOTS", REPORTS.resolve("screenshots").toString());
        environment.put("CI", "true");
        Process process = playwright.start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = read(output);
        System.out.println(printed);
        assertThat(finished).as("Playwright finished within %d minutes:%n%s", TIMEOUT_MINUTES, printed).isTrue();
        assertThat(process.exitValue()).as("Playwright's result:%n%s", printed).isZero();
        try (var screenshots = Files.list(REPORTS.resolve("screenshots"))) {
            assertThat(screenshots.filter(file -> file.toString().endsWith("-phone.png")).count())
                    .as("a phone-width screenshot of every page").isGreaterThanOrEqualTo(15);
        }
    }

    /** Page paths get the app, whatever the route; the API, files and non-HTML requests keep their own answers. */
    @Test
    void pagePathsServeTheAppAndEverythingElseKeepsItsOwnAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = get(http, "/people/alice/devices/abc", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<div id=\"root\"></div>").doesNotContain("<script>");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self';").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        String script = page.body().replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> asset = get(http, script, "*/*");
        assertThat(asset.statusCode()).as(script).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

        assertThat(get(http, "/api/no-such-thing", "text/html").body()).contains("\"error\"");
        assertThat(get(http, "/assets/no-such-file.js", "text/html").statusCode()).isEqualTo(404);
        assertThat(get(http, "/people", "application/json").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(HttpClient http, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
