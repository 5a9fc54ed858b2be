package org.jams.gateway.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Request latencies, recorded from several threads, read as percentiles in milliseconds. */
final class Latencies {

    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long elapsedNanos) {
        int index = count.getAndIncrement();
        if (index < nanos.length) {
            nanos[index] = elapsedNanos;
        }
    }

    int count() {
        return Math.min(count.get(), nanos.length);
    }

    /** The nearest-rank percentile, in milliseconds. */
    double percentile(double p) {
        long[] sorted = Arrays.copyOf(nanos, count());
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    /** "p50 1.2 ms, p99 3.4 ms, max 5.6 ms (n requests)". */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d requests)", percentile(50),
                percentile(99), percentile(100), count());
    }
}
