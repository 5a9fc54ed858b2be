package org.jams.query.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.CA_KEY_ID;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.jamiId;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;
import static org.jams.query.testing.SampleEvents.userRevoked;

import java.util.List;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.query.revocation.RevokedCertificateReader.RevokedCertificate;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The input of the CRLs: every revoked certificate under the key that issued it. */
class RevokedCertificatesReadModelTest {

    private MigratedDatabase database;
    private ProjectionFeed feed;
    private RevokedCertificateReader revoked;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        feed = new ProjectionFeed(new RevokedCertificateProjection(database.jdbc));
        revoked = new RevokedCertificateReader(database.jdbc);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aRevokedDeviceListsEveryCertificateOfItsKeyUnderTheUsersAccountKey() {
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a02", "0a01"), "lost", minutes(3)), minutes(3));

        assertThat(revoked.revokedBy(jamiId("alice"))).containsExactly(
                new RevokedCertificate(jamiId("alice"), "0a01", "DEVICE", deviceId("phone"), minutes(3), "lost"),
                new RevokedCertificate(jamiId("alice"), "0a02", "DEVICE", deviceId("phone"), minutes(3), "lost"));
        assertThat(revoked.revokedBy(CA_KEY_ID)).as("the CA issued no device certificate").isEmpty();
    }

    @Test
    void aRevokedUserListsTheAccountCertificateUnderTheOrganisationCa() {
        UserRegisteredEvent alice = registered("alice", "Alice");
        feed.user("alice", userRevoked(alice, "left", minutes(4)), minutes(4));

        assertThat(revoked.revokedBy(CA_KEY_ID)).containsExactly(new RevokedCertificate(CA_KEY_ID,
                alice.accountCertificateSerial(), "ACCOUNT", alice.jamiId(), minutes(4), "left"));
        assertThat(revoked.revokedBy(alice.jamiId())).isEmpty();
    }

    @Test
    void eachIssuerListsOnlyWhatItIssued() {
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a01"), "lost", minutes(1)), minutes(1));
        feed.user("bob", deviceRevoked("bob", "laptop", List.of("0b01"), "sold", minutes(2)), minutes(2));
        feed.user("bob", userRevoked(registered("bob", "Bob"), "left", minutes(3)), minutes(3));

        assertThat(revoked.revokedBy(jamiId("alice"))).extracting(RevokedCertificate::serial).containsExactly("0a01");
        assertThat(revoked.revokedBy(jamiId("bob"))).extracting(RevokedCertificate::serial).containsExactly("0b01");
        assertThat(revoked.revokedBy(CA_KEY_ID)).extracting(RevokedCertificate::subjectId)
                .containsExactly(jamiId("bob"));
    }

    @Test
    void aRevocationDeliveredTwiceIsListedOnceWithItsFirstReason() {
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a01"), "lost", minutes(1)), minutes(1));
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a01"), "again", minutes(2)), minutes(2));

        assertThat(revoked.revokedBy(jamiId("alice"))).singleElement().satisfies(certificate -> {
            assertThat(certificate.reason()).isEqualTo("lost");
            assertThat(certificate.revokedAt()).isEqualTo(minutes(1));
        });
    }

    @Test
    void aResetEmptiesTheListForAReplay() {
        feed.user("alice", deviceRevoked("alice", "phone", List.of("0a01"), "lost", minutes(1)), minutes(1));
        feed.reset();
        assertThat(revoked.revokedBy(jamiId("alice"))).isEmpty();
    }
}
