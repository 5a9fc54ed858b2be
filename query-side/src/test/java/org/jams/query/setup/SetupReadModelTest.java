package org.jams.query.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.CA_KEY_ID;
import static org.jams.query.testing.SampleEvents.hex;
import static org.jams.query.testing.SampleEvents.minutes;

import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.AuditorAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.query.setup.SetupReader.AuditorView;
import org.jams.query.setup.SetupReader.ServerSettingsView;
import org.jams.query.setup.SetupReader.SetupStatus;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The setup read models: how far the setup got, the settings and the auditors. */
class SetupReadModelTest {

    private static final String SETUP = ServerSetupId.VALUE;

    private MigratedDatabase database;
    private ProjectionFeed feed;
    private SetupReader setup;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        feed = new ProjectionFeed(new SetupProjection(database.jdbc));
        setup = new SetupReader(database.jdbc);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    private static OrganisationCaConfiguredEvent ca(String keyId) {
        return new OrganisationCaConfiguredEvent(SETUP, "PEM of " + keyId, keyId, "CN=Example CA", "01",
                minutes(0), minutes(60 * 24 * 3650), "generated");
    }

    @Test
    void aFreshServerHasNoSetupNoSettingsAndNoAuditors() {
        assertThat(setup.status()).isEqualTo(new SetupStatus(false, false, false, false));
        assertThat(setup.status().complete()).isFalse();
        assertThat(setup.settings()).isEmpty();
        assertThat(setup.auditors()).isEmpty();
    }

    @Test
    void theSetupIsCompleteOnlyOnceAdminCaDirectoryAndSettingsAreAllThere() {
        feed.setup(new DirectoryConfiguredEvent(SETUP, "LOCAL"), minutes(1));
        assertThat(setup.status()).isEqualTo(new SetupStatus(false, false, true, false));
        feed.setup(ca(CA_KEY_ID), minutes(2));
        assertThat(setup.status()).isEqualTo(new SetupStatus(false, true, true, false));
        feed.setup(new ServerSettingsChangedEvent(SETUP, 365, 3650, 60, "https://admin.example"), minutes(3));
        assertThat(setup.status()).isEqualTo(new SetupStatus(false, true, true, true));
        assertThat(setup.status().complete()).isFalse();

        feed.setup(new AdminAccountCreatedEvent(SETUP, "root", "admin-hash", minutes(4)), minutes(4));
        assertThat(setup.status()).isEqualTo(new SetupStatus(true, true, true, true));
        assertThat(setup.status().complete()).isTrue();
    }

    @Test
    void theNewestSettingsReplaceTheEarlierOnes() {
        feed.setup(new ServerSettingsChangedEvent(SETUP, 365, 3650, 60, "https://old.example"), minutes(1));
        feed.setup(new ServerSettingsChangedEvent(SETUP, 30, 730, 15, "https://new.example",
                "https://jams.example.org"), minutes(2));

        assertThat(setup.settings()).contains(new ServerSettingsView(30, 730, 15, "https://new.example",
                "https://jams.example.org"));
    }

    @Test
    void aReconfiguredCaOrDirectoryReplacesTheOneRowItKeeps() {
        feed.setup(ca(CA_KEY_ID), minutes(1));
        feed.setup(ca(hex("another-ca", 40)), minutes(2));
        feed.setup(new DirectoryConfiguredEvent(SETUP, "LOCAL"), minutes(3));
        feed.setup(new DirectoryConfiguredEvent(SETUP, "LDAP"), minutes(4));

        assertThat(database.jdbc.queryForList("SELECT ca_key_id FROM organisation_ca", String.class))
                .containsExactly(hex("another-ca", 40));
        assertThat(database.jdbc.queryForList("SELECT type FROM directory_config", String.class))
                .containsExactly("LDAP");
        assertThat(setup.status().ca()).isTrue();
    }

    @Test
    void auditorsAreListedByNameWithWhenTheyWereCreated() {
        feed.setup(new AuditorAccountCreatedEvent(SETUP, "zoe", "hash-z", minutes(1)), minutes(1));
        feed.setup(new AuditorAccountCreatedEvent(SETUP, "adam", "hash-a", minutes(2)), minutes(2));

        assertThat(setup.auditors()).containsExactly(new AuditorView("adam", minutes(2)),
                new AuditorView("zoe", minutes(1)));
    }

    @Test
    void anAccountCreatedAgainKeepsItsFirstCreationTimeAndTakesTheNewPassword() {
        feed.setup(new AdminAccountCreatedEvent(SETUP, "root", "first-hash", minutes(1)), minutes(1));
        feed.setup(new AdminAccountCreatedEvent(SETUP, "root", "second-hash", minutes(2)), minutes(2));
        feed.setup(new AuditorAccountCreatedEvent(SETUP, "ivy", "first-hash", minutes(3)), minutes(3));
        feed.setup(new AuditorAccountCreatedEvent(SETUP, "ivy", "second-hash", minutes(4)), minutes(4));

        // The setup's own tables (the sign-in lookup across them is the directory's, tested there).
        assertThat(database.jdbc.queryForObject("SELECT password_hash FROM admin_account WHERE username = 'root'",
                String.class)).isEqualTo("second-hash");
        assertThat(database.jdbc.queryForObject("SELECT password_hash FROM auditor_account WHERE username = 'ivy'",
                String.class)).isEqualTo("second-hash");
        assertThat(setup.auditors()).containsExactly(new AuditorView("ivy", minutes(3)));
    }

    @Test
    void aResetEmptiesEverySetupTableForAReplay() {
        feed.setup(new AdminAccountCreatedEvent(SETUP, "root", "hash", minutes(1)), minutes(1));
        feed.setup(new AuditorAccountCreatedEvent(SETUP, "ivy", "hash", minutes(1)), minutes(1));
        feed.setup(ca(CA_KEY_ID), minutes(1));
        feed.setup(new DirectoryConfiguredEvent(SETUP, "LOCAL"), minutes(1));
        feed.setup(new ServerSettingsChangedEvent(SETUP, 365, 3650, 60, "https://admin.example"), minutes(1));
        feed.reset();

        assertThat(setup.status()).isEqualTo(new SetupStatus(false, false, false, false));
        assertThat(setup.auditors()).isEmpty();
    }
}
