package org.jams.command.testing;

import java.util.Optional;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaSource;

/** An organisation CA source that always answers the same CA, or never has one (setup not finished). */
public final class FixedCaSource implements OrganisationCaSource {

    private final OrganisationCa ca;

    private FixedCaSource(OrganisationCa ca) {
        this.ca = ca;
    }

    public static FixedCaSource of(OrganisationCa ca) {
        return new FixedCaSource(ca);
    }

    public static FixedCaSource none() {
        return new FixedCaSource(null);
    }

    @Override
    public Optional<OrganisationCa> current() {
        return Optional.ofNullable(ca);
    }
}
