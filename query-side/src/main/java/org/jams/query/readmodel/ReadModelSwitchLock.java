package org.jams.query.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps appends and a rebuild's switch of the in-append read models ({@link ReadModels#IN_APPEND}) apart, on every
 * node: a transaction that writes those read models first takes this PostgreSQL advisory lock shared (held until it
 * commits); a rebuild takes it exclusively while it applies the last events and replaces the tables. So no append
 * writes a table that is being replaced, and every append is either in the rebuilt tables or written after the switch.
 * The statement that appends the events takes it ({@link #sharedRowForAppend}, through
 * {@link org.jams.query.audit.IndexedEventInsert}), which spares
 * the read models' first write a round trip of its own; the handlers take it themselves only in a transaction whose
 * append did not.
 */
public final class ReadModelSwitchLock {

    /** "JAMSRMSW". */
    static final long KEY = 0x4A414D53524D5357L;

    private static final String TAKEN = ReadModelSwitchLock.class.getName() + ".taken";

    private ReadModelSwitchLock() {
    }

    /**
     * The shared lock as a one-row subquery, for the statement that appends the current unit of work's events to
     * select its values from: the lock is then held before the in-append read models are written, as they are after
     * the append in the same transaction, and the unit of work is noted as holding it, so that its handlers do not
     * take it again. The store's table is never switched, so locking it before the lock is granted cannot meet a
     * switch.
     */
    public static String sharedRowForAppend() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.root().resources().put(TAKEN, Boolean.TRUE));
        return "(SELECT pg_advisory_xact_lock_shared(" + KEY + ")) AS switch_lock";
    }

    /** Takes the lock shared, once per appending transaction, before the handler's first write. */
    public static MessageHandlerInterceptor<EventMessage<?>> sharedByAppends(JdbcTemplate jdbc) {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                                 InterceptorChain interceptorChain) throws Exception {
                unitOfWork.root().getOrComputeResource(TAKEN, key -> {
                    jdbc.query("SELECT pg_advisory_xact_lock_shared(?)", rs -> {
                    }, KEY);
                    return Boolean.TRUE;
                });
                return interceptorChain.proceed();
            }
        };
    }

    /** Waits until no append holds the lock, then holds it on this connection's session until {@link #release}. */
    public static void acquireExclusive(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            lock.executeQuery().close();
        }
    }

    public static void release(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, KEY);
            unlock.executeQuery().close();
        }
    }
}
