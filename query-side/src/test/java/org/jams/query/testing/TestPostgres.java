package org.jams.query.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one embedded PostgreSQL of a test JVM (started on first use, stopped when the JVM exits), and fresh databases in
 * it: each test gets its own database, so tests never see each other's rows, without paying for a server each.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    /**
     * The server, started on first use; {@code durable} (fsync and synchronous commits, as the server's own
     * PostgreSQL runs) only counts for the call that starts it.
     */
    public static synchronized EmbeddedPostgres server(boolean durable) throws IOException {
        if (postgres == null) {
            Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "jams-it-postgres-binaries");
            Files.createDirectories(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setServerConfig("max_connections", "60");
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            postgres = builder.start();
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    /** A new empty database named {@code prefix_<pid>_<n>} and a pool on it; drop it with {@link #drop}. */
    public static HikariDataSource createDatabase(String prefix, boolean durable, int poolSize) {
        return createDatabase(prefix, durable, poolSize, null);
    }

    /**
     * A new database copied from {@code template} (a database of this server nobody is connected to; null: an empty
     * one) and a pool on it; drop it with {@link #drop}.
     */
    public static HikariDataSource createDatabase(String prefix, boolean durable, int poolSize, String template) {
        try {
            EmbeddedPostgres server = server(durable);
            String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
            try (Connection admin = server.getPostgresDatabase().getConnection();
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl(name));
            config.setUsername("postgres");
            config.setMaximumPoolSize(poolSize);
            config.setPoolName(name); // the database's name, for drop
            return new HikariDataSource(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the pool and drops its database (a database left behind dies with the server). */
    public static void drop(HikariDataSource dataSource) {
        dataSource.close();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + dataSource.getPoolName() + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // a leftover test database dies with the server
        }
    }

    /** The JDBC URL of a database of the running server. */
    public static synchronized String jdbcUrl(String database) {
        if (postgres == null) {
            throw new IllegalStateException("The test PostgreSQL is not started");
        }
        return postgres.getJdbcUrl("postgres", database);
    }
}
