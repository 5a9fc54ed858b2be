package org.jams.gateway.database;

import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>A refusal (nothing listens, the login is refused, the server is shutting down) takes the database down at once.
 * A probe that gets no answer in time is tried again at once and believed only if that fails too: on a machine whose
 * cores are saturated a new connection can take longer than the probe waits while the pooled ones go on serving,
 * and one slow login must not turn every request away.
 */
@Component("database")
public class DatabaseAvailability implements HealthIndicator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    /** Unanswered probes in a row that take the database down; the second follows the first at once. */
    static final int UNANSWERED_PROBES_TO_BELIEVE = 2;

    private final DataSource dataSource;
    private final ScheduledExecutorService probe;
    private final AtomicBoolean probeRequested = new AtomicBoolean();
    private volatile boolean down;
    private volatile Instant since = Instant.now();
    private volatile String reason = "";
    /** Probes in a row that got no answer in time (read and written on the probe's thread only). */
    private int unanswered;
    private final AtomicLong outages = new AtomicLong();

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

    /** How many times the database has been taken down since the server started. */
    public long outages() {
        return outages.get();
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
                unanswered(reported != null ? reported : "no answer to the probe within 1 s");
                return;
            }
            unanswered = 0;
            if (down) {
                log.info("The database is reachable again after {}", Duration.between(since, Instant.now()));
                down = false;
                since = Instant.now();
            }
        } catch (Exception e) {
            String why = reported != null ? reported : describe(e);
            if (refused(e)) {
                unanswered = 0;
                down(why);
            } else {
                unanswered(why);
            }
        }
    }

    private void unanswered(String why) {
        if (down || ++unanswered >= UNANSWERED_PROBES_TO_BELIEVE) {
            down(why);
        } else {
            log.info("The database did not answer a probe in time ({}); probing again before believing it", why);
            probe.execute(() -> probe(why));
        }
    }

    /**
     * Whether the attempt was refused rather than left unanswered: nothing accepted the connection, or PostgreSQL
     * answered with a refusal of its own (any SQL state outside class 08, such as a login refused or a shutdown).
     */
    static boolean refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SocketTimeoutException) {
                return false;
            }
        }
        return error instanceof SQLException sql && sql.getSQLState() != null && !sql.getSQLState().startsWith("08");
    }

    /** For the log: the SQL state and the driver's message (which names the host and port, never the password). */
    static String describe(Throwable error) {
        String state = error instanceof SQLException sql && sql.getSQLState() != null
                ? "SQL state " + sql.getSQLState() + ": " : "";
        return error.getClass().getSimpleName() + ", " + state + error.getMessage();
    }

    private void down(String why) {
        if (!down) {
            down = true;
            outages.incrementAndGet();
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
