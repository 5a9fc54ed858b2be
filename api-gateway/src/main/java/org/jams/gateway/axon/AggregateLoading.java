package org.jams.gateway.axon;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.jams.command.directory.UserAccount;
import org.jams.command.policy.Blueprint;
import org.jams.command.policy.GroupMembers;
import org.jams.command.policy.PolicyCatalog;
import org.jams.command.revocation.CrlSeries;
import org.jams.command.setup.ServerSetup;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

/**
 * How user aggregates (and CRL series) are loaded: from a per-node cache, else from the newest snapshot plus later
 * events; and when those snapshots are taken.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AggregateLoading {

    /** The name of the thread that takes snapshots. */
    public static final String SNAPSHOT_THREAD = "jams-snapshots";

    /**
     * People used lately ({@link RecentAggregates}): {@code jams.aggregates.cached} of them at most, each for at most
     * {@code jams.aggregates.max-age} after it was loaded, which bounds how long another node's change can go unseen.
     */
    @Bean
    Cache userAccountCache(@Value("${jams.aggregates.cached:1000}") int cached,
                           @Value("${jams.aggregates.max-age:5s}") Duration maxAge) {
        return new RecentAggregates(cached, maxAge);
    }

    @Bean
    SnapshotTriggerDefinition userAccountSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${jams.snapshots.every-events:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** An issuer publishes a CRL at least every half CRL lifetime it is asked for: years of them stay quick to load. */
    @Bean
    SnapshotTriggerDefinition crlSeriesSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /*
     * How each aggregate is made from its snapshot or first event: its constructor, and the snapshot as stored. Axon
     * takes the bean named after the aggregate; without one, every load went through Spring's prototype-bean
     * lifecycle (every post-processor, annotation scans, configuration-properties lookups), which the enrollment
     * benchmark's profiles showed in each load of a person and its JIT log kept compiling. The aggregates take their
     * collaborators as command handler parameters, never as injected fields, so there is nothing for Spring to do.
     */

    @Bean
    AggregateFactory<UserAccount> userAccountAggregateFactory(ParameterResolverFactory resolvers,
                                                              HandlerDefinition handlers) {
        return constructed(UserAccount.class, resolvers, handlers);
    }

    @Bean
    AggregateFactory<CrlSeries> crlSeriesAggregateFactory(ParameterResolverFactory resolvers,
                                                          HandlerDefinition handlers) {
        return constructed(CrlSeries.class, resolvers, handlers);
    }

    @Bean
    AggregateFactory<ServerSetup> serverSetupAggregateFactory(ParameterResolverFactory resolvers,
                                                              HandlerDefinition handlers) {
        return constructed(ServerSetup.class, resolvers, handlers);
    }

    @Bean
    AggregateFactory<GroupMembers> groupMembersAggregateFactory(ParameterResolverFactory resolvers,
                                                                HandlerDefinition handlers) {
        return constructed(GroupMembers.class, resolvers, handlers);
    }

    @Bean
    AggregateFactory<PolicyCatalog> policyCatalogAggregateFactory(ParameterResolverFactory resolvers,
                                                                  HandlerDefinition handlers) {
        return constructed(PolicyCatalog.class, resolvers, handlers);
    }

    @Bean
    AggregateFactory<Blueprint> blueprintAggregateFactory(ParameterResolverFactory resolvers,
                                                          HandlerDefinition handlers) {
        return constructed(Blueprint.class, resolvers, handlers);
    }

    /** The model is read with the application's resolvers, which give command handlers their Spring beans. */
    private static <T> AggregateFactory<T> constructed(Class<T> type, ParameterResolverFactory resolvers,
                                                       HandlerDefinition handlers) {
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(type, resolvers,
                handlers));
    }

    /**
     * Axon's snapshotter, as its auto-configuration builds it, but taking snapshots on a thread of its own (as Axon
     * advises for production) rather than on the thread whose command crossed the threshold: that request no longer
     * waits, after its commit, for the aggregate's events to be read again and its state serialized.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory,
                                                    SnapshotThread snapshotThread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread.executor)
                .build();
    }

    /** Stopped before the database pool closes, so a snapshot under way can still be stored. */
    @Bean
    @DependsOn("dataSource")
    SnapshotThread snapshotThread() {
        return new SnapshotThread();
    }

    /**
     * One thread and a bounded queue. When the queue is full the committing thread takes the snapshot itself, as it
     * did before: a dropped task would leave the aggregate marked "in progress" and never snapshotted again here.
     */
    static final class SnapshotThread implements DisposableBean {

        private static final int QUEUED = 1_000;

        final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), runnable -> {
                    Thread thread = new Thread(runnable, SNAPSHOT_THREAD);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());

        SnapshotThread() {
            executor.allowCoreThreadTimeOut(true);
        }

        /** Lets queued snapshots finish for a moment; any left are simply taken at a later trigger. */
        @Override
        public void destroy() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }
}
