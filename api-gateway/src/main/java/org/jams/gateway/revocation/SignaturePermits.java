package org.jams.gateway.revocation;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most so many signatures at once for one kind of request; a request that finds them all taken for longer than a
 * short wait gets none, so that it can be answered "try later" at once rather than queue behind the others.
 */
final class SignaturePermits {

    private final Semaphore permits;
    private final long waitMillis;

    SignaturePermits(int permits, long waitMillis) {
        if (permits < 1) {
            throw new IllegalArgumentException("At least one signature at a time, not " + permits);
        }
        this.permits = new Semaphore(permits);
        this.waitMillis = waitMillis;
    }

    /** The work's result, or empty when no permit came free within the wait. */
    <T> Optional<T> withPermit(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            permits.release();
        }
    }
}
