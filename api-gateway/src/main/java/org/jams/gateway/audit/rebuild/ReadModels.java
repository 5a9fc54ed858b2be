package org.jams.gateway.audit.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.config.ProcessingGroup;
import org.jams.gateway.axon.Projections;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.devices.DeviceProjection;
import org.jams.query.revocations.RevokedCertificateProjection;
import org.jams.query.setup.SetupProjection;
import org.jams.query.users.UserDirectoryProjection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models a rebuild can rebuild: each projection processor (as named in {@link Projections}), its class, how
 * a rebuild builds it on a JdbcTemplate, and the tables it alone writes.
 */
final class ReadModels {

    /**
     * @param forReplay builds the projection writing through a JdbcTemplate, fed by the rebuild (which gives every
     *                  event a token at its own global index)
     */
    record ReadModel(String processor, Class<?> projection, List<String> tables, Set<String> handledTypes,
                     Function<JdbcTemplate, Object> forReplay) {

        boolean handlesEveryEvent() {
            return handledTypes.contains(Object.class.getName());
        }

        boolean handles(String payloadType) {
            return handlesEveryEvent() || handledTypes.contains(payloadType);
        }
    }

    static final String ALL = "all";

    /** Each projection's tables and how a rebuild builds it. */
    private record Replay(List<String> tables, Function<JdbcTemplate, Object> build) {
    }

    private static final Map<Class<?>, Replay> REPLAYS = Map.of(
            SetupProjection.class, new Replay(List.of("admin_account", "auditor_account", "organisation_ca",
                    "directory_config", "server_settings"), SetupProjection::new),
            UserDirectoryProjection.class, new Replay(List.of("users"), UserDirectoryProjection::new),
            DeviceProjection.class, new Replay(List.of("devices"), DeviceProjection::new),
            RevokedCertificateProjection.class, new Replay(List.of("revoked_certificates"),
                    RevokedCertificateProjection::new),
            AuditIndexProjection.class, new Replay(List.of("audit_index"), AuditIndexProjection::forReplay));

    static final Map<String, ReadModel> BY_PROCESSOR = byProcessor();

    private ReadModels() {
    }

    /** {@code all} or one processor name; IllegalArgumentException for anything else. */
    static List<ReadModel> select(String projection) {
        if (projection == null || projection.isBlank() || ALL.equals(projection)) {
            return List.copyOf(BY_PROCESSOR.values());
        }
        ReadModel model = BY_PROCESSOR.get(projection);
        if (model == null) {
            throw new IllegalArgumentException("Unknown projection '" + projection + "': one of " + names()
                    + " or all.");
        }
        return List.of(model);
    }

    static List<String> names() {
        return List.copyOf(BY_PROCESSOR.keySet());
    }

    private static Map<String, ReadModel> byProcessor() {
        Map<String, ReadModel> models = new LinkedHashMap<>();
        for (Map.Entry<Class<?>, Replay> entry : REPLAYS.entrySet()) {
            String name = entry.getKey().getAnnotation(ProcessingGroup.class).value();
            models.put(name, new ReadModel(name, entry.getKey(), entry.getValue().tables(),
                    Projections.HANDLED_TYPES.get(name), entry.getValue().build()));
        }
        if (!models.keySet().equals(Set.copyOf(Projections.NAMES))) {
            throw new IllegalStateException("The rebuild knows the tables of " + models.keySet()
                    + " but the projections are " + Projections.NAMES + ": declare the new projection's tables.");
        }
        Map<String, ReadModel> ordered = new LinkedHashMap<>();
        Projections.NAMES.forEach(name -> ordered.put(name, models.get(name)));
        return ordered;
    }
}
