package org.jams.gateway.axon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a reader after commits, at most once per interval. The first request after a quiet interval wakes it at
 * once, so a lone commit is followed within milliseconds; requests that follow within the interval share one wake at
 * its end. Every request is followed by a wake that starts after it.
 * <p>
 * Under load each commit of a tracked event used to wake the tracking processors' reader: a fetch, a gap query and a
 * token update, three database transactions, per request. Sharing the wake makes them one per interval.
 */
final class WakeThrottle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WakeThrottle.class);

    private final Runnable wake;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    /** A wake is scheduled and has not started: it will come after any request made meanwhile. */
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong lastWake;

    WakeThrottle(Runnable wake, Duration interval, String threadName) {
        this.wake = wake;
        this.intervalNanos = interval.toNanos();
        this.lastWake = new AtomicLong(System.nanoTime() - intervalNanos);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    void request() {
        if (pending.get()) {
            return;
        }
        long now = System.nanoTime();
        long due = lastWake.get() + intervalNanos;
        if (now - due >= 0) {
            lastWake.set(now);
            wake.run();
        } else if (pending.compareAndSet(false, true)) {
            try {
                timer.schedule(this::scheduledWake, due - now, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                pending.set(false); // closed: the server is stopping, and so are the readers
            }
        }
    }

    private void scheduledWake() {
        pending.set(false); // first: a request from now on schedules or wakes again
        lastWake.set(System.nanoTime());
        try {
            wake.run();
        } catch (RuntimeException e) {
            log.warn("Waking the event reader failed; it reads again within its fetch delay", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
