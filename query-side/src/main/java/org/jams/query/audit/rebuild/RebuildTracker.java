package org.jams.query.audit.rebuild;

import java.time.Instant;
import java.util.List;
import org.jams.query.audit.rebuild.RebuildStatus.TableDiff;

/** The progress of one rebuild, updated by its thread and read by anyone: events done, total, rate, time left. */
final class RebuildTracker implements RebuildEngine.Progress {

    private final String id;
    private final String projection;
    private final List<String> processors;
    private final Instant startedAt = Instant.now();
    private long startNanos = System.nanoTime();
    private String state = "RUNNING";
    private long done;
    private long total;
    private Long lastGlobalIndex;
    private Instant finishedAt;
    private Long appliedNanos;
    private List<TableDiff> diff;
    private String error;

    RebuildTracker(String id, String projection, List<String> processors) {
        this.id = id;
        this.projection = projection;
        this.processors = processors;
    }

    String id() {
        return id;
    }

    List<String> processors() {
        return processors;
    }

    @Override
    public synchronized void started(long total) {
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    @Override
    public synchronized void advanced(long done, long total, long lastGlobalIndex) {
        this.done = done;
        this.total = total;
        this.lastGlobalIndex = lastGlobalIndex;
    }

    @Override
    public synchronized void switching() {
        state = "SWITCHING";
        appliedNanos = System.nanoTime() - startNanos;
    }

    synchronized void finished(List<TableDiff> diff) {
        this.diff = diff;
        this.total = Math.max(total, done);
        state = "DONE";
        finishedAt = Instant.now();
    }

    synchronized void failed(Throwable failure) {
        error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        state = "FAILED";
        finishedAt = Instant.now();
    }

    synchronized boolean running() {
        return finishedAt == null;
    }

    synchronized RebuildStatus status() {
        // The rate of applying events, up to the switch (which pauses the live processors and copies the tables).
        double seconds = (appliedNanos != null ? appliedNanos : System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        Double eta = finishedAt != null ? Double.valueOf(0) : rate > 0 ? (total - done) / rate : null;
        return new RebuildStatus(id, projection, processors, state, done, total, Math.round(rate * 10) / 10.0,
                eta == null ? null : Math.round(eta * 10) / 10.0, lastGlobalIndex, startedAt, finishedAt,
                diff, error);
    }
}
