package org.jams.command.identity;

import java.util.Optional;
import org.jams.command.pki.OrganisationCa;

/** The organisation CA currently configured, with its private key, if setup has configured one. */
public interface OrganisationCaSource {
    Optional<OrganisationCa> current();

    /** The key id (SHA-1 of the SPKI) of the current CA, as recorded in its setup event. */
    Optional<String> currentKeyId();
}
