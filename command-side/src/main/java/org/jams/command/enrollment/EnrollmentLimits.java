package org.jams.command.enrollment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jams.api.error.DomainException;

/**
 * How many enrollments one person may make within a window: a client in a loop, or a script, must not grow a person's
 * history and state without bound. The person's aggregate keeps the times of its latest enrollments, at most
 * {@link #MAX_PER_WINDOW}, which is all the limit needs.
 *
 * @param maxPerWindow enrollments allowed within {@code window}; 0 turns the limit off (benchmarks)
 */
public record EnrollmentLimits(int maxPerWindow, Duration window) {

    /** The most enrollment times a person's state keeps, and so the highest limit that can be set. */
    public static final int MAX_PER_WINDOW = 100;

    public EnrollmentLimits {
        if (maxPerWindow < 0 || maxPerWindow > MAX_PER_WINDOW || window == null || window.isNegative()
                || window.isZero()) {
            throw new IllegalArgumentException("jams.enrollment.per-person: max-per-window must be 0 (no limit) to "
                    + MAX_PER_WINDOW + ", and the window positive");
        }
    }

    /**
     * Refuses (429) an enrollment at {@code now} when the person's latest ones, oldest first, already fill the window.
     */
    public void requireAllowed(List<Instant> latestEnrollments, Instant now) {
        if (maxPerWindow == 0 || latestEnrollments.size() < maxPerWindow) {
            return;
        }
        Instant oldestCounted = latestEnrollments.get(latestEnrollments.size() - maxPerWindow);
        Instant allowedAgain = oldestCounted.plus(window);
        if (allowedAgain.isAfter(now)) {
            long seconds = Math.max(1, Duration.between(now, allowedAgain).toSeconds());
            throw DomainException.rateLimited("too_many_enrollments", "This person enrolled " + maxPerWindow
                    + " devices within " + describe(window) + ": try again in " + seconds + " seconds.", seconds);
        }
    }

    private static String describe(Duration window) {
        return window.toMinutes() >= 1 ? window.toMinutes() + " minutes" : window.toSeconds() + " seconds";
    }
}
