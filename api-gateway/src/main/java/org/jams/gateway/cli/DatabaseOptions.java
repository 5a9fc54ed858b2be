package org.jams.gateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jams.gateway.database.EmbeddedDatabase;
import picocli.CommandLine.Option;

/**
 * Where the live database is, as for the server: {@code --jams.home} (its embedded PostgreSQL: the running server's,
 * found through {@code postmaster.pid}, or started here for the command and stopped after; the password from the
 * home's {@code secrets}), or
 * {@code --spring.datasource.url/username/password} (also {@code --jdbc-url/--db-user/--db-password}; the password
 * may come from the environment variable {@code JAMS_DB_PASSWORD}).
 */
final class DatabaseOptions {

    @Option(names = "--jams.home", paramLabel = "DIR", defaultValue = "./jams",
            description = "The server's home (default ./jams): its embedded database and audit/ key directory.")
    Path home;

    @Option(names = {"--jdbc-url", "--spring.datasource.url"}, paramLabel = "URL",
            description = "An external PostgreSQL instead of the embedded one: jdbc:postgresql://host:port/db.")
    String url;

    @Option(names = {"--db-user", "--spring.datasource.username"}, paramLabel = "USER")
    String username;

    @Option(names = {"--db-password", "--spring.datasource.password"}, paramLabel = "PASSWORD",
            defaultValue = "${env:JAMS_DB_PASSWORD}", description = "Default: the JAMS_DB_PASSWORD variable.")
    String password;

    /** A connection, plus the embedded database this command started (stopped on close). */
    static final class Opened implements AutoCloseable {
        final Connection connection;
        private final String url;
        private final Properties credentials;
        private final EmbeddedDatabase started;

        Opened(String url, Properties credentials, EmbeddedDatabase started) throws SQLException {
            this.url = url;
            this.credentials = credentials;
            this.started = started;
            this.connection = connect(url, credentials);
        }

        /** One more connection to the same database, for work that reads beside {@link #connection}. */
        Connection another() throws SQLException {
            return connect(url, credentials);
        }

        @Override
        public void close() throws SQLException, IOException {
            try {
                connection.close();
            } finally {
                if (started != null) {
                    started.close();
                }
            }
        }
    }

    Opened open() throws SQLException, IOException {
        if (url != null) {
            return new Opened(url, credentials(username, password), null);
        }
        Path data = home.resolve("postgres").toAbsolutePath();
        if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("No JAMS database under " + home.toAbsolutePath()
                    + ": give the server's --jams.home, or --jdbc-url for an external PostgreSQL.");
        }
        Integer port = runningPort(data);
        if (port != null) {
            Optional<String> secret = EmbeddedDatabase.passwordOf(home);
            try {
                return new Opened("jdbc:postgresql://localhost:" + port + "/postgres",
                        credentials("postgres", secret.orElse(null)), null);
            } catch (SQLException e) {
                if (secret.isEmpty()) {
                    throw new IllegalStateException("The running server's database asks for its password, and "
                            + EmbeddedDatabase.passwordFileOf(home).toAbsolutePath() + " is missing: give the "
                            + "server's --jams.home, or restore that file from the backup of this home.", e);
                }
                throw e;
            }
        }
        System.err.println("The server is not running: starting its PostgreSQL under " + data
                + " for this command.");
        EmbeddedDatabase database = EmbeddedDatabase.start(home);
        try {
            return new Opened(database.jdbcUrl(), credentials(database.username(), database.password()), database);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The port of the PostgreSQL running on this data directory (the server's), from its pid file; null if none. */
    private static Integer runningPort(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return null;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && lines.size() > 3) {
                return Integer.parseInt(lines.get(3).trim());
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null; // a partial pid file: treat as not running
        }
        return null;
    }

    private static Properties credentials(String username, String password) {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static Connection connect(String url, Properties properties) throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
