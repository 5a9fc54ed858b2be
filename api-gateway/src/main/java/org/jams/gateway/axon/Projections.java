package org.jams.gateway.axon;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.devices.DeviceProjection;
import org.jams.query.revocations.RevokedCertificateProjection;
import org.jams.query.setup.SetupProjection;
import org.jams.query.users.UserDirectoryProjection;

/**
 * The processors that build the read models, the event types each one handles, and how each runs.
 *
 * <p>The device list and the audit index are written by every device-facing request (enrollments, logins, syncs):
 * they are updated in the transaction that appends their events, so a request's answer already shows its change on
 * every node, with no commit, position or wait of their own. The other read models change on admin actions only; their
 * processors track the store and claim their segments through the token store, and a command waits for them
 * ({@link ReadModelCatchUp}).
 */
public final class Projections {

    private static final List<Class<?>> PROJECTIONS = List.of(SetupProjection.class, UserDirectoryProjection.class,
            DeviceProjection.class, RevokedCertificateProjection.class, AuditIndexProjection.class);

    public static final List<String> NAMES = PROJECTIONS.stream()
            .map(type -> type.getAnnotation(ProcessingGroup.class).value()).toList();

    /** Processors run in the appending transaction (Axon subscribing processors). */
    public static final Set<String> IN_APPEND = Set.of(DeviceProjection.NAME, AuditIndexProjection.NAME);

    /** Processors that track the event store from their own position (Axon tracking processors). */
    public static final List<String> TRACKING = NAMES.stream().filter(name -> !IN_APPEND.contains(name)).toList();

    /** Processor name → the event payload types (class names) its @EventHandler methods take. */
    public static final Map<String, Set<String>> HANDLED_TYPES = PROJECTIONS.stream().collect(Collectors.toMap(
            type -> type.getAnnotation(ProcessingGroup.class).value(), Projections::handledTypes));

    private Projections() {
    }

    /** The tracking processors that handle any of these event types: those a command waits for. */
    public static List<String> trackingHandling(Set<String> payloadTypes) {
        // A handler of Object handles every event.
        return TRACKING.stream().filter(name -> HANDLED_TYPES.get(name).contains(Object.class.getName())
                || HANDLED_TYPES.get(name).stream().anyMatch(payloadTypes::contains)).toList();
    }

    private static Set<String> handledTypes(Class<?> projection) {
        return Arrays.stream(projection.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes).filter(types -> types.length > 0)
                .map(types -> types[0].getName()).collect(Collectors.toUnmodifiableSet());
    }
}
