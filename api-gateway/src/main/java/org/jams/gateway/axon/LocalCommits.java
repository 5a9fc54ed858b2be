package org.jams.gateway.axon;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Acting once events appended through this node's event store are committed (another node's appends are not seen
 * here). The event store calls its subscribers while the appending transaction is still open, so the action is put
 * off until that transaction commits, and dropped if it rolls back.
 */
public final class LocalCommits {

    private static final Logger log = LoggerFactory.getLogger(LocalCommits.class);

    private LocalCommits() {
    }

    /**
     * Runs {@code action} after the commit of every batch of appended events that {@code matching} accepts, until the
     * returned registration is cancelled.
     */
    public static Registration afterCommitOf(EventStore eventStore,
                                             Predicate<List<? extends EventMessage<?>>> matching, Runnable action) {
        return eventStore.subscribe(events -> {
            if (matching.test(events)) {
                afterCommit(action);
            }
        });
    }

    /**
     * Shows {@code observer} every batch of events appended through this node once it is committed. For what only
     * watches (metrics): whatever the observer throws is logged, and never fails or undoes the append.
     */
    public static Registration observe(EventStore eventStore, Consumer<List<EventMessage<?>>> observer) {
        return eventStore.subscribe(events -> {
            try {
                List<EventMessage<?>> committed = List.copyOf(events);
                afterCommit(() -> {
                    try {
                        observer.accept(committed);
                    } catch (RuntimeException e) {
                        log.warn("An observer of committed events failed; the events are stored", e);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not observe appended events; they are stored regardless", e);
            }
        });
    }

    private static void afterCommit(Runnable action) {
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
    }
}
