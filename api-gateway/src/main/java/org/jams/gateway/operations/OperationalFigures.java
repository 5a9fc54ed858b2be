package org.jams.gateway.operations;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jams.gateway.database.DatabaseAvailability;
import org.jams.query.audit.integrity.AuditIntegrity;
import org.jams.query.audit.integrity.AuditStore.ChainProgress;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader;
import org.jams.query.readmodel.ReadModels;
import org.jams.query.readmodel.TokenStorePositions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * What the meters and health checks read from PostgreSQL, each group in one round of queries at most once per
 * {@code jams.metrics.cache-for} (5 s): the store head, how far the audit chain and each tracking processor follow it,
 * and how many users and devices each status has. Each fresh reading of the heads is also shown to the stall watches
 * that tell the health checks whether a follower stopped advancing.
 */
@Component
public class OperationalFigures {

    /** The heads: the event store's, the audit chain's, each tracking processor's position; read together. */
    public record Progress(long storeHead, long chainHead, Instant lastCheckpointAt, Map<String, Long> positions) {

        /** Events the processor has yet to read (0 when it reads at the head). */
        public long lag(String processor) {
            return Math.max(0, storeHead - positions.getOrDefault(processor, 0L));
        }
    }

    /** Users and devices by status, as the read models hold them. */
    public record Population(Map<String, Long> users, Map<String, Long> devices) {
    }

    private final DatabaseAvailability database;
    private final Clock clock;
    private final Recent<Progress> progress;
    private final Recent<Population> population;
    private final Map<String, StallWatch> processors = new LinkedHashMap<>();
    private final StallWatch chain = new StallWatch();

    public OperationalFigures(AuditIntegrity integrity, TokenStorePositions positions, UserReader users,
                              DeviceReader devices, DatabaseAvailability database, Clock clock,
                              @Value("${jams.metrics.cache-for:5s}") Duration cacheFor) {
        this.database = database;
        this.clock = clock;
        ReadModels.TRACKING.forEach(processor -> processors.put(processor, new StallWatch()));
        this.progress = new Recent<>("the event store and audit chain heads", () -> {
            // The store head first: a position read after it that is still below it was behind a stored event.
            ChainProgress heads = chainProgress(integrity);
            Progress read = new Progress(heads.storeHead(), heads.chainHead(), heads.lastCheckpointAt(),
                    positions.positions());
            watch(read);
            return read;
        }, cacheFor, database::isDown, clock);
        this.population = new Recent<>("the users and devices by status",
                () -> new Population(users.countByStatus(), devices.countByStatus()), cacheFor, database::isDown,
                clock);
    }

    public boolean databaseDown() {
        return database.isDown();
    }

    public long databaseOutages() {
        return database.outages();
    }

    public Optional<Progress> progress() {
        if (database.isDown()) {
            // Nothing can advance while the store is away: stalls are counted again from the first reading after.
            processors.values().forEach(StallWatch::forget);
            chain.forget();
        }
        return progress.get();
    }

    public Optional<Population> population() {
        return population.get();
    }

    /** How long the processor has been behind the store head without advancing; empty when it keeps up. */
    public Optional<Duration> processorStalledFor(String processor) {
        progress();
        StallWatch watch = processors.get(processor);
        return watch == null ? Optional.empty() : watch.stalledFor(clock.instant());
    }

    /** How long the audit chain has been behind the store head without advancing; empty when it keeps up. */
    public Optional<Duration> chainStalledFor() {
        progress();
        return chain.stalledFor(clock.instant());
    }

    /** Seconds since the latest checkpoint was signed; empty before the first. */
    public Optional<Duration> sinceLastCheckpoint() {
        return progress().map(Progress::lastCheckpointAt).map(at -> Duration.between(at, clock.instant()));
    }

    private void watch(Progress read) {
        Instant now = clock.instant();
        processors.forEach((processor, watch) -> watch.observe(read.positions().getOrDefault(processor, 0L),
                read.storeHead(), now));
        chain.observe(read.chainHead(), read.storeHead(), now);
    }

    private static ChainProgress chainProgress(AuditIntegrity integrity) {
        try {
            return integrity.progress();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Reading the audit chain's progress failed", e);
        }
    }
}
