package org.jams.command.directory;

import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationCommands.RevokeUserCommand;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.junit.jupiter.api.Test;

/** RevokeUser: the account certificate and every device still active, each by its own event. */
class RevokeUserTest extends UserAccountFixture {

    private static final String JAMI_ID = "4f1b0e5c6f0f6b2a9d3e8c7b6a5f4e3d2c1b0a99";
    private static final String LAPTOP = "a".repeat(64);
    private static final String PHONE = "b".repeat(64);
    private static final String TABLET = "c".repeat(64);
    private static final UserRegisteredEvent ALICE = registeredWithoutPki("alice", JAMI_ID);
    /** When the certificates {@link #issued} end. */
    private static final Instant NOT_AFTER = PKI_NOW_SECONDS.plus(Duration.ofDays(90));

    private static DeviceCertificateIssuedEvent issued(String deviceId, String serial) {
        return new DeviceCertificateIssuedEvent("alice", deviceId, deviceId.substring(0, 40), "device " + serial,
                serial, PKI_NOW_SECONDS, PKI_NOW_SECONDS.plus(Duration.ofDays(90)), "-----BEGIN CERTIFICATE-----",
                JAMI_ID, "203.0.113.7", "Jami");
    }

    @Test
    void revokingAUserRevokesEachActiveDeviceThenTheAccountButNotAlreadyRevokedDevices() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGiven(ALICE, issued(LAPTOP, "1a"), issued(PHONE, "2b"), issued(LAPTOP, "3c"),
                        issued(TABLET, "4d"),
                        new DeviceRevokedEvent("alice", PHONE, List.of("2b"), JAMI_ID, "lost", "admin", EVENT_TIME))
                .when(new RevokeUserCommand("alice", "left the organisation", "root"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new DeviceRevokedEvent("alice", LAPTOP, List.of("1a", "3c"), JAMI_ID,
                                "left the organisation", "root", EVENT_TIME, List.of(NOT_AFTER, NOT_AFTER)),
                        new DeviceRevokedEvent("alice", TABLET, List.of("4d"), JAMI_ID,
                                "left the organisation", "root", EVENT_TIME, List.of(NOT_AFTER)),
                        new UserRevokedEvent("alice", JAMI_ID, ALICE.accountCertificateSerial(), ALICE.caKeyId(),
                                "left the organisation", "root", EVENT_TIME));
    }

    @Test
    void revokingAUserWithoutDevicesRevokesOnlyTheAccountWithTheActorAsDefaultReason() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGiven(ALICE)
                .when(new RevokeUserCommand("alice", " ", "root"))
                .expectEvents(new UserRevokedEvent("alice", JAMI_ID, "a11ce", "ca-key-id", "user revoked by root",
                        "root", EVENT_TIME));
    }

    @Test
    void revokingARevokedUserIsRefusedAndStoresNothing() {
        fixture.given(ALICE, issued(LAPTOP, "1a"),
                        new DeviceRevokedEvent("alice", LAPTOP, List.of("1a"), JAMI_ID, "left", "admin", EVENT_TIME),
                        new UserRevokedEvent("alice", JAMI_ID, "a11ce", "ca-key-id", "left", "admin", EVENT_TIME))
                .when(new RevokeUserCommand("alice", "again", "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(CONFLICT, "user_revoked"))
                .expectNoEvents();
    }

    @Test
    void aReasonLongerThan512CharactersIsRefusedAndRevokesNothing() {
        fixture.given(ALICE, issued(LAPTOP, "1a"))
                .when(new RevokeUserCommand("alice", "r".repeat(513), "admin"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_reason"))
                .expectNoEvents();
    }
}
