package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.gateway.axon.LocalCommits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An action waits for the commit of the events that call for it, on the server's event store and PostgreSQL: in a
 * transaction it runs once that commits and never if it rolls back; outside one, once the store has committed them.
 * (Inside a command's unit of work: SetupApiTest and ReadYourWritesTest.)
 */
class LocalCommitsTest extends SharedServerTestBase {

    @Autowired
    private EventStore eventStore;

    @Autowired
    private TransactionManager transactions;

    @Test
    void anActionRunsOnlyOnceTheTransactionThatAppendedItsEventsHasCommitted() {
        String subject = SetupSteps.unique("local-commits");
        AtomicInteger ran = new AtomicInteger();
        Registration registration = LocalCommits.afterCommitOf(eventStore, events -> events.stream()
                .anyMatch(event -> event.getPayload() instanceof AccessRefusedEvent refused
                        && refused.subject().startsWith(subject)), ran::incrementAndGet);
        try {
            transactions.executeInTransaction(() -> {
                eventStore.publish(accessRefused(subject + "-committed", "local-commits-test"));
                assertThat(ran).as("before the commit").hasValue(0);
            });
            assertThat(ran).as("after the commit").hasValue(1);

            assertThatThrownBy(() -> transactions.executeInTransaction(() -> {
                eventStore.publish(accessRefused(subject + "-rolled-back", "local-commits-test"));
                throw new IllegalStateException("rolled back (test)");
            })).hasMessageContaining("rolled back");
            assertThat(ran).as("after a rollback").hasValue(1);
            assertThat(stored(subject + "-rolled-back")).isZero();

            eventStore.publish(accessRefused(subject + "-alone", "local-commits-test"));
            assertThat(ran).as("stored in the store's own transaction").hasValue(2);
            assertThat(stored(subject + "-alone")).isEqualTo(1);
        } finally {
            registration.cancel();
        }
    }

    private long stored(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') LIKE ?",
                Long.class, "%" + subject + "%");
    }
}
