package org.jams.gateway.operations;

import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The audit chain: DOWN when events are stored beyond its head and it has not advanced for longer than
 * {@code jams.health.audit-chain.stuck-after} (120 s), so new events go unchained and no checkpoint covers them. The
 * chainer waits up to its gap grace (30 s) at an index a rolled-back append left empty; the limit must exceed that.
 */
@Component("auditChain")
public class AuditChainHealth implements HealthIndicator {

    private final OperationalFigures figures;
    private final Duration stuckAfter;

    public AuditChainHealth(OperationalFigures figures,
                            @Value("${jams.health.audit-chain.stuck-after:120s}") Duration stuckAfter) {
        this.figures = figures;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public Health health() {
        if (figures.databaseDown()) {
            return Health.unknown().withDetail("reason", "the database is unavailable").build();
        }
        Optional<Duration> stalled = figures.chainStalledFor();
        Health.Builder health = stalled.filter(duration -> duration.compareTo(stuckAfter) > 0).isPresent()
                ? Health.down() : Health.up();
        figures.progress().ifPresent(progress -> health.withDetail("chainHead", progress.chainHead())
                .withDetail("storeHead", progress.storeHead()));
        stalled.ifPresent(duration -> health.withDetail("stalledForSeconds", duration.toSeconds()));
        return health.build();
    }
}
