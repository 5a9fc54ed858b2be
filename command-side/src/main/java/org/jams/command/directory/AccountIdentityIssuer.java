package org.jams.command.directory;

/**
 * Creates a user's Jami account identity: an account key pair and an account certificate signed by the
 * organisation CA. Implementations store the private key in the vault inside the current transaction, so a
 * refused registration leaves no key behind.
 */
public interface AccountIdentityIssuer {
    AccountIdentity issue(String username);
}
