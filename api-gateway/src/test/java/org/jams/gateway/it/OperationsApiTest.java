package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.JamsClient.json;

import java.time.Duration;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.gateway.it.JamsClient.Response;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What operators see: the Prometheus scrape (admins, auditors and the scraper's token only), counters that follow the
 * events as they are stored, and gauges that match the read models.
 */
class OperationsApiTest extends SharedServerTestBase {

    private static final String SCRAPE = "/actuator/prometheus";
    private static final Duration A_FEW_SECONDS = Duration.ofSeconds(20);

    @Autowired
    private EventGateway events;

    @Autowired
    private TransactionManager transactions;

    @Test
    void theScrapeIsForAdminsAuditorsAndTheConfiguredTokenAndRefusedToAnyoneElse() {
        String user = SetupSteps.unique("scrape-user");
        createUser(user);
        String userToken = SetupSteps.login(client, user, USER_PASSWORD, "USER");

        assertError(client.get(SCRAPE).send(), 401, "unauthenticated");
        assertError(client.get(SCRAPE).bearer(userToken).send(), 403, "forbidden");
        assertError(client.get(SCRAPE).basic(user, USER_PASSWORD).send(), 403, "forbidden");
        assertError(client.get(SCRAPE).bearer(METRICS_TOKEN + "x").send(), 401, "unauthenticated");
        assertError(client.get(SCRAPE).bearer(METRICS_TOKEN.substring(1)).send(), 401, "unauthenticated");
        assertError(client.get(SCRAPE).basic("scraper", METRICS_TOKEN).send(), 401, "unauthenticated");
        // other spellings of the path that reach the endpoint meet the same check
        for (String spelling : List.of("/actuator/%70rometheus", "/actuator/prometheus;x=y", "//actuator//prometheus")) {
            RawHttp.Reply scraper = RawHttp.get(port, spelling, "Authorization: Bearer " + METRICS_TOKEN);
            assertThat(scraper.status()).as("%s reaches the endpoint: %s", spelling, scraper).isEqualTo(200);
            RawHttp.Reply anonymous = RawHttp.get(port, spelling);
            assertThat(anonymous.status()).as("%s: %s", spelling, anonymous).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"error\":\"unauthenticated\"");
        }

        assertScrape(client.get(SCRAPE).bearer(METRICS_TOKEN).send());
        assertScrape(client.get(SCRAPE).as(ADMIN).send());
        assertScrape(client.get(SCRAPE).bearer(SetupSteps.login(client, ADMIN.username(), ADMIN.password(), "ADMIN"))
                .send());
        String auditor = SetupSteps.unique("scrape-auditor");
        Response created = client.post("/api/admin/auditors").as(ADMIN)
                .json(json("username", auditor, "password", "auditor-password-1")).send();
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertScrape(client.get(SCRAPE).basic(auditor, "auditor-password-1").send());

        Response health = client.get("/actuator/health").send();
        assertThat(health.status()).as("health stays public: %s", health).isEqualTo(200);
    }

    @Test
    void theCountersGrowByExactlyWhatWasStoredAndTheGaugesMatchTheReadModels() {
        String alice = SetupSteps.unique("meter-alice");
        String bob = SetupSteps.unique("meter-bob");
        createUser(alice);
        createUser(bob);
        long headBefore = head();
        PrometheusText before = scrape();

        assertError(client.post("/api/login").basic(alice, "not-her-password").send(), 403, "invalid_credentials");
        SetupSteps.login(client, alice, USER_PASSWORD, "USER");
        assertError(client.post("/api/auth/device").basic(alice, "not-her-password")
                .json(json("csr", "x", "deviceName", "phone")).send(), 401, "unauthenticated");
        Response enrolled = client.post("/api/auth/device").basic(alice, USER_PASSWORD)
                .json(json("csr", openssl().deviceCsr(SetupSteps.unique("meter-phone")), "deviceName", "phone"))
                .send();
        assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
        String laptop = enrollDevice(alice, "laptop");
        // a device login needs TLS or a trusted proxy; the event it stores is what is counted
        transactions.executeInTransaction(() -> events.publish(new DeviceLoggedInEvent(alice, laptop, "1")));
        Response revokedDevice = client.delete("/api/admin/devices/" + laptop + "?reason=lost").as(ADMIN).send();
        assertThat(revokedDevice.status()).as("%s", revokedDevice).isEqualTo(200);
        Response revokedUser = client.delete("/api/admin/users/" + bob + "?reason=left").as(ADMIN).send();
        assertThat(revokedUser.status()).as("%s", revokedUser).isEqualTo(200);

        PrometheusText after = scrape();
        assertThat(increase(before, after, "jams_enrollments_total", "outcome", "issued")).isEqualTo(2);
        assertThat(increase(before, after, "jams_enrollments_total", "outcome", "refused")).isEqualTo(1);
        assertThat(increase(before, after, "jams_logins_total", "method", "password")).isEqualTo(1);
        assertThat(increase(before, after, "jams_logins_total", "method", "certificate")).isEqualTo(1);
        assertThat(increase(before, after, "jams_access_refusals_total", "reason", "wrong_credentials"))
                .as("the wrong password at login and at enrollment").isEqualTo(2);
        assertThat(increase(before, after, "jams_revocations_total", "kind", "device")).isEqualTo(1);
        assertThat(increase(before, after, "jams_revocations_total", "kind", "user")).isEqualTo(1);
        assertThat(increase(before, after, "jams_eventstore_appends_total"))
                .as("every event stored meanwhile, each counted once")
                .isEqualTo(count("SELECT count(*) FROM domainevententry WHERE globalindex > ?", headBefore));
        assertThat(after.series()).as("no user, device or path as a label of a jams meter")
                .filteredOn(series -> series.name().startsWith("jams_"))
                .allSatisfy(series -> assertThat(series.labels().values())
                        .doesNotContain(alice, bob, laptop, "/api/login", "/api/auth/device"));

        await().atMost(A_FEW_SECONDS).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            PrometheusText now = scrape();
            for (String status : new String[] {"ACTIVE", "REVOKED"}) {
                String label = status.toLowerCase();
                assertThat(now.value("jams_users", "status", label)).as("users %s", status)
                        .isEqualTo(count("SELECT count(*) FROM users WHERE status = ?", status));
                assertThat(now.value("jams_devices", "status", label)).as("devices %s", status)
                        .isEqualTo(count("SELECT count(*) FROM devices WHERE status = ?", status));
            }
            assertThat(now.value("jams_eventstore_head")).isEqualTo(head());
        });

        PrometheusText now = scrape();
        for (String processor : ReadModels.TRACKING) {
            assertThat(now.value("jams_processor_lag_events", "processor", processor)).as(processor)
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(now.find("jams_processor_lag_events")).hasSameSizeAs(ReadModels.TRACKING);
        assertThat(now.value("jams_audit_chain_head")).isBetween(0.0, (double) head());
        assertThat(now.value("jams_database_available")).isEqualTo(1);
        assertThat(now.find("http_server_requests_seconds_count", "uri", "/api/login", "method", "POST"))
                .as("request latencies by route").isNotEmpty();
        assertThat(now.find("hikaricp_connections_active")).as("the connection pool").isNotEmpty();
    }

    private PrometheusText scrape() {
        Response response = client.get(SCRAPE).bearer(METRICS_TOKEN).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private static void assertScrape(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        PrometheusText text = PrometheusText.parse(response.body());
        assertThat(text.find("jams_eventstore_head")).hasSize(1);
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.counter(name, labels) - before.counter(name, labels);
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    private double count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }
}
