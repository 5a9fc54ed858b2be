package org.jams.gateway.auth;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How failed password attempts slow the next ones, per account and per source address (settings, defaults in
 * brackets):
 * <ul>
 *   <li>{@code jams.auth.guessing.free-failures} [5]: failures of an account that cost nothing; after each further
 *       one the account waits 1 s, then 2, 4, 8 …;</li>
 *   <li>{@code jams.auth.guessing.lock-failures} [10]: the failure that locks the account for
 *       {@code jams.auth.guessing.lock-duration} [15m];</li>
 *   <li>{@code jams.auth.guessing.address-free-failures} [20] and {@code address-lock-failures} [100]: the same for a
 *       source address (an IPv6 address counts by its /64), higher because an office or a NAT shares one;</li>
 *   <li>{@code jams.auth.guessing.memory} [1h]: failures older than this, with none since, are forgotten.</li>
 * </ul>
 * So a guesser gets at most {@code lock-failures} tries of an account per lock duration, whatever the number of
 * nodes, connections or addresses.
 */
@Component
public class GuessingLimits {

    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    final int freeFailures;
    final int lockFailures;
    final Duration lockDuration;
    final int addressFreeFailures;
    final int addressLockFailures;
    final Duration memory;

    public GuessingLimits(@Value("${jams.auth.guessing.free-failures:5}") int freeFailures,
                          @Value("${jams.auth.guessing.lock-failures:10}") int lockFailures,
                          @Value("${jams.auth.guessing.lock-duration:15m}") Duration lockDuration,
                          @Value("${jams.auth.guessing.address-free-failures:20}") int addressFreeFailures,
                          @Value("${jams.auth.guessing.address-lock-failures:100}") int addressLockFailures,
                          @Value("${jams.auth.guessing.memory:1h}") Duration memory) {
        if (freeFailures < 0 || lockFailures <= freeFailures || addressFreeFailures < 0
                || addressLockFailures <= addressFreeFailures || lockDuration.isNegative() || lockDuration.isZero()
                || memory.isNegative() || memory.isZero()) {
            throw new IllegalArgumentException("jams.auth.guessing: the free failures must be fewer than the locking "
                    + "ones, and the durations positive");
        }
        this.freeFailures = freeFailures;
        this.lockFailures = lockFailures;
        this.lockDuration = lockDuration;
        this.addressFreeFailures = addressFreeFailures;
        this.addressLockFailures = addressLockFailures;
        this.memory = memory;
    }

    /** How long an account waits after its {@code failures}-th failure: nothing, a doubling delay, or the lock. */
    Duration accountWait(int failures) {
        return wait(failures, freeFailures, lockFailures);
    }

    Duration addressWait(int failures) {
        return wait(failures, addressFreeFailures, addressLockFailures);
    }

    boolean locksAccount(int failures) {
        return failures >= lockFailures;
    }

    boolean locksAddress(int failures) {
        return failures >= addressLockFailures;
    }

    private Duration wait(int failures, int free, int lock) {
        if (failures >= lock) {
            return lockDuration;
        }
        if (failures <= free) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(failures - free - 1, 30));
        return delay.compareTo(lockDuration) < 0 ? delay : lockDuration;
    }
}
