package org.jams.command.setup;

import java.util.Optional;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;

/**
 * What certificates and CRLs are issued with, folded from the setup's own events: the organisation CA, the
 * lifetimes and the public URL that certificates name for OCSP. Before the settings step has run, certificates last a year and CRLs five minutes.
 */
public record IssuingSetup(Optional<CaRecord> ca, int deviceLifetimeDays, int userLifetimeDays,
                           int crlLifetimeMinutes, String publicUrl) {

    public static final IssuingSetup INITIAL = new IssuingSetup(Optional.empty(), 365, 365, 5, "");

    /** The organisation CA as its setup event recorded it; the private key stays in the key files under its id. */
    public record CaRecord(String certificatePem, String caKeyId) {
    }

    /** This setup after one more of the setup aggregate's events; events that change nothing here are ignored. */
    public IssuingSetup then(Object setupEvent) {
        if (setupEvent instanceof OrganisationCaConfiguredEvent configured) {
            return new IssuingSetup(Optional.of(new CaRecord(configured.certificatePem(), configured.caKeyId())),
                    deviceLifetimeDays, userLifetimeDays, crlLifetimeMinutes, publicUrl);
        }
        if (setupEvent instanceof ServerSettingsChangedEvent changed) {
            return new IssuingSetup(ca, changed.deviceLifetimeDays(), changed.userLifetimeDays(),
                    changed.crlLifetimeMinutes(), changed.publicUrl());
        }
        return this;
    }
}
