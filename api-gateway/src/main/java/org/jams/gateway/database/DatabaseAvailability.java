package org.jams.gateway.database;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether PostgreSQL can be reached, known without waiting for it: a probe asks it every second on a thread of its
 * own, and a request that finds it unreachable says so at once. While it is down, work that would wait for a
 * connection is refused immediately (503) instead of parking the blocking workers on a dead database, and health
 * answers from this state. When the probe reaches it again everything resumes; nothing restarts.
 */
@Component("database")
public class DatabaseAvailability implements HealthIndicator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService probe;
    private volatile boolean down;
    private volatile Instant since = Instant.now();
    private volatile String reason = "";

    public DatabaseAvailability(DataSource dataSource,
                                @Value("${jams.database.probe-interval:1s}") Duration interval) {
        this.dataSource = dataSource;
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jams-database-probe");
            thread.setDaemon(true);
            return thread;
        });
        probe.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isDown() {
        return down;
    }

    /** A request found the database unreachable: refuse the others at once until the probe reaches it again. */
    public void unreachable(String why) {
        if (!down) {
            down = true;
            since = Instant.now();
            reason = why;
            log.warn("The database is unreachable ({}): answering 503 until it is back", why);
        }
    }

    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                unreachable("no answer to the probe within 1 s");
                return;
            }
            if (down) {
                log.info("The database is reachable again after {}", Duration.between(since, Instant.now()));
                down = false;
                since = Instant.now();
            }
        } catch (Exception e) {
            unreachable(e.getClass().getSimpleName());
        }
    }

    @Override
    public Health health() {
        return down ? Health.down().withDetail("since", since.toString()).withDetail("reason", reason).build()
                : Health.up().build();
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}
