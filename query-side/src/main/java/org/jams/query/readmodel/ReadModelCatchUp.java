package org.jams.query.readmodel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for the API: after a command, wait until the tracking projections have processed the events it
 * stored. Positions are read from the shared token store, so this works whichever node owns a processor's segments.
 * The projections updated in the appending transaction ({@link ReadModels#IN_APPEND}) need no wait: a stored event
 * is already in them.
 */
@Component
public class ReadModelCatchUp {

    private static final long FIRST_POLL_MILLIS = 1;
    private static final long MAX_POLL_MILLIS = 25;

    private final JdbcTemplate jdbc;
    private final TokenStorePositions shared;
    private final Duration timeout;
    private final LocalProjectionPositions local;

    public ReadModelCatchUp(JdbcTemplate jdbc, TokenStorePositions shared, LocalProjectionPositions local,
                            @Value("${jams.read-model.catch-up-timeout:10s}") Duration timeout) {
        this.local = local;
        this.jdbc = jdbc;
        this.shared = shared;
        this.timeout = timeout;
    }

    /**
     * Blocks (call it off the event loop) until the tracking projections that handle these events (those a command
     * appended) have processed them. On the node that runs those projections this needs no query: they note the
     * events they commit. If one does not show them soon (another node may own it), their global indexes
     * are read and the positions of the processors checked, wherever they run. Returns false if the timeout passed
     * first (the change itself is stored either way).
     */
    public boolean awaitEvents(List<AppendedEvent> events) {
        Map<String, Set<String>> pending = new java.util.HashMap<>();
        for (AppendedEvent event : events) {
            for (String processor : ReadModels.trackingHandling(Set.of(event.payloadType()))) {
                pending.computeIfAbsent(processor, name -> new java.util.HashSet<>()).add(event.eventIdentifier());
            }
        }
        long localDeadline = System.nanoTime() + MAX_POLL_MILLIS * 1_000_000;
        while (!pending.isEmpty() && System.nanoTime() < localDeadline) {
            pending.entrySet().removeIf(entry -> {
                entry.getValue().removeIf(id -> local.committedRecently(entry.getKey(), id));
                return entry.getValue().isEmpty();
            });
            if (!pending.isEmpty()) {
                try {
                    local.awaitAnyCommit(FIRST_POLL_MILLIS * 5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        if (pending.isEmpty()) {
            return true;
        }
        Set<String> ids = new java.util.HashSet<>();
        pending.values().forEach(ids::addAll);
        Map<String, Long> indexes = new java.util.HashMap<>();
        jdbc.query("SELECT eventidentifier, globalindex FROM domainevententry WHERE eventidentifier = ANY(?)",
                rs -> {
                    indexes.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids.toArray(String[]::new));
        Map<String, Long> targets = new java.util.HashMap<>();
        pending.forEach((processor, waiting) -> waiting.stream().map(indexes::get).filter(java.util.Objects::nonNull)
                .max(Long::compare).ifPresent(index -> targets.put(processor, index)));
        return targets.isEmpty() || await(targets);
    }

    /**
     * Waits until each processor has processed up to its target global index (on any node). A processor updated in
     * the appending transaction has processed every committed event.
     */
    public boolean awaitGlobalIndex(long globalIndex, List<String> processors) {
        return await(processors.stream().filter(ReadModels.TRACKING::contains)
                .collect(Collectors.toMap(p -> p, p -> globalIndex)));
    }

    private boolean await(Map<String, Long> targets) {
        Map<String, Long> pending = new java.util.HashMap<>(targets);
        long deadline = System.nanoTime() + timeout.toNanos();
        // Local positions answer at once on the node that owns the processors; the shared store only after a while.
        long nextSharedCheck = System.nanoTime() + MAX_POLL_MILLIS * 1_000_000;
        long pause = MAX_POLL_MILLIS;
        while (true) {
            pending.entrySet().removeIf(target -> local.hasProcessed(target.getKey(), target.getValue()));
            if (pending.isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= nextSharedCheck) {
                // Another node may own a processor: its position is only in the shared token store.
                pending.entrySet().removeIf(target -> sharedHasProcessed(target.getKey(), target.getValue()));
                if (pending.isEmpty()) {
                    return true;
                }
                nextSharedCheck = System.nanoTime() + pause * 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                local.awaitAnyCommit(FIRST_POLL_MILLIS * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Whether every segment of the processor, wherever it runs, has processed the event at this global index. */
    private boolean sharedHasProcessed(String processor, long globalIndex) {
        List<TrackingToken> tokens = shared.tokens(processor);
        return !tokens.isEmpty() && tokens.stream().allMatch(token -> hasProcessed(token, globalIndex));
    }

    /**
     * Whether a processor at this token has processed the event at this global index: it has passed it and it is not
     * one of its gaps. Not {@code token.covers(...)} against a token without gaps: a gap below the event (an append
     * that was rolled back, which stays a gap until the processor gives up on it) would make that false for a while.
     */
    static boolean hasProcessed(TrackingToken token, long globalIndex) {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= globalIndex && !gapAware.getGaps().contains(globalIndex);
        }
        return current != null && current.covers(GapAwareTrackingToken.newInstance(globalIndex, List.of()));
    }
}
