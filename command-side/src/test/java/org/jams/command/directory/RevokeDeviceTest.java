package org.jams.command.directory;

import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.api.error.DomainException.Kind.NOT_FOUND;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RevokeDevice: every certificate of one device key is revoked; the stream's own history is the only input. */
class RevokeDeviceTest extends UserAccountFixture {

    private static final String JAMI_ID = "4f1b0e5c6f0f6b2a9d3e8c7b6a5f4e3d2c1b0a99";
    private static final String LAPTOP = "a".repeat(64);
    private static final String PHONE = "b".repeat(64);
    /** When the certificates {@link #issued} end. */
    private static final Instant NOT_AFTER = PKI_NOW_SECONDS.plus(Duration.ofDays(90));

    private static DeviceCertificateIssuedEvent issued(String deviceId, String serial) {
        return new DeviceCertificateIssuedEvent("alice", deviceId, deviceId.substring(0, 40), "device " + serial,
                serial, PKI_NOW_SECONDS, PKI_NOW_SECONDS.plus(Duration.ofDays(90)), "-----BEGIN CERTIFICATE-----",
                JAMI_ID, "203.0.113.7", "Jami");
    }

    @Test
    void revokingADeviceRecordsEveryOneOfItsSerialsAtTheFixtureTime() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGiven(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"), issued(PHONE, "2b"),
                        issued(LAPTOP, "3c"))
                .when(new RevokeDeviceCommand("alice", LAPTOP, " stolen on the train ", "admin"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceRevokedEvent("alice", LAPTOP, List.of("1a", "3c"), JAMI_ID,
                        "stolen on the train", "admin", EVENT_TIME, List.of(NOT_AFTER, NOT_AFTER)));
    }

    /** A certificate expired by the device's next renewal, or superseded, no longer needs revoking. */
    @Test
    void revokingADeviceListsOnlyItsCertificatesThatWereStillValid() {
        DeviceCertificateIssuedEvent shortLived = new DeviceCertificateIssuedEvent("alice", LAPTOP,
                LAPTOP.substring(0, 40), "device 0e", "0e", EVENT_TIME, EVENT_TIME.plus(Duration.ofDays(1)),
                "-----BEGIN CERTIFICATE-----", JAMI_ID, "203.0.113.7", "Jami");
        fixture.givenCurrentTime(EVENT_TIME)
                .andGiven(registeredWithoutPki("alice", JAMI_ID), shortLived)
                .andGivenCurrentTime(EVENT_TIME.plus(Duration.ofDays(2)))
                .andGiven(issued(LAPTOP, "1a"), issued(LAPTOP, "3c"), issued(LAPTOP, "4d"),
                        new DeviceCertificatesSupersededEvent("alice", LAPTOP, List.of("1a"), JAMI_ID, "4d",
                                EVENT_TIME.plus(Duration.ofDays(2))))
                .when(new RevokeDeviceCommand("alice", LAPTOP, "stolen", "admin"))
                .expectEvents(new DeviceRevokedEvent("alice", LAPTOP, List.of("3c", "4d"), JAMI_ID, "stolen", "admin",
                        EVENT_TIME.plus(Duration.ofDays(2)), List.of(NOT_AFTER, NOT_AFTER)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void withoutAReasonTheActorIsNamedAsTheReason(String reason) {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGiven(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"))
                .when(new RevokeDeviceCommand("alice", LAPTOP, reason, "root"))
                .expectEvents(new DeviceRevokedEvent("alice", LAPTOP, List.of("1a"), JAMI_ID, "revoked by root",
                        "root", EVENT_TIME, List.of(NOT_AFTER)));
    }

    @Test
    void revokingAnUnknownDeviceIsRefusedAsNotFoundAndStoresNothing() {
        fixture.given(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"))
                .when(new RevokeDeviceCommand("alice", PHONE, "lost", "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(NOT_FOUND, "device_not_found"))
                .expectNoEvents();
    }

    @Test
    void revokingAnAlreadyRevokedDeviceIsRefusedAndStoresNothing() {
        fixture.given(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"),
                        new DeviceRevokedEvent("alice", LAPTOP, List.of("1a"), JAMI_ID, "lost", "admin", EVENT_TIME))
                .when(new RevokeDeviceCommand("alice", LAPTOP, "lost again", "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(CONFLICT, "device_already_revoked"))
                .expectNoEvents();
    }

    @Test
    void revokingADeviceOfARevokedUserIsRefusedAsAlreadyRevokedAndStoresNothing() {
        fixture.given(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"),
                        new DeviceRevokedEvent("alice", LAPTOP, List.of("1a"), JAMI_ID, "left", "admin", EVENT_TIME),
                        new UserRevokedEvent("alice", JAMI_ID, "a11ce", "ca-key-id", "left", "admin", EVENT_TIME))
                .when(new RevokeDeviceCommand("alice", LAPTOP, null, "admin"))
                .expectException(refusedWith(CONFLICT, "device_already_revoked"))
                .expectNoEvents();
    }

    @Test
    void aReasonLongerThan512CharactersIsRefusedAndStoresNothing() {
        fixture.given(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"))
                .when(new RevokeDeviceCommand("alice", LAPTOP, "r".repeat(513), "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_reason"))
                .expectNoEvents();
    }

    @Test
    void aReasonWithControlCharactersIsRefusedAndStoresNothing() {
        fixture.given(registeredWithoutPki("alice", JAMI_ID), issued(LAPTOP, "1a"))
                .when(new RevokeDeviceCommand("alice", LAPTOP, "lost\u0000on the train", "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_reason"))
                .expectNoEvents();
    }
}
