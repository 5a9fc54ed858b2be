package org.jams.gateway.bench;

import java.util.Locale;

/**
 * Enrollments on an empty and on a loaded store, by the same method and at the same time: both servers run side by
 * side and take turns, round after round, during the warm-up and the measurement, so that the machine's drift and
 * the other work on it weigh on both alike. The raw RSA-4096 signing rate is measured right before and right after
 * the measured rounds, as in {@code EnrollmentBenchmark}.
 */
record EnrollmentComparison(EnrollmentMeasurement empty, EnrollmentMeasurement loaded, String provider,
                            SigningRates.Rates signingBefore, SigningRates.Rates signingAfter) {

    static final int ROUNDS = 5;
    private static final int WARMUP_ROUND_SECONDS = 20;

    static EnrollmentComparison run(EnrollmentMeasurement empty, EnrollmentMeasurement loaded, int warmupSeconds,
                                    int requests) throws Exception {
        for (int warmed = 0; warmed < warmupSeconds; warmed += WARMUP_ROUND_SECONDS) {
            empty.warm(WARMUP_ROUND_SECONDS);
            loaded.warm(WARMUP_ROUND_SECONDS);
        }
        // The servers run in processes of their own: this JVM may never have installed the provider they sign with.
        String provider = loaded.signingProvider();
        String emptyProvider = empty.signingProvider();
        if (!provider.equals(emptyProvider)) {
            throw new IllegalStateException("The two servers sign with different providers: " + provider + ", "
                    + emptyProvider);
        }
        SigningRates signers = SigningRates.onAllCores(provider);
        SigningRates.Rates before = signers.measure();
        for (int round = 0; round < ROUNDS; round++) {
            // Who goes first alternates too: a round that follows the other server's may find the caches colder.
            EnrollmentMeasurement first = round % 2 == 0 ? empty : loaded;
            first.measure(requests / ROUNDS);
            (first == empty ? loaded : empty).measure(requests / ROUNDS);
        }
        SigningRates.Rates after = signers.measure();
        return new EnrollmentComparison(empty, loaded, signers.provider(), before, after);
    }

    /** The limit's signer, as in {@code EnrollmentBenchmark}: the faster of the JCA provider and OpenSSL. */
    double signingRate() {
        return signingBefore.meanWith(signingAfter).fastest();
    }

    String signingLine() {
        SigningRates.Rates mean = signingBefore.meanWith(signingAfter);
        return String.format(Locale.ROOT, "%.1f signatures/s, the faster of %s %.1f (%.1f before, %.1f after) and "
                + "OpenSSL %.1f (%.1f before, %.1f after); %d threads", signingRate(), provider, mean.jca(),
                signingBefore.jca(), signingAfter.jca(), mean.openssl(), signingBefore.openssl(),
                signingAfter.openssl(), Runtime.getRuntime().availableProcessors());
    }

    /** Loaded against empty: enrollments/s, the same as their ratios since both share one signing rate. */
    double loadedShare() {
        return loaded.perSecond() / empty.perSecond();
    }
}
