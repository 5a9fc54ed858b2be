package org.jams.gateway.bench;

import java.util.Locale;

/**
 * Enrollments on an empty and on a loaded store, by the same method and at the same time: both servers run side by
 * side and take turns, round after round, during the warm-up and the measurement, so that the machine's drift and
 * the other work on it weigh on both alike. The raw RSA-4096 signing rate is measured right before and right after
 * the measured rounds, as in {@code EnrollmentBenchmark}.
 */
record EnrollmentComparison(EnrollmentMeasurement empty, EnrollmentMeasurement loaded, double signingBefore,
                            double signingAfter) {

    static final int ROUNDS = 5;
    private static final int WARMUP_ROUND_SECONDS = 20;

    static EnrollmentComparison run(EnrollmentMeasurement empty, EnrollmentMeasurement loaded, int warmupSeconds,
                                    int requests) throws Exception {
        for (int warmed = 0; warmed < warmupSeconds; warmed += WARMUP_ROUND_SECONDS) {
            empty.warm(WARMUP_ROUND_SECONDS);
            loaded.warm(WARMUP_ROUND_SECONDS);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double before = EnrollmentBenchmark.rawSigningRate(cores, 3.0);
        for (int round = 0; round < ROUNDS; round++) {
            // Who goes first alternates too: a round that follows the other server's may find the caches colder.
            EnrollmentMeasurement first = round % 2 == 0 ? empty : loaded;
            first.measure(requests / ROUNDS);
            (first == empty ? loaded : empty).measure(requests / ROUNDS);
        }
        double after = EnrollmentBenchmark.rawSigningRate(cores, 3.0);
        return new EnrollmentComparison(empty, loaded, before, after);
    }

    double signingRate() {
        return (signingBefore + signingAfter) / 2;
    }

    String signingLine() {
        return String.format(Locale.ROOT, "%.1f signatures/s (%.1f before, %.1f after; %d threads, JDK provider)",
                signingRate(), signingBefore, signingAfter, Runtime.getRuntime().availableProcessors());
    }

    /** Loaded against empty: enrollments/s, the same as their ratios since both share one signing rate. */
    double loadedShare() {
        return loaded.perSecond() / empty.perSecond();
    }
}
