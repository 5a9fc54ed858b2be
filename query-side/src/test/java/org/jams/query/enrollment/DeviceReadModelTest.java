package org.jams.query.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.jams.query.testing.SampleEvents.DEVICE_LIFETIME;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.issued;
import static org.jams.query.testing.SampleEvents.minutes;

import java.util.List;
import java.util.Map;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device list: what enrolments and revocations make of it, read back as the API reads it. */
class DeviceReadModelTest {

    private MigratedDatabase database;
    private ProjectionFeed feed;
    private DeviceReader devices;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        feed = new ProjectionFeed(new DeviceProjection(database.jdbc));
        devices = new DeviceReader(database.jdbc);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void anIssuedCertificateListsTheDeviceAsActiveForItsValidity() {
        DeviceCertificateIssuedEvent phone = issued("alice", "phone", "Alice's phone", "0a01", minutes(1));
        feed.user("alice", phone, minutes(1));

        assertThat(devices.devicesOf("alice")).containsExactly(new DeviceView("alice", deviceId("phone"),
                phone.deviceSha1Id(), "Alice's phone", "0a01", "ACTIVE", minutes(1),
                minutes(1).plus(DEVICE_LIFETIME), null, null));
    }

    @Test
    void reEnrollingTheSameKeyKeepsOneDeviceShowingItsNewestCertificate() {
        feed.user("alice", issued("alice", "phone", "old name", "0a01", minutes(1)), minutes(1));
        feed.user("alice", issued("alice", "phone", "new name", "0a02", minutes(5)), minutes(5));

        assertThat(devices.devicesOf("alice")).singleElement().satisfies(device -> {
            assertThat(device.serial()).isEqualTo("0a02");
            assertThat(device.name()).isEqualTo("new name");
            assertThat(device.issuedAt()).isEqualTo(minutes(5));
            assertThat(device.expiresAt()).isEqualTo(minutes(5).plus(DEVICE_LIFETIME));
            assertThat(device.status()).isEqualTo("ACTIVE");
        });
    }

    @Test
    void aRevokedDeviceIsListedAsRevokedWithItsNewestSerial() {
        feed.user("alice", issued("alice", "phone", "phone", "0a01", minutes(1)), minutes(1));
        feed.user("alice", issued("alice", "phone", "phone", "0a02", minutes(2)), minutes(2));
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a01", "0a02"), "lost", minutes(3)), minutes(3));

        assertThat(devices.devicesOf("alice")).singleElement().satisfies(device -> {
            assertThat(device.status()).isEqualTo("REVOKED");
            assertThat(device.serial()).isEqualTo("0a02");
            assertThat(device.revokedAt()).isEqualTo(minutes(3));
            assertThat(device.revokeReason()).isEqualTo("lost");
        });
    }

    @Test
    void aUsersDevicesAreListedInTheOrderTheyWereIssuedAndNoOneElses() {
        feed.user("alice", issued("alice", "tablet", "tablet", "0b01", minutes(1)), minutes(1));
        feed.user("bob", issued("bob", "laptop", "laptop", "0c01", minutes(2)), minutes(2));
        feed.user("alice", issued("alice", "phone", "phone", "0b02", minutes(3)), minutes(3));
        // The phone's id sorts first: the order is the issue time's, not the id's.
        assertThat(deviceId("phone")).isLessThan(deviceId("tablet"));

        assertThat(devices.devicesOf("alice")).extracting(DeviceView::name).containsExactly("tablet", "phone");
        assertThat(devices.devicesOf("bob")).extracting(DeviceView::name).containsExactly("laptop");
        assertThat(devices.devicesOf("carol")).isEmpty();
    }

    @Test
    void aKeyEnrolledByTwoUsersIsTwoDevicesAndRevokingOneLeavesTheOther() {
        feed.user("alice", issued("alice", "shared", "alice's", "0a01", minutes(1)), minutes(1));
        feed.user("bob", issued("bob", "shared", "bob's", "0b01", minutes(2)), minutes(2));
        feed.user("alice", deviceRevoked("alice", "shared", List.of("0a01"), "stolen", minutes(3)), minutes(3));

        assertThat(devices.byDeviceId(deviceId("shared"))).extracting(DeviceView::username, DeviceView::status)
                .containsExactlyInAnyOrder(tuple("alice", "REVOKED"), tuple("bob", "ACTIVE"));
        assertThat(devices.byDeviceId(deviceId("unknown"))).isEmpty();
    }

    @Test
    void anOverlongUserAgentOrSourceAddressIsCutToFitRatherThanRefused() {
        DeviceCertificateIssuedEvent phone = issued("alice", "phone", "phone", "0a01", minutes(1));
        DeviceCertificateIssuedEvent chatty = new DeviceCertificateIssuedEvent(phone.username(), phone.deviceId(),
                phone.deviceSha1Id(), phone.deviceName(), phone.serial(), phone.notBefore(), phone.notAfter(),
                phone.certificatePem(), phone.issuerKeyId(), "f".repeat(100), "agent ".repeat(100));
        feed.user("alice", chatty, minutes(1));

        Map<String, Object> row = database.jdbc.queryForMap(
                "SELECT source_address, user_agent FROM devices WHERE username = 'alice'");
        assertThat((String) row.get("source_address")).isEqualTo("f".repeat(64));
        assertThat((String) row.get("user_agent")).hasSize(255).startsWith("agent agent");
        assertThat(devices.devicesOf("alice")).hasSize(1);
    }

    @Test
    void aResetEmptiesTheDeviceListForAReplay() {
        feed.user("alice", issued("alice", "phone", "phone", "0a01", minutes(1)), minutes(1));
        feed.reset();
        assertThat(devices.devicesOf("alice")).isEmpty();
    }
}
