package org.jams.gateway.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jams.query.revocation.RevokedCertificateProjection;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells this node at once when any node revokes a certificate: the revocations projection notifies PostgreSQL's
 * {@value RevokedCertificateProjection#NOTICE_CHANNEL} channel in the transaction that records it, and this node
 * LISTENs on one connection of its pool. While that connection is down, {@link #listening()} is false, and every
 * (re)connection counts as a notice, since notices sent meanwhile were lost.
 */
@Component
public class RevocationNotices implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationNotices.class);
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1_000;

    private final DataSource dataSource;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Thread thread;
    /** Attempts to listen that failed in a row (only the listening thread touches it). */
    private int failures;

    public RevocationNotices(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether a revocation by any node would be told now. */
    public boolean listening() {
        return listening;
    }

    /** Runs {@code listener} on each notice, on the listening thread: it must be quick. */
    public void onRevocation(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "jams-revocation-notices");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + RevokedCertificateProjection.NOTICE_CHANNEL);
                }
                PGConnection notices = connection.unwrap(PGConnection.class);
                tell(); // whatever was revoked while this node was not listening
                listening = true;
                if (failures > 0) {
                    LOG.info("Listening for revocations again after {} failed attempts", failures);
                    failures = 0;
                }
                while (running) {
                    PGNotification[] received = notices.getNotifications(POLL_MILLIS);
                    if (received != null && received.length > 0) {
                        tell();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // Once per outage, not once a second: the database's own health says the rest.
                if (running && failures++ == 0) {
                    LOG.warn("Not listening for revocations ({}); OCSP answers are looked up until this node "
                            + "listens again, retrying every {} ms", e.getMessage(), RETRY_MILLIS);
                }
            } finally {
                listening = false;
                tell();
            }
            pause();
        }
    }

    /**
     * For a revocation this node made: its listeners hear of it as soon as the command's read models show it, not a
     * few milliseconds later through PostgreSQL like the other nodes.
     */
    public void tellLocally() {
        tell();
    }

    private void tell() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
