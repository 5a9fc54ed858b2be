package org.jams.query.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps appends and a rebuild's switch of the in-append read models ({@link ReadModels#IN_APPEND}) apart, on every
 * node: a transaction that writes those read models first takes this PostgreSQL advisory lock shared (held until it
 * commits); a rebuild takes it exclusively while it applies the last events and replaces the tables. So no append
 * writes a table that is being replaced, and every append is either in the rebuilt tables or written after the switch.
 */
public final class ReadModelSwitchLock {

    /** "JAMSRMSW". */
    static final long KEY = 0x4A414D53524D5357L;

    private static final String TAKEN = ReadModelSwitchLock.class.getName() + ".taken";

    private ReadModelSwitchLock() {
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
