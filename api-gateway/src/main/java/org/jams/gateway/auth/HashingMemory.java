package org.jams.gateway.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jams.gateway.web.ApiError;

/**
 * The heap that password hashing may take at once. An Argon2 run fills its memory cost with Java objects
 * (BouncyCastle allocates each 1 KiB block as an object: 17.5 MB measured for the 16 MiB of our hashes), so sixteen
 * sign-ins at once, one per request thread, would want 280 MB, more than the default budget's whole heap (200 MB),
 * and the JVM exits when it runs out: anyone could stop the server with sixteen requests for unknown names. Each run takes its
 * share of an allowance instead and waits its turn, first come first served; a run that waits longer than the limit
 * is refused with a 503 and Retry-After, having done nothing.
 */
final class HashingMemory {

    /** BouncyCastle's block objects and the array that holds them, over the 1 KiB of data each: about 4%. */
    private static final int OVERHEAD_DIVISOR = 16;
    private static final long RETRY_AFTER_SECONDS = 2;

    private final Semaphore kibibytes;
    private final int allowanceKib;
    private final Duration wait;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param allowanceBytes what all runs together may hold; at least one run of any size is let through, alone
     * @param wait           how long a run waits for its share before the request is refused
     */
    HashingMemory(long allowanceBytes, Duration wait) {
        this.allowanceKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, allowanceBytes / 1024));
        this.kibibytes = new Semaphore(allowanceKib, true);
        this.wait = wait;
    }

    /** Runs an Argon2 computation of {@code memoryKib} (its m parameter) within the allowance. */
    <T> T run(int memoryKib, Supplier<T> computation) {
        int share = shareOf(memoryKib);
        boolean acquired;
        try {
            acquired = kibibytes.tryAcquire(share, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            refused.incrementAndGet();
            throw busy();
        }
        try {
            return computation.get();
        } finally {
            kibibytes.release(share);
        }
    }

    /** How many runs of this memory cost fit in the allowance together (at least one). */
    int concurrentRuns(int memoryKib) {
        return Math.max(1, allowanceKib / shareOf(memoryKib));
    }

    /** Runs waiting for their share now. */
    int waiting() {
        return kibibytes.getQueueLength();
    }

    /** Runs refused since start because their share did not come in time. */
    long refused() {
        return refused.get();
    }

    private int shareOf(int memoryKib) {
        long withOverhead = Math.max(1L, memoryKib) + Math.max(1L, memoryKib) / OVERHEAD_DIVISOR;
        return (int) Math.min(allowanceKib, withOverhead); // a run larger than all of it still runs, alone
    }

    private static ApiError busy() {
        return ApiError.unavailable("password_checks_busy", "The server is checking too many passwords at once; "
                + "nothing was changed. Try again in a few seconds.", RETRY_AFTER_SECONDS);
    }
}
