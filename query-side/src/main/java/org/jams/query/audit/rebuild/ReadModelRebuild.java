package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.jams.api.error.DomainException;
import org.jams.query.audit.Unbounded;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.jams.query.readmodel.ReadModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the events while the server serves (see {@link RebuildEngine}), one rebuild at a time, on
 * its own thread and database connection. The live writers are held back only for the final events and the switch.
 */
@Component
public class ReadModelRebuild implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final int KEPT = 20;

    private final DataSource dataSource;
    private final Serializer eventSerializer;
    private final Serializer tokenSerializer;
    private final EventProcessingConfiguration processing;
    private final int batchSize;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jams-read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, RebuildTracker> rebuilds = new LinkedHashMap<>();

    public ReadModelRebuild(DataSource dataSource, @Qualifier("eventSerializer") Serializer eventSerializer,
                            Serializer serializer, EventProcessingConfiguration processing,
                            @Value("${jams.rebuild.batch-size:" + RebuildEngine.DEFAULT_BATCH + "}") int batchSize) {
        this.dataSource = dataSource;
        this.eventSerializer = eventSerializer;
        this.tokenSerializer = serializer;
        this.processing = processing;
        this.batchSize = batchSize;
    }

    /** Starts rebuilding one projection (its processor name) or {@code all}; 409 while another rebuild runs. */
    public synchronized RebuildStatus start(String projection) {
        List<ReadModel> models;
        try {
            models = ReadModels.select(projection);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("unknown_projection", e.getMessage());
        }
        if (rebuilds.values().stream().anyMatch(RebuildTracker::running)) {
            throw DomainException.conflict("rebuild_running", "A rebuild is running; wait for it to finish.");
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        RebuildTracker tracker = new RebuildTracker(id, projection == null || projection.isBlank() ? ReadModels.ALL
                : projection, models.stream().map(ReadModel::processor).toList());
        rebuilds.put(id, tracker);
        while (rebuilds.size() > KEPT) {
            rebuilds.remove(rebuilds.keySet().iterator().next());
        }
        worker.execute(() -> run(tracker, models));
        return tracker.status();
    }

    public synchronized Optional<RebuildStatus> status(String id) {
        return Optional.ofNullable(rebuilds.get(id)).map(RebuildTracker::status);
    }

    public synchronized List<RebuildStatus> all() {
        List<RebuildStatus> all = new ArrayList<>();
        rebuilds.values().forEach(tracker -> all.add(tracker.status()));
        return all;
    }

    private void run(RebuildTracker tracker, List<ReadModel> models) {
        try (Connection connection = dataSource.getConnection(); Connection reader = dataSource.getConnection();
             Unbounded writing = Unbounded.of(connection); Unbounded reading = Unbounded.of(reader)) {
            RebuildEngine engine = new RebuildEngine(connection, reader, eventSerializer, tokenSerializer, batchSize);
            tracker.finished(engine.run(tracker.id(), models, new ServerProcessors(), tracker));
            LOG.info("Rebuild {} of {}: {}", tracker.id(), tracker.processors(), tracker.status());
        } catch (Exception | Error e) {
            LOG.error("Rebuild {} of {} failed", tracker.id(), tracker.processors(), e);
            tracker.failed(e);
        }
    }

    /** The processors of this server: shut down (claims released) for the switch, started again after. */
    private final class ServerProcessors implements RebuildEngine.LiveProcessors {
        @Override
        public void stop(List<String> processors) {
            // In parallel: each waits for its batch in progress and its workers.
            processors.stream().map(name -> processor(name).shutdownAsync()).toList()
                    .forEach(java.util.concurrent.CompletableFuture::join);
        }

        @Override
        public void start(List<String> processors) {
            processors.forEach(name -> processor(name).start());
        }

        private StreamingEventProcessor processor(String name) {
            return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(() ->
                    new IllegalStateException("No streaming event processor " + name));
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
