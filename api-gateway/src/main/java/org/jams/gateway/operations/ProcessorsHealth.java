package org.jams.gateway.operations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jams.query.readmodel.ReadModels;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The tracking processors ({@link ReadModels#TRACKING}): DOWN when one, wherever it runs, has been behind the store
 * head without advancing for longer than {@code jams.health.processors.stuck-after} (60 s), since commands then wait
 * for read models that do not move; and sooner, after {@link #ERROR_GRACE}, when this node's processor is held there by
 * a batch that fails and is retried (its error state). Axon clears that state only when the processor next advances, so
 * an error left over from an outage it has recovered from, at the head, is no reason for DOWN.
 */
@Component("processors")
public class ProcessorsHealth implements HealthIndicator {

    static final Duration ERROR_GRACE = Duration.ofSeconds(5);

    private final OperationalFigures figures;
    private final EventProcessingConfiguration processing;
    private final Duration stuckAfter;
    private final Duration errorGrace;

    public ProcessorsHealth(OperationalFigures figures, EventProcessingConfiguration processing,
                            @Value("${jams.health.processors.stuck-after:60s}") Duration stuckAfter) {
        this.figures = figures;
        this.processing = processing;
        this.stuckAfter = stuckAfter;
        this.errorGrace = stuckAfter.compareTo(ERROR_GRACE) < 0 ? stuckAfter : ERROR_GRACE;
    }

    @Override
    public Health health() {
        if (figures.databaseDown()) {
            return Health.unknown().withDetail("reason", "the database is unavailable").build();
        }
        Optional<OperationalFigures.Progress> progress = figures.progress();
        boolean down = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (String processor : ReadModels.TRACKING) {
            Map<String, Object> detail = new LinkedHashMap<>();
            progress.ifPresent(read -> detail.put("lag", read.lag(processor)));
            Optional<Duration> stalled = figures.processorStalledFor(processor);
            stalled.ifPresent(duration -> detail.put("stalledForSeconds", duration.toSeconds()));
            Optional<Throwable> error = error(processor);
            error.ifPresent(cause -> detail.put("error", cause.getClass().getSimpleName()));
            Duration limit = error.isPresent() ? errorGrace : stuckAfter;
            if (stalled.filter(duration -> duration.compareTo(limit) > 0).isPresent()) {
                detail.put("status", "DOWN");
                down = true;
            } else {
                detail.put("status", "UP");
            }
            details.put(processor, detail);
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }

    /** The error of a segment of the processor that this node runs and that is in an error state. */
    private Optional<Throwable> error(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .flatMap(running -> running.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState)
                        .map(status -> status.getError() == null ? new IllegalStateException("error state")
                                : status.getError())
                        .findFirst());
    }
}
