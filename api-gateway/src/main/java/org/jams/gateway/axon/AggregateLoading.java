package org.jams.gateway.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How user aggregates (and CRL series) are loaded: from a per-node cache, else from the newest snapshot plus later events. */
@Configuration(proxyBeanMethods = false)
public class AggregateLoading {

    @Bean
    Cache userAccountCache() {
        return new WeakReferenceCache();
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
}
