package org.jams.query.audit.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * A rebuild as it stands: {@code state} RUNNING (building beside the live tables), SWITCHING (live processors paused,
 * last events, diff, switch), DONE or FAILED. {@code diff} is live against rebuilt, taken just before the switch.
 */
public record RebuildStatus(String id, String projection, List<String> processors, String state, long eventsDone,
                            long eventsTotal, double eventsPerSecond, Double etaSeconds, Long lastGlobalIndex,
                            Instant startedAt, Instant finishedAt, List<TableDiff> diff, String error) {

    /** Rows present only in the live table, only in the rebuilt one, and a few primary keys of each. */
    public record TableDiff(String table, long onlyLive, long onlyRebuilt, List<String> sampleOnlyLive,
                            List<String> sampleOnlyRebuilt) {

        public boolean identical() {
            return onlyLive == 0 && onlyRebuilt == 0;
        }
    }
}
