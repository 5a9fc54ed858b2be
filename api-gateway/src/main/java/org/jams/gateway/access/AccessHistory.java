package org.jams.gateway.access;

import java.time.Instant;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.api.access.AccessEvents.AccountLockedEvent;
import org.jams.api.access.AccessEvents.AccountUnlockedEvent;
import org.jams.api.audit.AuditMetaData;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.LockHistory;
import org.jams.gateway.axon.Commands;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Records logins and refused attempts as events, with the caller's address and user agent as metadata. Blocking. */
@Component
public class AccessHistory implements LockHistory {

    private final EventGateway events;
    private final Commands commands;
    private final TransactionManager transactions;

    public AccessHistory(EventGateway events, Commands commands, TransactionManager transactions) {
        this.events = events;
        this.commands = commands;
        this.transactions = transactions;
    }

    public void record(Object event, Caller caller, ServerWebExchange exchange) {
        EventMessage<?> message = GenericEventMessage.asEventMessage(event)
                .andMetaData(commands.auditMetaData(caller, exchange));
        // No command caused it: the event is its own correlation and trace origin, as Axon's ids go.
        EventMessage<?> correlated = message.andMetaData(Map.of(AuditMetaData.CORRELATION_ID,
                message.getIdentifier(), AuditMetaData.TRACE_ID, message.getIdentifier()));
        // One transaction for the event and the read models updated with it (no command's unit of work gives one).
        transactions.executeInTransaction(() -> events.publish(correlated));
    }

    @Override
    public void locked(String username, int failedAttempts, Instant lockedUntil, ServerWebExchange exchange) {
        record(new AccountLockedEvent(username, failedAttempts, lockedUntil), null, exchange);
    }

    @Override
    public void unlocked(String username, String unlockedBy, Instant unlockedAt, Caller admin,
                         ServerWebExchange exchange) {
        record(new AccountUnlockedEvent(username, unlockedBy, unlockedAt), admin, exchange);
    }

    public void refused(String subject, String method, String reason, ServerWebExchange exchange) {
        record(new AccessRefusedEvent(subject == null ? "" : truncate(subject), method,
                exchange.getRequest().getPath().value(), reason), null, exchange);
    }

    private static String truncate(String value) {
        return value.length() > 128 ? value.substring(0, 128) : value;
    }
}
