package org.jams.query.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.jams.query.testing.TestPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fast integrity tests without the Spring application: a fresh database per test in the test JVM's PostgreSQL
 * ({@link TestPostgres}) with the event store (V1) and the integrity tables (V5) only, and a real Axon event store
 * (JDBC storage engine, with the same {@link EventSigner} as the server) to append events through. For the whole
 * schema, see {@link org.jams.query.testing.MigratedDatabase}.
 */
public final class IntegrityTestDatabase implements AutoCloseable {

    /** A test event payload. */
    public record Note(String text, int number) {
    }

    public final String name;
    public final HikariDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final Serializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();

    private IntegrityTestDatabase(HikariDataSource dataSource) {
        this.name = dataSource.getPoolName();
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The test JVM's PostgreSQL ({@link TestPostgres#server}). */
    public static EmbeddedPostgres postgres(boolean durable) throws IOException {
        return TestPostgres.server(durable);
    }

    /** A fresh database with the event store and integrity schema. */
    public static IntegrityTestDatabase create() {
        return create(false, 8);
    }

    public static IntegrityTestDatabase create(boolean durable, int poolSize) {
        IntegrityTestDatabase database = new IntegrityTestDatabase(
                TestPostgres.createDatabase("integrity", durable, poolSize));
        try {
            database.runScript("db/migration/V1__axon_event_store.sql");
            database.runScript("db/migration/V5__audit_integrity.sql");
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
        return database;
    }

    public String jdbcUrl() {
        return TestPostgres.jdbcUrl(name);
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
        TestPostgres.drop(dataSource);
    }
}
