package org.jams.command.directory;

import java.time.Instant;

/** A freshly issued account identity; its private key is already sealed in the key vault. */
public record AccountIdentity(String jamiId, String certificatePem, String serial, Instant notBefore,
                              Instant notAfter, String caKeyId) {
}
