package org.jams.command.identity;

import java.time.Duration;

/** Certificate lifetimes fixed for a test, unlike the production ones read from the settings. */
public record FixedLifetimes(Duration device, Duration account, Duration backdating) implements CertificateLifetimes {
}
