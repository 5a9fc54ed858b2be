package org.jams.query.audit;

import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Who an event is about, read generically from the event record's components, so that event types added later are
 * indexed without changing this class: {@code username} names a user (or an admin/auditor account), {@code deviceId}
 * a device; a stand-alone refusal's {@code subject} is a device id when it is 64 hex digits and a username otherwise.
 */
public final class AuditSubjects {

    /** The user and device an event concerns; either may be null. */
    public record Subjects(String username, String deviceId) {
    }

    static final int MAX_LENGTH = 64;
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private AuditSubjects() {
    }

    /**
     * @param aggregateType the aggregate type of a domain event ({@code UserAccount} events belong to the user named
     *                      by the aggregate identifier), or null for a stand-alone event
     */
    public static Subjects of(Object payload, String aggregateType, String aggregateIdentifier) {
        String username = null;
        String deviceId = null;
        String subject = null;
        if (payload != null && payload.getClass().isRecord()) {
            for (RecordComponent component : COMPONENTS.computeIfAbsent(payload.getClass(),
                    Class::getRecordComponents)) {
                if (component.getType() != String.class) {
                    continue;
                }
                switch (component.getName()) {
                    case "username" -> username = read(component, payload);
                    case "deviceId" -> deviceId = read(component, payload);
                    case "subject" -> subject = read(component, payload);
                    default -> {
                        // not about a user or a device
                    }
                }
            }
        }
        if (username == null && "UserAccount".equals(aggregateType)) {
            username = aggregateIdentifier;
        }
        if (subject != null) {
            String lower = subject.trim().toLowerCase(Locale.ROOT);
            if (DEVICE_ID.matcher(lower).matches()) {
                deviceId = deviceId == null ? lower : deviceId;
            } else if (username == null) {
                username = lower;
            }
        }
        return new Subjects(clean(username), clean(deviceId));
    }

    private static String read(RecordComponent component, Object payload) {
        try {
            return (String) component.getAccessor().invoke(payload);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        return trimmed.isEmpty() || trimmed.length() > MAX_LENGTH ? null : trimmed;
    }
}
