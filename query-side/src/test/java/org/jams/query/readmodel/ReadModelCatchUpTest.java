package org.jams.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** When a processor's position counts as having processed one event. */
class ReadModelCatchUpTest {

    @Test
    void anEventIsProcessedOncePassedAndNotAGapEvenWithAnOlderGapBelowIt() {
        // Index 5 was rolled back (a refused append): it stays a gap for a while, and must not hold up index 8.
        TrackingToken token = GapAwareTrackingToken.newInstance(10, List.of(5L));
        assertThat(ReadModelCatchUp.hasProcessed(token, 8)).isTrue();
        assertThat(ReadModelCatchUp.hasProcessed(token, 10)).isTrue();
        assertThat(ReadModelCatchUp.hasProcessed(token, 5)).as("a gap").isFalse();
        assertThat(ReadModelCatchUp.hasProcessed(token, 11)).as("not reached").isFalse();
    }

    @Test
    void aReplayingProcessorHasProcessedOnlyWhatItsReplayReached() {
        TrackingToken replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(40, List.of()));
        assertThat(ReadModelCatchUp.hasProcessed(replay, 40)).isTrue();
        assertThat(ReadModelCatchUp.hasProcessed(replay, 41)).isFalse();
    }
}
