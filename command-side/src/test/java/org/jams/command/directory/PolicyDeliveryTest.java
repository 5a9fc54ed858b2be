package org.jams.command.directory;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.jams.command.directory.EventMatchers.a;

import java.util.Map;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.policy.PolicyCommands.RecordPolicyDeliveryCommand;
import org.jams.api.policy.PolicyEvents.PolicyDeliveredEvent;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.command.testing.TestPki;
import org.junit.jupiter.api.Test;

/**
 * What blueprint versions each device received, at enrollment and from policyData: recorded when they change, so a
 * device's history shows each version it got and nothing on every start.
 */
class PolicyDeliveryTest extends UserAccountFixture {

    private static final String DEVICE_ID = TestPki.sha256Hex(DEVICE_KEY.getPublic());
    private static final String CSR = TestPki.csrPem(DEVICE_KEY);
    private static final Map<String, Integer> OFFICE_1 = Map.of("office", 1);

    private static SignDeviceCsrCommand enroll(Map<String, Integer> versions) {
        return new SignDeviceCsrCommand("alice", CSR, "laptop", "203.0.113.7", "Jami", versions);
    }

    @Test
    void anEnrollmentRecordsTheVersionsItsAnswerCarriesAndARenewalWithTheSameOnesDoesNot() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"))
                .when(enroll(OFFICE_1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class),
                        org.hamcrest.Matchers.equalTo(new PolicyDeliveredEvent("alice", DEVICE_ID, OFFICE_1,
                                "enrollment", EVENT_TIME)), andNoMore())));
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"), enroll(OFFICE_1))
                .when(enroll(OFFICE_1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class),
                        andNoMore())));
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"))
                .when(enroll(Map.of()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class),
                        andNoMore())));
    }

    @Test
    void policyDataIsRecordedWhenTheVersionsChangeIncludingToNone() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"), enroll(OFFICE_1))
                .when(new RecordPolicyDeliveryCommand("alice", DEVICE_ID, OFFICE_1))
                .expectNoEvents();
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"), enroll(OFFICE_1))
                .when(new RecordPolicyDeliveryCommand("alice", DEVICE_ID, Map.of("office", 2)))
                .expectEvents(new PolicyDeliveredEvent("alice", DEVICE_ID, Map.of("office", 2), "policyData",
                        EVENT_TIME));
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"), enroll(OFFICE_1))
                .when(new RecordPolicyDeliveryCommand("alice", DEVICE_ID, Map.of()))
                .expectEvents(new PolicyDeliveredEvent("alice", DEVICE_ID, Map.of(), "policyData", EVENT_TIME));
    }

    @Test
    void aRevokedOrUnknownDeviceGetsNothingRecorded() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"), enroll(Map.of()),
                        new RevokeDeviceCommand("alice", DEVICE_ID, "lost", "admin"))
                .when(new RecordPolicyDeliveryCommand("alice", DEVICE_ID, OFFICE_1))
                .expectNoEvents();
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(new RegisterUserCommand("alice", "Alice", HASH, "local"))
                .when(new RecordPolicyDeliveryCommand("alice", "f".repeat(64), OFFICE_1))
                .expectNoEvents();
    }
}
