package org.jams.query.readmodel;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.audit.IndexedEventInsert;
import org.jams.query.directory.UserDirectoryProjection;
import org.jams.query.enrollment.DeviceProjection;
import org.jams.query.policy.PolicyProjection;
import org.jams.query.revocation.RevokedCertificateProjection;
import org.jams.query.setup.SetupProjection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every read model, declared once: its projection and processor, how the processor runs, the tables it alone writes
 * (created by the migrations) and how a rebuild builds it. The event processors, read-your-writes and the rebuild all
 * derive what they need from here.
 *
 * <p>The device list and the audit index are written by every device-facing request (enrollments, logins, syncs):
 * they are updated in the transaction that appends their events, so a request's answer already shows its change on
 * every node, with no commit, position or wait of their own; the audit index, an index of the store itself, by the
 * very statement that stores the event ({@link IndexedEventInsert}). The other read models change on admin actions
 * only; their processors track the store and claim their segments through the token store, and a command waits for
 * them ({@link ReadModelCatchUp}).
 */
public final class ReadModels {

    /** How a read model's processor runs. */
    public enum Mode {
        /** In the appending transaction (an Axon subscribing processor). */
        IN_APPEND,
        /** In the statement that stores the event ({@link IndexedEventInsert}); its projection only replays. */
        IN_EVENT_INSERT,
        /** From its own position in the store, claimed through the token store (an Axon tracking processor). */
        TRACKING
    }

    /**
     * @param handledTypes the event payload types (class names) its @EventHandler methods take
     * @param forReplay    builds the projection writing through a JdbcTemplate, fed by the rebuild (which gives every
     *                     event a token at its own global index)
     */
    public record ReadModel(String processor, Class<?> projection, Mode mode, List<String> tables,
                            Set<String> handledTypes, Function<JdbcTemplate, Object> forReplay) {

        public boolean handlesEveryEvent() {
            return handledTypes.contains(Object.class.getName());
        }

        public boolean handles(String payloadType) {
            return handlesEveryEvent() || handledTypes.contains(payloadType);
        }
    }

    /** What a rebuild of every read model is called. */
    public static final String ALL = "all";

    private static final List<ReadModel> MODELS = List.of(
            model(SetupProjection.class, Mode.TRACKING, List.of("admin_account", "auditor_account", "organisation_ca",
                    "directory_config", "server_settings"), SetupProjection::new),
            model(UserDirectoryProjection.class, Mode.TRACKING, List.of("users"), UserDirectoryProjection::new),
            model(DeviceProjection.class, Mode.IN_APPEND, List.of("devices", "issued_certificates"),
                    DeviceProjection::new),
            model(RevokedCertificateProjection.class, Mode.TRACKING, List.of("revoked_certificates",
                    "revocation_issuers", "crl_publications"), RevokedCertificateProjection::new),
            model(AuditIndexProjection.class, Mode.IN_EVENT_INSERT, List.of("audit_index"),
                    AuditIndexProjection::forReplay),
            model(PolicyProjection.class, Mode.TRACKING, List.of("policy_groups", "policy_group_members",
                    "policy_blueprint_versions", "policy_attachments", "policy_default_blueprint"),
                    PolicyProjection::new));

    private static final Map<String, ReadModel> BY_PROCESSOR = MODELS.stream().collect(Collectors.toMap(
            ReadModel::processor, model -> model, (a, b) -> {
                throw new IllegalStateException("Two read models share the processor " + a.processor());
            }, LinkedHashMap::new));

    /** Every processor name, in declaration order. */
    public static final List<String> NAMES = List.copyOf(BY_PROCESSOR.keySet());

    /**
     * Read models written in the appending transaction, by a subscribing processor or by the insert itself: a rebuild
     * switches them under the {@link ReadModelSwitchLock}.
     */
    public static final Set<String> IN_APPEND = MODELS.stream().filter(model -> model.mode() != Mode.TRACKING)
            .map(ReadModel::processor).collect(Collectors.toUnmodifiableSet());

    /** Processors run in the appending transaction, after the insert (Axon subscribing processors). */
    public static final Set<String> SUBSCRIBING = MODELS.stream().filter(model -> model.mode() == Mode.IN_APPEND)
            .map(ReadModel::processor).collect(Collectors.toUnmodifiableSet());

    /** Processors that track the event store from their own position. */
    public static final List<String> TRACKING = MODELS.stream().filter(model -> model.mode() == Mode.TRACKING)
            .map(ReadModel::processor).toList();

    private ReadModels() {
    }

    public static List<ReadModel> all() {
        return MODELS;
    }

    public static ReadModel named(String processor) {
        ReadModel model = BY_PROCESSOR.get(processor);
        if (model == null) {
            throw new IllegalArgumentException("Unknown projection '" + processor + "': one of " + NAMES + " or "
                    + ALL + ".");
        }
        return model;
    }

    /** {@code all} (or nothing) or one processor name; IllegalArgumentException for anything else. */
    public static List<ReadModel> select(String projection) {
        if (projection == null || projection.isBlank() || ALL.equals(projection)) {
            return MODELS;
        }
        return List.of(named(projection));
    }

    /** The tracking processors that handle any of these event types: those a command waits for. */
    public static List<String> trackingHandling(Set<String> payloadTypes) {
        return MODELS.stream().filter(model -> model.mode() == Mode.TRACKING)
                .filter(model -> model.handlesEveryEvent() || model.handledTypes().stream().anyMatch(payloadTypes::contains))
                .map(ReadModel::processor).toList();
    }

    private static ReadModel model(Class<?> projection, Mode mode, List<String> tables,
                                   Function<JdbcTemplate, Object> forReplay) {
        return new ReadModel(projection.getAnnotation(ProcessingGroup.class).value(), projection, mode, tables,
                handledTypes(projection), forReplay);
    }

    private static Set<String> handledTypes(Class<?> projection) {
        return Arrays.stream(projection.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes).filter(types -> types.length > 0)
                .map(types -> types[0].getName()).collect(Collectors.toUnmodifiableSet());
    }
}
