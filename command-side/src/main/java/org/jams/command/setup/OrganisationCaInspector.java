package org.jams.command.setup;

import java.time.Instant;

/** Reads the facts an auditor needs from a CA certificate, refusing one that cannot serve as the organisation CA. */
public interface OrganisationCaInspector {

    record CaSummary(String subject, String serial, Instant notBefore, Instant notAfter) {
    }

    CaSummary inspect(String certificatePem);
}
