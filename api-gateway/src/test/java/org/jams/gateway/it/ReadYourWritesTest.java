package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jams.query.devices.DeviceProjection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A command is answered only once the read models that handle its events show them, so a device that enrolls can
 * log in and list its devices at once. With the device projection stopped for a while (as when it runs late, or on
 * another node), the enrollment waits for it through the shared positions, then answers.
 */
class ReadYourWritesTest extends SharedServerTestBase {

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void anEnrollmentAnswersOnlyOnceTheDeviceReadModelShowsTheDevice() throws Exception {
        String user = SetupSteps.unique("ryw");
        createUser(user);
        String csr = openssl().deviceCsr(SetupSteps.unique("ryw-device"));
        StreamingEventProcessor devices = processing.eventProcessor(
                DeviceProjection.class.getAnnotation(org.axonframework.config.ProcessingGroup.class).value(),
                StreamingEventProcessor.class).orElseThrow();
        devices.shutDown();
        CompletableFuture<JamsClient.Response> enrollment;
        try {
            enrollment = CompletableFuture.supplyAsync(() -> client.post("/api/auth/device")
                    .basic(user, USER_PASSWORD).json(JamsClient.json("csr", csr, "deviceName", "late")).send());
            Thread.sleep(1_000);
            assertThat(enrollment).as("answered before the device projection saw the device").isNotDone();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                    + "AND payloadtype LIKE '%DeviceCertificateIssuedEvent'", Long.class, user))
                    .as("the issuing event is stored meanwhile").isEqualTo(1);
        } finally {
            devices.start();
        }
        JamsClient.Response answer = enrollment.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE username = ?", Long.class, user))
                .as("the read model shows the device when the device gets its answer").isEqualTo(1);
    }
}
