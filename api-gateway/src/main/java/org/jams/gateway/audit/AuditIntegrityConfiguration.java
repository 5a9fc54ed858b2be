package org.jams.gateway.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.EventSigner;
import org.jams.query.audit.integrity.AuditChainer;
import org.jams.query.audit.integrity.AuditIntegrity;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires tamper evidence into the server: the audit key, the signing of every appended event, the background chainer
 * and its checkpoints. Settings (defaults in brackets):
 * <ul>
 *   <li>{@code jams.audit.chain.enabled} [true]: whether this node chains and checkpoints in the background
 *       (on-demand checkpoints work regardless);</li>
 *   <li>{@code jams.audit.chain.poll-interval} [1s]: how often it looks for new events;</li>
 *   <li>{@code jams.audit.chain.gap-grace} [30s]: how long an empty global index may stay empty before it is taken
 *       as rolled back (must exceed the longest append transaction);</li>
 *   <li>{@code jams.audit.checkpoint.interval} [10s]: the minimum time between automatic checkpoints (one is made
 *       only when the chain has advanced).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AuditIntegrityConfiguration {

    @Bean
    AuditKeys auditKeys(Environment environment) throws IOException {
        return AuditKeys.loadOrCreate(Path.of(environment.getProperty("jams.home", "./jams")));
    }

    /**
     * Registers the signer on the event store itself (not as a dispatch-interceptor bean: Axon's Spring Boot support
     * would put those on the EventGateway only, which aggregates' events never pass). Registered once every bean
     * exists, so after any interceptor that other beans register, and before the application starts handling
     * commands.
     */
    @Bean
    SmartInitializingSingleton auditEventSigning(EventStore eventStore, AuditKeys keys,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer) {
        return () -> eventStore.registerDispatchInterceptor(new EventSigner(keys, eventSerializer));
    }

    @Bean(destroyMethod = "close")
    AuditChainer auditChainer(DataSource dataSource, AuditKeys keys, Environment environment) {
        return new AuditChainer(dataSource, keys,
                environment.getProperty("jams.audit.chain.gap-grace", Duration.class, Duration.ofSeconds(30)),
                environment.getProperty("jams.audit.checkpoint.interval", Duration.class, Duration.ofSeconds(10)),
                Clock.systemUTC(), 1000);
    }

    /** Starts chaining once the context is up (Flyway has created the tables); stops before the pool closes. */
    @Bean
    SmartLifecycle auditChainerLifecycle(AuditChainer chainer, Environment environment) {
        boolean enabled = environment.getProperty("jams.audit.chain.enabled", Boolean.class, true);
        Duration poll = environment.getProperty("jams.audit.chain.poll-interval", Duration.class,
                Duration.ofSeconds(1));
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (enabled) {
                    chainer.start(poll);
                }
                running = true;
            }

            @Override
            public void stop() {
                chainer.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean
    AuditIntegrity auditIntegrity(DataSource dataSource, AuditKeys keys, AuditChainer chainer) {
        return new AuditIntegrity(dataSource, keys, chainer);
    }
}
