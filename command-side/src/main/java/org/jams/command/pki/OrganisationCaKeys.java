package org.jams.command.pki;

import java.security.PrivateKey;

/** The organisation CA private keys this server holds (the current one and any it had before), by CA key id. */
@FunctionalInterface
public interface OrganisationCaKeys {
    PrivateKey load(String caKeyId);
}
