package org.jams.gateway.axon;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.jams.api.audit.AuditMetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Copies who/how/from-where of a command onto each event it produces (besides Axon's correlation ids). */
@Configuration(proxyBeanMethods = false)
public class AuditCorrelation {

    @Bean
    CorrelationDataProvider auditCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(AuditMetaData.KEYS.toArray(String[]::new));
    }

    /** Declaring a provider replaces Axon's default one, so the correlation and trace ids are declared too. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new org.axonframework.messaging.correlation.MessageOriginProvider();
    }
}
