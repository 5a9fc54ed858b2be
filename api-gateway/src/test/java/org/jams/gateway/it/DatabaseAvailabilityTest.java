package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jams.gateway.database.DatabaseAvailability;
import org.jams.gateway.database.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe against the real embedded PostgreSQL, reached through a relay on loopback that can leave connections
 * unanswered: one login that gets no answer in time (a saturated machine) does not take the database down, two in a
 * row do, and a refusal (nothing listening) does at once.
 */
class DatabaseAvailabilityTest {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

    private static EmbeddedDatabase database;

    /** A home whose PostgreSQL binaries are the shared extraction, as every integration test's (see TestHomes). */
    @BeforeAll
    static void startDatabase() throws IOException {
        database = EmbeddedDatabase.start(TestHomes.create("jams-db-probe-"));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Test
    void aSingleUnansweredLoginIsProbedAgainAndTheDatabaseStaysUp() throws Exception {
        try (Relay relay = new Relay(databasePort(), 1);
             HikariDataSource pool = poolThrough(relay.port());
             DatabaseAvailability availability = new DatabaseAvailability(pool, PROBE_INTERVAL)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> relay.connections() >= 3);

            assertThat(relay.connections()).isGreaterThanOrEqualTo(3);
            assertThat(availability.outages()).isZero();
            assertThat(availability.isDown()).isFalse();
            assertThat(availability.health().getStatus().getCode()).isEqualTo("UP");
        }
    }

    @Test
    void twoUnansweredLoginsInARowTakeItDownUntilItAnswersAgain() throws Exception {
        try (Relay relay = new Relay(databasePort(), Integer.MAX_VALUE);
             HikariDataSource pool = poolThrough(relay.port());
             DatabaseAvailability availability = new DatabaseAvailability(pool, PROBE_INTERVAL)) {
            await().atMost(Duration.ofSeconds(10)).until(availability::isDown);
            assertThat(relay.connections()).isGreaterThanOrEqualTo(2);
            assertThat(availability.health().getStatus().getCode()).isEqualTo("DOWN");

            relay.answerFromNowOn();
            await().atMost(Duration.ofSeconds(10)).until(() -> !availability.isDown());
            assertThat(availability.outages()).isOne();
        }
    }

    @Test
    void aRefusedConnectionTakesItDownAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (HikariDataSource pool = poolThrough(closedPort);
             DatabaseAvailability availability = new DatabaseAvailability(pool, PROBE_INTERVAL)) {
            availability.unreachable("a request found it unreachable");

            await().atMost(Duration.ofSeconds(1)).until(availability::isDown);
        }
    }

    private static int databasePort() {
        return Integer.parseInt(database.jdbcUrl().replaceAll("^jdbc:postgresql://[^:]+:(\\d+)/.*$", "$1"));
    }

    private static HikariDataSource poolThrough(int port) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl().replaceFirst(":\\d+/", ":" + port + "/"));
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        return pool;
    }

    /** Forwards connections to PostgreSQL, except the first {@code unanswered} ones, which it accepts and ignores. */
    private static final class Relay implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private volatile int unanswered;

        Relay(int target, int unanswered) throws IOException {
            this.unanswered = unanswered;
            Thread acceptor = new Thread(() -> accept(target), "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.get();
        }

        void answerFromNowOn() {
            unanswered = 0;
        }

        private void accept(int target) {
            try {
                while (true) {
                    Socket client = server.accept();
                    sockets.add(client);
                    if (accepted.incrementAndGet() <= unanswered) {
                        continue; // held open, never read: a login that gets no answer
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                }
            } catch (IOException closed) {
                // the relay was closed
            }
        }

        private static void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ended) {
                    // either side closed
                }
            }, "relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
