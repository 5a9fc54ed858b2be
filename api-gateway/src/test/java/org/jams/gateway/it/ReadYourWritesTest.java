package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jams.gateway.axon.TrackingEventSource;
import org.jams.query.directory.UserDirectoryProjection;
import org.jams.query.readmodel.ReadModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A command is answered only once the read models that handle its events show them. A tracking projection stopped
 * for a while (as when it runs late, or on another node) holds the answer back until it has caught up; the read models
 * updated in the appending transaction show a device the moment its enrollment is stored, whatever the tracking
 * processors are doing.
 */
class ReadYourWritesTest extends SharedServerTestBase {

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TransactionManager transactions;

    @Test
    void creatingAUserAnswersOnlyOnceTheUserReadModelShowsTheUser() throws Exception {
        String user = SetupSteps.unique("ryw");
        assertThat(ReadModels.TRACKING).contains(UserDirectoryProjection.NAME);
        StreamingEventProcessor users = processing.eventProcessor(UserDirectoryProjection.NAME,
                StreamingEventProcessor.class).orElseThrow();
        users.shutDown();
        CompletableFuture<JamsClient.Response> creation;
        try {
            creation = CompletableFuture.supplyAsync(() -> client.post("/api/admin/users").as(ADMIN)
                    .json(JamsClient.json("username", user, "password", USER_PASSWORD, "displayName", "Late"))
                    .send());
            // On a loaded machine the command itself (an account key from the pool, a signature) can take a while:
            // wait for its event, then give the answer time to come back early if it were going to.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registeringEvents(user) == 0 && System.nanoTime() < deadline && !creation.isDone()) {
                Thread.sleep(50);
            }
            assertThat(registeringEvents(user)).as("the registering event is stored meanwhile").isEqualTo(1);
            Thread.sleep(1_000);
            assertThat(creation).as("answered before the user projection saw the user").isNotDone();
        } finally {
            users.start();
        }
        JamsClient.Response answer = creation.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = ?", Long.class, user))
                .as("the read model shows the user when the admin gets the answer").isEqualTo(1);
    }

    @Test
    void aTrackingProjectionFurtherBehindThanTheEventCacheCatchesUpFromTheStore() throws Exception {
        // The store keeps only the latest events in memory for the processors that follow the head; one stopped while
        // more than that were appended reads the rest from PostgreSQL, as after a restart, then follows the head again.
        StreamingEventProcessor users = processing.eventProcessor(UserDirectoryProjection.NAME,
                StreamingEventProcessor.class).orElseThrow();
        String subject = SetupSteps.unique("behind");
        int appended = TrackingEventSource.CACHED_EVENTS + 500;
        users.shutDown();
        try {
            transactions.executeInTransaction(() -> {
                for (int i = 0; i < appended; i++) {
                    eventStore.publish(accessRefused(subject + "-" + i, "read-your-writes-test"));
                }
            });
        } finally {
            users.start();
        }
        String user = SetupSteps.unique("behind-user");
        long started = System.nanoTime();
        createUser(user); // answered (201) once the user projection shows the user
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE username = ?", Long.class, user))
                .as("the user projection caught up past %d events it does not handle", appended).isEqualTo(1);
        long userEvent = jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%UserRegisteredEvent'", Long.class, user);
        assertThat(users.processingStatus().values()).as("every segment's position")
                .allSatisfy(status -> assertThat(status.getCurrentPosition().orElse(-1))
                        .isGreaterThanOrEqualTo(userEvent));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to answer").isLessThan(10);
    }

    private long registeringEvents(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%UserRegisteredEvent'", Long.class, user);
    }

    @Test
    void theTrackingProjectionsFollowALocalCommitOfAnEventTheyHandleAtOnceNotAtTheirNextPoll() {
        // Without a signal they poll the store once a second: five answers all under half of that would be chance
        // once in 32. A settings change (the values the suite runs with) waits for the setup projection.
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            SetupSteps.configureSettings(client, ADMIN);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("a settings change, answered once the setup projection shows it").isLessThan(500);
        }
    }

    @Test
    void anEnrollmentIsInTheDeviceListAndTheAuditIndexTheMomentItIsAnsweredEvenWithTrackingProcessorsStopped()
            throws Exception {
        String user = SetupSteps.unique("ryw-dev");
        createUser(user);
        String csr = openssl().deviceCsr(SetupSteps.unique("ryw-device"));
        StreamingEventProcessor users = processing.eventProcessor(UserDirectoryProjection.NAME,
                StreamingEventProcessor.class).orElseThrow();
        users.shutDown();
        JamsClient.Response answer;
        try {
            answer = client.post("/api/auth/device").basic(user, USER_PASSWORD)
                    .json(JamsClient.json("csr", csr, "deviceName", "at-once")).send();
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ? AND name = 'at-once'",
                    Long.class, user)).isEqualTo(1);
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM audit_index i JOIN domainevententry e ON e.globalindex = i.globalindex
                    WHERE e.aggregateidentifier = ? AND i.type = 'DeviceCertificateIssuedEvent'""", Long.class, user))
                    .isEqualTo(1);
        } finally {
            users.start();
        }
    }
}
