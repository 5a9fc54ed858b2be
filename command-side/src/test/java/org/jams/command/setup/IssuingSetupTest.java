package org.jams.command.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.junit.jupiter.api.Test;

class IssuingSetupTest {

    private static final String ID = ServerSetupId.VALUE;

    @Test
    void beforeAnySettingsCertificatesLastAYearAndThereIsNoCa() {
        assertThat(IssuingSetup.INITIAL.ca()).isEmpty();
        assertThat(IssuingSetup.INITIAL.deviceLifetimeDays()).isEqualTo(365);
        assertThat(IssuingSetup.INITIAL.userLifetimeDays()).isEqualTo(365);
        assertThat(IssuingSetup.INITIAL.crlLifetimeMinutes()).isEqualTo(5);
    }

    @Test
    void theCaAndTheNewestSettingsWinWhateverComesBetween() {
        IssuingSetup setup = IssuingSetup.INITIAL
                .then(new AdminAccountCreatedEvent(ID, "admin", "hash", Instant.EPOCH))
                .then(new ServerSettingsChangedEvent(ID, 30, 60, 5, ""))
                .then(new OrganisationCaConfiguredEvent(ID, "CA PEM", "ab12", "CN=Org", "1", Instant.EPOCH,
                        Instant.EPOCH, "generated"))
                .then(new DirectoryConfiguredEvent(ID, "local"))
                .then(new ServerSettingsChangedEvent(ID, 7, 90, 15, "", "https://jams.example.org"));

        assertThat(setup).isEqualTo(new IssuingSetup(Optional.of(new IssuingSetup.CaRecord("CA PEM", "ab12")), 7, 90,
                15, "https://jams.example.org"));
    }

    @Test
    void eventsOfOtherKindsChangeNothing() {
        assertThat(IssuingSetup.INITIAL.then(new DirectoryConfiguredEvent(ID, "local")).then("not an event"))
                .isSameAs(IssuingSetup.INITIAL);
    }
}
