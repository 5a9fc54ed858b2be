package org.jams.command.pki;

import java.time.Duration;

/** How long new certificates are valid, from the server settings. */
public interface CertificateLifetimes {
    Duration device();

    Duration account();

    /** Certificates start this far in the past, so a device whose clock runs a little slow accepts them. */
    Duration backdating();
}
