package org.jams.query.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.flywaydb.core.Flyway;
import org.jams.api.stored.EventJson;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh database in the test JVM's PostgreSQL ({@link TestPostgres}) with every migration applied by Flyway, from
 * the same {@code db/migration} scripts and location as the server: the schema the read models and readers run on.
 * Flyway migrates one template database per JVM; each test's database is a copy of it (Flyway's history included),
 * made by PostgreSQL in a fraction of the time migrating takes.
 */
public final class MigratedDatabase implements AutoCloseable {

    /** Where the server's Flyway finds the migrations (spring.flyway.locations). */
    public static final String MIGRATIONS = "classpath:db/migration";

    public final String name;
    public final HikariDataSource dataSource;
    public final JdbcTemplate jdbc;

    private MigratedDatabase(HikariDataSource dataSource) {
        this.name = dataSource.getPoolName();
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    private static String template;

    public static MigratedDatabase create() {
        return new MigratedDatabase(TestPostgres.createDatabase("migrated", false, 8, template()));
    }

    /** The migrated template's name; migrated on first use, then left without connections so it can be copied. */
    private static synchronized String template() {
        if (template == null) {
            HikariDataSource dataSource = TestPostgres.createDatabase("migrated_template", false, 2); // Flyway uses two
            try {
                Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
            } catch (RuntimeException e) {
                TestPostgres.drop(dataSource);
                throw e;
            }
            dataSource.close();
            template = dataSource.getPoolName();
        }
        return template;
    }

    /** The tables of schema public, by name. */
    public List<String> tables() {
        return jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""", String.class);
    }

    /** Axon's event store on this database, reading through {@code upcasters} and storing events as Axon does. */
    public JdbcEventStorageEngine storageEngine(EventUpcaster upcasters) {
        return storageEngine(upcasters, JdbcEventStorageEngineStatements::appendEvents);
    }

    /** The same, storing events with {@code insert} (the server stores them with {@code IndexedEventInsert}). */
    public JdbcEventStorageEngine storageEngine(EventUpcaster upcasters, AppendEventsStatementBuilder insert) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(EventJson.eventSerializer())
                .snapshotSerializer(EventJson.typedSerializer())
                .upcasterChain(upcasters)
                .dataType(byte[].class)
                .appendEvents(insert)
                .build();
    }

    /** Axon's event store on this database without any upcaster: rows load under the names they were stored with. */
    public JdbcEventStorageEngine storageEngineWithoutUpcasters() {
        return storageEngine(NoOpEventUpcaster.INSTANCE);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        TestPostgres.drop(dataSource);
    }
}
