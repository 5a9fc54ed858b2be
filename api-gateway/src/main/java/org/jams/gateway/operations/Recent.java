package org.jams.gateway.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from PostgreSQL for monitoring, read at most once per {@code maxAge} however many meters and health
 * checks ask. While the database is known to be down, or when a read fails, the last value stands: a scrape or a
 * probe never fails or waits on it. Empty until a first read succeeded.
 */
final class Recent<T> {

    private static final Logger log = LoggerFactory.getLogger(Recent.class);

    private final String what;
    private final Supplier<T> read;
    private final Duration maxAge;
    private final BooleanSupplier databaseDown;
    private final Clock clock;
    private T value;
    private Instant triedAt;
    private boolean failing;

    Recent(String what, Supplier<T> read, Duration maxAge, BooleanSupplier databaseDown, Clock clock) {
        this.what = what;
        this.read = read;
        this.maxAge = maxAge;
        this.databaseDown = databaseDown;
        this.clock = clock;
    }

    synchronized Optional<T> get() {
        Instant now = clock.instant();
        if (triedAt != null && now.isBefore(triedAt.plus(maxAge)) || databaseDown.getAsBoolean()) {
            return Optional.ofNullable(value);
        }
        triedAt = now; // a failed read is not retried by every meter of the same scrape
        try {
            value = read.get();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Could not read {} for monitoring; keeping the last value: {}", what, e.toString());
            }
            failing = true;
        }
        return Optional.ofNullable(value);
    }
}
