package org.jams.gateway.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether something that follows the event store (a tracking processor, the audit chain) keeps up: since when it has
 * been behind the head without advancing. It only knows what it was shown, so it is fed each fresh reading; a
 * follower that advances, or catches up, starts over.
 */
final class StallWatch {

    private long position = Long.MIN_VALUE;
    private Instant behindSince;

    /** A reading: the follower at {@code position} while the head was at {@code head}. */
    synchronized void observe(long position, long head, Instant now) {
        if (position >= head) {
            behindSince = null;
        } else if (position != this.position || behindSince == null) {
            behindSince = now;
        }
        this.position = position;
    }

    /** How long it has been behind without advancing, as far as the readings tell; empty when it kept up. */
    synchronized Optional<Duration> stalledFor(Instant now) {
        return behindSince == null ? Optional.empty() : Optional.of(Duration.between(behindSince, now));
    }

    /** Readings stopped (the database was away): the next one starts over instead of counting the outage. */
    synchronized void forget() {
        position = Long.MIN_VALUE;
        behindSince = null;
    }
}
