package org.jams.gateway.axon;

import java.util.List;
import java.util.function.Predicate;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Acting once events appended through this node's event store are committed (another node's appends are not seen
 * here). The event store calls its subscribers while the appending transaction is still open, so the action is put
 * off until that transaction commits, and dropped if it rolls back.
 */
public final class LocalCommits {

    private LocalCommits() {
    }

    /**
     * Runs {@code action} after the commit of every batch of appended events that {@code matching} accepts, until the
     * returned registration is cancelled.
     */
    public static Registration afterCommitOf(EventStore eventStore,
                                             Predicate<List<? extends EventMessage<?>>> matching, Runnable action) {
        return eventStore.subscribe(events -> {
            if (!matching.test(events)) {
                return;
            }
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(unit -> action.run());
            } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
                // Published in a plain transaction (no command's unit of work).
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
            } else {
                action.run(); // the store committed the events in a transaction of its own
            }
        });
    }
}
