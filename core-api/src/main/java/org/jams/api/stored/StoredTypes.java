package org.jams.api.stored;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;

/**
 * The names under which earlier versions stored events, and the upcaster chain that reads them as today's classes.
 * Rows are never rewritten (they are signed and chained as stored): every reader of stored events applies
 * {@link #upcasters()}, Axon's event store as well as trails, as-of state and rebuilds.
 */
public final class StoredTypes {

    /**
     * Stored class name → today's, for classes that moved without changing their JSON or revision. A class that
     * changes its JSON gets a new revision and an upcaster of its own in {@link #upcasters()}.
     */
    static final Map<String, String> RENAMED = Map.of(
            "org.jams.api.user.UserEvents$UserRegisteredEvent", UserRegisteredEvent.class.getName(),
            "org.jams.api.user.UserEvents$UserRevokedEvent", UserRevokedEvent.class.getName(),
            "org.jams.api.device.DeviceEvents$DeviceCertificateIssuedEvent",
            DeviceCertificateIssuedEvent.class.getName(),
            "org.jams.api.device.DeviceEvents$DeviceRevokedEvent", DeviceRevokedEvent.class.getName());

    private static final EventUpcaster CHAIN = new EventUpcasterChain(new Renames(RENAMED));

    private StoredTypes() {
    }

    /** The upcasters of the events, in the order they apply. */
    public static EventUpcaster upcasters() {
        return CHAIN;
    }

    /**
     * The event upcasters, then renames of other stored classes (stored name → today's): an aggregate's snapshots
     * are stored under its class name, which the side that declares it knows.
     */
    public static EventUpcaster upcasters(Map<String, String> renamedAggregates) {
        return new EventUpcasterChain(CHAIN, new Renames(Map.copyOf(renamedAggregates)));
    }

    /** Today's name of a stored payload type (the name itself when it never moved). */
    public static String current(String storedType) {
        return RENAMED.getOrDefault(storedType, storedType);
    }

    /** Every name events of this class may be stored under: to select them in SQL before upcasting. */
    public static Set<String> storedNames(Class<?> type) {
        Set<String> names = new TreeSet<>();
        names.add(type.getName());
        RENAMED.forEach((stored, current) -> {
            if (current.equals(type.getName())) {
                names.add(stored);
            }
        });
        return names;
    }

    /** Gives a moved class's rows its new name; the JSON and the revision stay as stored. */
    private static final class Renames extends SingleEventUpcaster {
        private final Map<String, String> renamed;

        Renames(Map<String, String> renamed) {
            this.renamed = renamed;
        }

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return renamed.containsKey(representation.getType().getName());
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            String renamed = this.renamed.get(representation.getType().getName());
            return representation.upcastPayload(
                    new SimpleSerializedType(renamed, representation.getType().getRevision()),
                    byte[].class, json -> json);
        }
    }
}
