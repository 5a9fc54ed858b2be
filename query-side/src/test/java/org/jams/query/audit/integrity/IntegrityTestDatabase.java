package org.jams.query.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.EventSigner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fast integrity tests without the Spring application: one embedded PostgreSQL per test JVM, a fresh database per
 * test with the event store (V1) and the integrity tables (V5), and a real Axon event store (JDBC storage engine,
 * with the same {@link EventSigner} as the server) to append events through.
 */
public final class IntegrityTestDatabase implements AutoCloseable {

    /** A test event payload. */
    public record Note(String text, int number) {
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    public final String name;
    public final HikariDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final Serializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();

    private IntegrityTestDatabase(String name, HikariDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public static synchronized EmbeddedPostgres postgres(boolean durable) throws IOException {
        if (postgres == null) {
            Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "jams-it-postgres-binaries");
            Files.createDirectories(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setServerConfig("max_connections", "60");
            if (durable) { // as the server runs its own PostgreSQL: for the append benchmark
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

    /** A fresh database with the event store and integrity schema. */
    public static IntegrityTestDatabase create() {
        return create(false, 8);
    }

    public static IntegrityTestDatabase create(boolean durable, int poolSize) {
        try {
            EmbeddedPostgres server = postgres(durable);
            String name = "integrity_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
            try (Connection admin = server.getPostgresDatabase().getConnection();
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl(server, name));
            config.setUsername("postgres");
            config.setMaximumPoolSize(poolSize);
            config.setPoolName(name);
            IntegrityTestDatabase database = new IntegrityTestDatabase(name, new HikariDataSource(config));
            database.runScript("db/migration/V1__axon_event_store.sql");
            database.runScript("db/migration/V5__audit_integrity.sql");
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String jdbcUrl(EmbeddedPostgres server, String database) {
        return server.getJdbcUrl("postgres", database);
    }

    public String jdbcUrl() {
        return jdbcUrl(postgres, name);
    }

    private void runScript(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path");
            }
            jdbc.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** An Axon event store on this database; signing with {@code keys}, or not at all when null. */
    public EmbeddedEventStore eventStore(AuditKeys keys) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .dataType(byte[].class)
                .build();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        if (keys != null) {
            store.registerDispatchInterceptor(new EventSigner(keys, serializer));
        }
        return store;
    }

    public static EventMessage<Note> domainEvent(String aggregate, long sequence, String text) {
        return new GenericDomainEventMessage<>("Account", aggregate, sequence, new Note(text, (int) sequence),
                MetaData.with("actor", "admin:test").and("sourceAddress", "127.0.0.1"));
    }

    public static EventMessage<Note> plainEvent(String text) {
        return GenericEventMessage.<Note>asEventMessage(new Note(text, -1))
                .andMetaData(MetaData.with("actor", "system"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // a leftover test database dies with the server
        }
    }
}
