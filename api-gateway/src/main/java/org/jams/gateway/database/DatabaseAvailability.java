package org.jams.gateway.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether PostgreSQL can be reached, known without waiting for it: a probe connects to it every second on a thread
 * of its own, and at once when a request finds it unreachable. While it is down, work that would wait for a
 * connection is refused immediately (503) instead of parking the blocking workers on a dead database, and health
 * answers from this state. When the probe reaches it again everything resumes; nothing restarts.
 */
@Component("database")
public class DatabaseAvailability implements HealthIndicator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService probe;
    private final AtomicBoolean probeRequested = new AtomicBoolean();
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

    /**
     * A request found the database unreachable: probe it now, on a connection of its own. A request's failure alone
     * does not take the database down (a fault of one statement can carry a connection error's SQL state).
     */
    public void unreachable(String why) {
        if (probeRequested.compareAndSet(false, true)) {
            probe.execute(() -> {
                probeRequested.set(false);
                probe(why);
            });
        }
    }

    private void probe() {
        probe(null);
    }

    private void probe(String reported) {
        try (Connection connection = freshConnection()) {
            if (!connection.isValid(1)) {
                down(reported != null ? reported : "no answer to the probe within 1 s");
                return;
            }
            if (down) {
                log.info("The database is reachable again after {}", Duration.between(since, Instant.now()));
                down = false;
                since = Instant.now();
            }
        } catch (Exception e) {
            down(reported != null ? reported : e.getClass().getSimpleName());
        }
    }

    private void down(String why) {
        if (!down) {
            down = true;
            since = Instant.now();
            reason = why;
            log.warn("The database is unreachable ({}): answering 503 until it is back", why);
        }
    }

    /**
     * A connection outside the pool, with short timeouts: the pool would make the probe wait its connection
     * timeout, and a pooled connection says nothing of whether a new one can be made.
     */
    private Connection freshConnection() throws SQLException {
        if (!(dataSource instanceof HikariDataSource pool) || pool.getJdbcUrl() == null) {
            return dataSource.getConnection();
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("socketTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
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
