package org.jams.query.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.jams.query.testing.SampleEvents.DEVICE_LIFETIME;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.issued;
import static org.jams.query.testing.SampleEvents.minutes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.testing.AccessCertificates;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.jams.query.testing.SampleEvents;
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
        devices = new DeviceReader(database.jdbc, Clock.fixed(SampleEvents.T0.plus(Duration.ofDays(30)),
                ZoneOffset.UTC));
    }

    @AfterEach
    void drop() {
        database.close();
    }

    /**
     * A device row with an RSA-4096 device certificate is just over the 2 KB at which PostgreSQL tries to compress a
     * row's values; the table stores rows up to a page as they are, without trying (V19).
     */
    @Test
    void theDeviceListStoresItsRowsWithoutTryingToCompressThem() {
        assertThat(database.jdbc.queryForList("SELECT unnest(reloptions) FROM pg_class WHERE oid = 'devices'::regclass",
                String.class)).contains("toast_tuple_target=8160");
    }

    @Test
    void anIssuedCertificateListsTheDeviceAsActiveForItsValidity() {
        DeviceCertificateIssuedEvent phone = issued("alice", "phone", "Alice's phone", "0a01", minutes(1));
        feed.user("alice", phone, minutes(1));

        assertThat(devices.devicesOf("alice")).containsExactly(new DeviceView("alice", deviceId("phone"),
                phone.deviceSha1Id(), "Alice's phone", "0a01", "ACTIVE", minutes(1),
                minutes(1).plus(DEVICE_LIFETIME), null, null, false));
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
    void anActiveDeviceWhoseCertificateEndedIsExpiredAndCountedSo() {
        Instant longAgo = SampleEvents.T0.minus(Duration.ofDays(400));
        feed.user("alice", issued("alice", "old", "old phone", "0a01", longAgo), longAgo);
        feed.user("alice", issued("alice", "new", "new phone", "0a02", minutes(1)), minutes(1));
        feed.user("bob", issued("bob", "gone", "gone", "0b01", longAgo), longAgo);
        feed.user("bob", deviceRevoked("bob", "gone", List.of("0b01"), "stolen", longAgo.plusSeconds(60)),
                longAgo.plusSeconds(60));

        assertThat(devices.devicesOf("alice")).extracting(DeviceView::name, DeviceView::status)
                .containsExactly(tuple("old phone", "EXPIRED"), tuple("new phone", "ACTIVE"));
        assertThat(devices.countByStatus()).isEqualTo(Map.of("ACTIVE", 1L, "EXPIRED", 1L, "REVOKED", 1L));
        assertThat(devices.expiringBefore(SampleEvents.T0.plus(Duration.ofDays(400)), 10))
                .extracting(DeviceView::name).containsExactly("old phone", "new phone");
    }

    @Test
    void devicesWhoseCertificateNamesNoOcspResponderAreListed() throws Exception {
        DeviceCertificateIssuedEvent plain = issued("alice", "plain", "plain", "0a01", minutes(1));
        DeviceCertificateIssuedEvent named = issued("alice", "named", "named", "0a02", minutes(1));
        DeviceCertificateIssuedEvent withOcsp = new DeviceCertificateIssuedEvent(named.username(), named.deviceId(),
                named.deviceSha1Id(), named.deviceName(), named.serial(), named.notBefore(), named.notAfter(),
                AccessCertificates.naming(X509ObjectIdentifiers.ocspAccessMethod,
                        "https://jams.example.org/api/ocsp", false), named.issuerKeyId(), "192.0.2.7", "jami");
        DeviceCertificateIssuedEvent withoutOcsp = new DeviceCertificateIssuedEvent(plain.username(),
                plain.deviceId(), plain.deviceSha1Id(), plain.deviceName(), plain.serial(), plain.notBefore(),
                plain.notAfter(), AccessCertificates.namingNothing(), plain.issuerKeyId(), "192.0.2.7", "jami");
        feed.user("alice", withOcsp, minutes(1));
        feed.user("alice", withoutOcsp, minutes(2));

        assertThat(devices.lackingOcsp(10)).extracting(DeviceView::name).containsExactly("plain");
        assertThat(devices.devicesOf("alice")).extracting(DeviceView::name, DeviceView::namesOcsp)
                .containsExactlyInAnyOrder(tuple("named", true), tuple("plain", false));
    }

    @Test
    void aResetEmptiesTheDeviceListForAReplay() {
        feed.user("alice", issued("alice", "phone", "phone", "0a01", minutes(1)), minutes(1));
        feed.reset();
        assertThat(devices.devicesOf("alice")).isEmpty();
    }
}
