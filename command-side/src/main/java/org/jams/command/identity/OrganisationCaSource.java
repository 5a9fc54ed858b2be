package org.jams.command.identity;

import java.util.Optional;
import org.jams.command.pki.OrganisationCa;

/** The organisation CA currently configured, with its private key, if setup has configured one. */
@FunctionalInterface
public interface OrganisationCaSource {
    Optional<OrganisationCa> current();
}
