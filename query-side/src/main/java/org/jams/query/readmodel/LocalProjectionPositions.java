package org.jams.query.readmodel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The global index up to which each tracking projection has committed on this node, published the moment its batch
 * commits. Read-your-writes checks here first and only asks the shared token store when another node owns the
 * processor, which spares a database round trip per poll on the common path.
 */
@Configuration(proxyBeanMethods = false)
public class LocalProjectionPositions {

    /** Identifiers of the events each processor committed most recently, the newest last. */
    private static final int RECENT_EVENTS = 10_000;

    private final Map<String, TrackingToken> committed = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> recentEvents = new ConcurrentHashMap<>();
    private final Object signal = new Object();

    /**
     * Whether this node's processor has committed the event at this global index. Tokens, not bare positions: an
     * event that fills a gap (committed after a later one) carries the later event's position.
     */
    public boolean hasProcessed(String processor, long globalIndex) {
        TrackingToken token = committed.get(processor);
        return token != null && ReadModelCatchUp.hasProcessed(token, globalIndex);
    }

    /** Whether this node's processor committed the event recently (a cheap check for a command's own events). */
    public boolean committedRecently(String processor, String eventIdentifier) {
        Set<String> recent = recentEvents.get(processor);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            return recent.contains(eventIdentifier);
        }
    }

    /** Waits at most {@code millis} for any projection on this node to commit a batch. */
    public void awaitAnyCommit(long millis) throws InterruptedException {
        synchronized (signal) {
            signal.wait(millis);
        }
    }

    private static Set<String> newRecentSet() {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RECENT_EVENTS;
            }
        });
    }

    @Bean
    ConfigurerModule projectionPositionTracking() {
        return configurer -> ReadModels.TRACKING.forEach(name -> configurer.eventProcessing()
                .registerHandlerInterceptor(name, configuration -> tracker(name)));
    }

    private MessageHandlerInterceptor<EventMessage<?>> tracker(String processor) {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                                 InterceptorChain interceptorChain) throws Exception {
                if (unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked
                        && tracked.trackingToken() != null) {
                    unitOfWork.afterCommit(done -> advance(processor, tracked.trackingToken(), tracked.getIdentifier()));
                }
                return interceptorChain.proceed();
            }
        };
    }

    private void advance(String processor, TrackingToken token, String eventIdentifier) {
        // A processor handles its events in token order; keep whichever token covers the other. A replay's token
        // wraps its position, and tokens of different kinds cannot be compared: keep the position itself.
        TrackingToken position = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        if (position == null) {
            return;
        }
        committed.merge(processor, position, (known, next) -> next.covers(known) ? next : known);
        Set<String> recent = recentEvents.computeIfAbsent(processor, name -> newRecentSet());
        synchronized (recent) {
            recent.add(eventIdentifier);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
