package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jams.gateway.it.ApiAssertions.assertError;
import static org.jams.gateway.it.JamsClient.json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.gateway.it.JamsClient.Response;
import org.jams.query.audit.integrity.AuditChainer;
import org.jams.query.readmodel.ReadModels;
import org.jams.query.revocation.RevokedCertificateProjection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What operators see: the Prometheus scrape (admins, auditors and the scraper's token only), counters that follow the
 * events as they are stored, gauges that match the read models, and health groups that say when the server should
 * get no traffic (readiness) and when it should be restarted (liveness).
 */
class OperationsApiTest extends SharedServerTestBase {

    private static final String SCRAPE = "/actuator/prometheus";
    private static final Duration A_FEW_SECONDS = Duration.ofSeconds(20);
    /** The chainer waits up to its gap grace (30 s) at an index left empty by an append another test rolled back. */
    private static final Duration UNTIL_READY = Duration.ofSeconds(45);

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private EventGateway events;

    @Autowired
    private TransactionManager transactions;

    @Autowired
    private AuditChainer chainer;

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

        ApiAssertions.awaitCrlsCurrent(jdbc);
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
        assertThat(now.value("jams_password_hashing_waiting")).isZero();
        assertThat(now.value("jams_password_hashing_refused_total")).isZero();
        assertThat(now.find("http_server_requests_seconds_count", "uri", "/api/login", "method", "POST"))
                .as("request latencies by route").isNotEmpty();
        assertThat(now.find("hikaricp_connections_active")).as("the connection pool").isNotEmpty();
    }

    @Test
    void livenessAndReadinessAreUpAndTellAnonymousCallersNothingMore() {
        Response liveness = client.get("/actuator/health/liveness").send();
        assertThat(liveness.status()).as("%s", liveness).isEqualTo(200);
        assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
        Response readiness = awaitReadiness(200);
        List<String> fields = new ArrayList<>();
        readiness.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("no components or details for anonymous callers").containsExactly("status");
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readinessIsDownWhileATrackingProcessorStaysBehindAnEventItHandlesAndUpOnceItMovesAgain() {
        String user = SetupSteps.unique("stuck");
        createUser(user);
        String device = enrollDevice(user, "phone");
        awaitReadiness(200);
        StreamingEventProcessor revocations = processing.eventProcessor(RevokedCertificateProjection.NAME,
                StreamingEventProcessor.class).orElseThrow();
        revocations.shutDown();
        try {
            commandGateway.sendAndWait(new RevokeDeviceCommand(user, device, "stuck test", "admin:it-admin"));
            Response readiness = awaitReadiness(503);
            assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(readiness.body()).as("no details for anonymous callers").doesNotContain("processors");
            assertThat(client.get("/actuator/health/liveness").send().status()).isEqualTo(200);
            assertThat(scrape().value("jams_processor_lag_events", "processor", RevokedCertificateProjection.NAME))
                    .isPositive();
        } finally {
            revocations.start();
        }
        awaitReadiness(200);
        assertThat(count("SELECT count(*) FROM revoked_certificates WHERE subject_id = ?", device)).isPositive();
    }

    @Test
    void readinessIsDownWhileTheAuditChainStaysBehindStoredEventsAndUpOnceItChainsThemAgain() {
        awaitReadiness(200);
        chainer.close(); // the background chaining stops; appends go on
        try {
            createUser(SetupSteps.unique("unchained"));
            awaitReadiness(503);
            assertThat(scrape().value("jams_audit_chain_lag_events")).isPositive();
            assertThat(client.get("/actuator/health/liveness").send().status()).isEqualTo(200);
        } finally {
            chainer.start(Duration.ofSeconds(1));
        }
        awaitReadiness(200);
    }

    private Response awaitReadiness(int status) {
        return await().atMost(status == 200 ? UNTIL_READY : A_FEW_SECONDS).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get("/actuator/health/readiness").send(), response -> response.status() == status);
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
