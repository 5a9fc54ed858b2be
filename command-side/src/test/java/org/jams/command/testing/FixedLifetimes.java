package org.jams.command.testing;

import java.time.Duration;
import org.jams.command.pki.CertificateLifetimes;

/** Certificate lifetimes fixed for a test, unlike the production ones read from the settings. */
public record FixedLifetimes(Duration device, Duration account, Duration backdating) implements CertificateLifetimes {
}
