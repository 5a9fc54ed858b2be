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

/** The processors that build the read models, and the event types each one handles. */
public final class Projections {

    private static final List<Class<?>> PROJECTIONS = List.of(SetupProjection.class, UserDirectoryProjection.class,
            DeviceProjection.class, RevokedCertificateProjection.class, AuditIndexProjection.class);

    public static final List<String> NAMES = PROJECTIONS.stream()
            .map(type -> type.getAnnotation(ProcessingGroup.class).value()).toList();

    /** Processor name → the event payload types (class names) its @EventHandler methods take. */
    public static final Map<String, Set<String>> HANDLED_TYPES = PROJECTIONS.stream().collect(Collectors.toMap(
            type -> type.getAnnotation(ProcessingGroup.class).value(), Projections::handledTypes));

    private Projections() {
    }

    public static List<String> handling(Set<String> payloadTypes) {
        // A handler of Object (the audit index) handles every event.
        return NAMES.stream().filter(name -> HANDLED_TYPES.get(name).contains(Object.class.getName())
                || HANDLED_TYPES.get(name).stream().anyMatch(payloadTypes::contains)).toList();
    }

    private static Set<String> handledTypes(Class<?> projection) {
        return Arrays.stream(projection.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes).filter(types -> types.length > 0)
                .map(types -> types[0].getName()).collect(Collectors.toUnmodifiableSet());
    }
}
