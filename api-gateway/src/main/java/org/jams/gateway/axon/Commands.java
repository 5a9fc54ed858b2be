package org.jams.gateway.axon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jams.api.audit.AuditMetaData;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.ClientAddress;
import org.jams.query.readmodel.AppendedEvent;
import org.jams.query.readmodel.ReadModelCatchUp;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends commands off the event loop with the caller's audit metadata (actor, method, source address, user agent),
 * which Axon copies onto every event the command produces.
 */
@Component
public class Commands {

    private static final int MAX_ATTEMPTS = 3;

    private final CommandGateway gateway;
    private final BlockingWork blocking;
    private final ReadModelCatchUp catchUp;
    private final AppendedEvents appendedEvents;
    private final ClientAddress clientAddress;

    public Commands(CommandGateway gateway, BlockingWork blocking, ReadModelCatchUp catchUp,
                    AppendedEvents appendedEvents, ClientAddress clientAddress) {
        this.appendedEvents = appendedEvents;
        this.clientAddress = clientAddress;
        this.gateway = gateway;
        this.blocking = blocking;
        this.catchUp = catchUp;
    }

    /** Sends the command and, once its events are stored, waits until the read models show them. */
    public <R> Mono<R> send(Object command, Caller caller, ServerWebExchange exchange) {
        MetaData metaData = auditMetaData(caller, exchange);
        return blocking.call(() -> sendAndWait(command, metaData));
    }

    /** Like {@link #send}, on a thread that may block (inside {@link BlockingWork}). */
    public <R> R sendFromBlockingThread(Object command, Caller caller, ServerWebExchange exchange) {
        return sendAndWait(command, auditMetaData(caller, exchange));
    }

    private <R> R sendAndWait(Object command, MetaData metaData) {
        R result;
        List<AppendedEvent> appended;
        try {
            result = sendWithRetry(command, metaData);
        } finally {
            appended = appendedEvents.stop();
        }
        catchUp.awaitEvents(appended);
        return result;
    }

    /**
     * Another node may append to the same user between our load and our append; the event store then refuses ours
     * (optimistic concurrency) and the command simply runs again on the new state.
     */
    private <R> R sendWithRetry(Object command, MetaData metaData) {
        for (int attempt = 1; ; attempt++) {
            appendedEvents.start(); // an attempt refused by the store appended nothing
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            } catch (ConcurrencyException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Sends a command the server decides on its own (a directory synchronisation): recorded with the caller as actor
     * and {@code origin} where a request would have its address and user agent. Blocking.
     */
    public <R> R sendFromServer(Object command, Caller caller, String origin) {
        return sendAndWait(command, auditMetaData(caller, "server", origin));
    }

    /** Like {@link #send} for commands without a result. */
    public Mono<Void> run(Object command, Caller caller, ServerWebExchange exchange) {
        return this.<Object>send(command, caller, exchange).then();
    }

    public MetaData auditMetaData(Caller caller, ServerWebExchange exchange) {
        String agent = exchange.getRequest().getHeaders().getFirst("User-Agent");
        return auditMetaData(caller, clientAddress.of(exchange),
                agent == null ? "" : agent.length() > 255 ? agent.substring(0, 255) : agent);
    }

    private static MetaData auditMetaData(Caller caller, String sourceAddress, String userAgent) {
        Map<String, Object> values = new HashMap<>();
        values.put(AuditMetaData.ACTOR, caller == null ? "anonymous" : caller.actor());
        values.put(AuditMetaData.AUTH_METHOD, caller == null ? "none" : caller.method());
        values.put(AuditMetaData.SOURCE_ADDRESS, sourceAddress);
        values.put(AuditMetaData.USER_AGENT, userAgent);
        return MetaData.from(values);
    }
}
