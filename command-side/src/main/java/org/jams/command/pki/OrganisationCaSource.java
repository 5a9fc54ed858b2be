package org.jams.command.pki;

import java.util.Optional;

/** The organisation CA currently configured, with its private key, if setup has configured one. */
@FunctionalInterface
public interface OrganisationCaSource {
    Optional<OrganisationCa> current();
}
