package org.jams.gateway.axon;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.jams.api.stored.EventJson;
import org.jams.api.stored.StoredTypes;
import org.jams.command.directory.UserAccount;
import org.jams.query.audit.IndexedEventInsert;
import org.jams.query.readmodel.ReadModelSwitchLock;
import org.jams.query.readmodel.ReadModels;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL through JDBC. Spring Boot 4 skips Axon 4.13's JDBC auto-configuration, and Axon would then
 * silently run with an in-memory bus, so every piece is declared here. Events are JSON (Jackson 2) with revisions; rows
 * stored under earlier names load through {@link StoredTypes}.
 */
@Configuration(proxyBeanMethods = false)
public class AxonJdbcConfiguration {

    private static final String UNIQUE_VIOLATION = "23505";

    /** Snapshots and tokens ({@link EventJson}). */
    @Bean
    @Primary
    Serializer serializer() {
        return EventJson.typedSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return EventJson.eventSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return EventJson.eventSerializer();
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        // Joins the Spring transaction, so events, projections and sealed keys commit together.
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** A duplicate (aggregate, sequence) is how PostgreSQL reports a concurrent append: optimistic concurrency. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
        };
    }

    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer snapshotSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .upcasterChain(StoredTypes.upcasters(UserAccount.FORMER_NAMES))
                .dataType(byte[].class)
                .appendEvents(new IndexedEventInsert(ReadModelSwitchLock::sharedRowForAppend))
                .build();
    }

    /**
     * Segment claims name their node: Axon's default, the JVM's pid@host, unless {@code jams.node-id} gives one (two
     * nodes in one JVM, or containers that share a host name and a pid, would otherwise claim as one owner).
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          @Value("${jams.node-id:}") String nodeId) {
        JdbcTokenStore.Builder builder = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer);
        if (!nodeId.isBlank()) {
            builder.nodeId(nodeId);
        }
        return builder.build();
    }

    /**
     * The in-append projections ({@link ReadModels#SUBSCRIBING}) run in subscribing processors: in the thread and the
     * transaction of the append, after the events are stored, so the events and those read models commit together or
     * not at all (the audit index is written by the insert itself, {@link IndexedEventInsert}). A rebuild's switch
     * holds them back meanwhile ({@link ReadModelSwitchLock}).
     *
     * <p>The others run in tracking processors: segments are claimed through the token store, so another node takes
     * over a processor when its owner stops. They read a {@link TrackingEventSource}, woken by the commits of events
     * they handle, so a projection follows such a commit within milliseconds; the pooled processors' coordinator
     * lagged by hundreds of milliseconds, which read-your-writes made every request pay.
     *
     * <p>A handler's failure is never skipped: it fails the append (in-append), or the batch, which the tracking
     * processor retries (Axon would otherwise log it and move on, leaving the read model without the event).
     */
    @Bean
    ConfigurerModule eventProcessors(JdbcTemplate jdbc) {
        return configurer -> {
            configurer.registerComponent(TrackingEventSource.class, configuration -> new TrackingEventSource(
                    configuration.getComponent(EventStorageEngine.class), configuration.eventStore()));
            EventProcessingConfigurer processing = configurer.eventProcessing()
                    .usingTrackingEventProcessors()
                    .configureDefaultStreamableMessageSource(configuration ->
                            configuration.getComponent(TrackingEventSource.class))
                    .registerTrackingEventProcessorConfiguration(configuration ->
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100))
                    .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
            for (String name : ReadModels.SUBSCRIBING) {
                processing.registerSubscribingEventProcessor(name)
                        .registerHandlerInterceptor(name, configuration -> ReadModelSwitchLock.sharedByAppends(jdbc));
            }
        };
    }
}
