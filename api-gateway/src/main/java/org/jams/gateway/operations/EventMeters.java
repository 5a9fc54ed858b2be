package org.jams.gateway.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.api.access.AccessEvents.PasswordLoginSucceededEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.gateway.axon.LocalCommits;
import org.jams.gateway.enrollment.EnrollmentController;
import org.springframework.stereotype.Component;

/**
 * Counts what the events stored through this node say happened: enrollments, logins, refusals, revocations and
 * appends. Counted from the events once committed (not in the controllers), so every path that stores one counts it
 * and a rolled-back append counts nothing; counting never touches the append ({@link LocalCommits#observe}). Each
 * node counts its own appends; Prometheus sums the nodes.
 */
@Component
public class EventMeters {

    /** Refusal reasons are codes from the code; anything else, or more of them than this, is counted as "other". */
    private static final int MAX_REASONS = 32;
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Counter appends;
    private final Counter enrollmentsIssued;
    private final Counter enrollmentsRefused;
    private final Counter certificateLogins;
    private final Counter passwordLogins;
    private final Counter deviceRevocations;
    private final Counter userRevocations;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public EventMeters(MeterRegistry registry, EventStore eventStore) {
        this.registry = registry;
        appends = Counter.builder("jams.eventstore.appends")
                .description("Events appended to the event store through this node").register(registry);
        enrollmentsIssued = enrollments("issued");
        enrollmentsRefused = enrollments("refused");
        certificateLogins = logins("certificate");
        passwordLogins = logins("password");
        deviceRevocations = revocations("device");
        userRevocations = revocations("user");
        LocalCommits.observe(eventStore, this::count);
    }

    private void count(List<EventMessage<?>> events) {
        appends.increment(events.size());
        for (EventMessage<?> event : events) {
            Object payload = event.getPayload();
            if (payload instanceof DeviceCertificateIssuedEvent) {
                enrollmentsIssued.increment();
            } else if (payload instanceof DeviceLoggedInEvent) {
                certificateLogins.increment();
            } else if (payload instanceof PasswordLoginSucceededEvent) {
                passwordLogins.increment();
            } else if (payload instanceof DeviceRevokedEvent) {
                deviceRevocations.increment();
            } else if (payload instanceof UserRevokedEvent) {
                userRevocations.increment();
            } else if (payload instanceof AccessRefusedEvent refused) {
                refusal(refused.reason()).increment();
                if (EnrollmentController.ENROLLMENT_PATH.equals(refused.path())) {
                    enrollmentsRefused.increment();
                }
            }
        }
    }

    private Counter refusal(String reason) {
        String tag = reason != null && REASON.matcher(reason).matches() ? reason : OTHER;
        Counter known = refusals.get(tag);
        if (known != null) {
            return known;
        }
        synchronized (refusals) {
            String bounded = refusals.size() < MAX_REASONS ? tag : OTHER;
            return refusals.computeIfAbsent(bounded, code -> Counter.builder("jams.access.refusals")
                    .tag("reason", code)
                    .description("Refused sign-ins and enrollments, by the reason stored with the refusal")
                    .register(registry));
        }
    }

    private Counter enrollments(String outcome) {
        return Counter.builder("jams.enrollments").tag("outcome", outcome)
                .description("Device enrollments: certificates issued, and attempts refused").register(registry);
    }

    private Counter logins(String method) {
        return Counter.builder("jams.logins").tag("method", method)
                .description("Successful logins: devices by certificate, people by password").register(registry);
    }

    private Counter revocations(String kind) {
        return Counter.builder("jams.revocations").tag("kind", kind)
                .description("Certificates revoked: a device's, or a user's account").register(registry);
    }
}
