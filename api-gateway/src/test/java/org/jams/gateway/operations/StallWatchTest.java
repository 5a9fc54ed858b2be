package org.jams.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A follower of the store head is stalled only while it stays behind at the same position. */
class StallWatchTest {

    private static final Instant T0 = Instant.parse("2026-03-03T14:00:00Z");

    private final StallWatch watch = new StallWatch();

    @Test
    void aFollowerAtTheHeadIsNeverStalledHoweverLongItStaysThere() {
        watch.observe(10, 10, T0);
        watch.observe(10, 10, T0.plusSeconds(600));

        assertThat(watch.stalledFor(T0.plusSeconds(600))).isEmpty();
    }

    @Test
    void aFollowerBehindAtTheSamePositionIsStalledSinceItWasFirstSeenThere() {
        watch.observe(7, 10, T0);
        watch.observe(7, 12, T0.plusSeconds(30));

        assertThat(watch.stalledFor(T0.plusSeconds(90))).contains(Duration.ofSeconds(90));
    }

    @Test
    void aFollowerThatAdvancesStartsOverEvenIfStillBehind() {
        watch.observe(7, 10, T0);
        watch.observe(8, 12, T0.plusSeconds(60));

        assertThat(watch.stalledFor(T0.plusSeconds(61))).contains(Duration.ofSeconds(1));
    }

    @Test
    void aFollowerThatCaughtUpAndFellBehindAgainAtTheSamePositionStartsOver() {
        watch.observe(7, 10, T0);
        watch.observe(10, 10, T0.plusSeconds(60));
        watch.observe(10, 11, T0.plusSeconds(61));

        assertThat(watch.stalledFor(T0.plusSeconds(62))).contains(Duration.ofSeconds(1));
    }

    @Test
    void afterAnOutageTheStallIsCountedFromTheFirstReadingAgain() {
        watch.observe(7, 10, T0);
        watch.forget();

        assertThat(watch.stalledFor(T0.plusSeconds(300))).isEmpty();
        watch.observe(7, 10, T0.plusSeconds(300));
        assertThat(watch.stalledFor(T0.plusSeconds(301))).contains(Duration.ofSeconds(1));
    }
}
