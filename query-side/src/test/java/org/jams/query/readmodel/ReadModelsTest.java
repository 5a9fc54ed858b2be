package org.jams.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.enrollment.DeviceProjection;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.jams.query.testing.EventTypes;
import org.jams.query.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry of read models agrees with the migrations, with the projections and with how Axon routes events. */
class ReadModelsTest {

    /** Tables the migrations create that no projection writes: they are not rebuilt from events. */
    private static final Set<String> NOT_READ_MODELS = Set.of(
            // V1: Axon's event store (the system of record), token store and saga store
            "domainevententry", "snapshotevententry", "tokenentry", "sagaentry", "associationvalueentry",
            // V3: sealed account keys and access tokens, operational state that is not history
            "account_key", "access_token",
            // V5: the tamper-evidence chain over the event store and its signed checkpoints
            "audit_chain", "audit_checkpoint",
            // V9: failed password attempts, counted for every node; locks are also events, counts are not
            "password_guessing",
            // V10: when the directory synchronisation last ran, for every node
            "directory_sync_run",
            // Flyway's own
            "flyway_schema_history");

    private static MigratedDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void everyTableAReadModelDeclaresExistsAfterMigrating() {
        assertThat(database.tables()).containsAll(declaredTables());
    }

    @Test
    void everyMigratedTableBelongsToExactlyOneReadModelOrIsKnownNotToBeOne() {
        List<String> declared = declaredTables();
        assertThat(declared).as("a table written by two read models").doesNotHaveDuplicates();
        assertThat(declared).as("declared both ways").doesNotContainAnyElementsOf(NOT_READ_MODELS);
        Set<String> accountedFor = new HashSet<>(declared);
        accountedFor.addAll(NOT_READ_MODELS);
        assertThat(database.tables()).as("every table of the schema, and only those")
                .containsExactlyInAnyOrderElementsOf(accountedFor);
    }

    @Test
    void eachProcessorIsNamedAsItsProjectionsProcessingGroup() throws ReflectiveOperationException {
        for (ReadModel model : ReadModels.all()) {
            ProcessingGroup group = model.projection().getAnnotation(ProcessingGroup.class);
            assertThat(group).as("%s has a processing group", model.projection()).isNotNull();
            assertThat(model.processor()).isEqualTo(group.value())
                    .isEqualTo(model.projection().getField("NAME").get(null));
            assertThat(ReadModels.named(model.processor())).isSameAs(model);
        }
    }

    @Test
    void theInAppendAndTrackingProcessorsPartitionAllProcessors() {
        assertThat(ReadModels.IN_APPEND).doesNotContainAnyElementsOf(ReadModels.TRACKING);
        Set<String> union = new HashSet<>(ReadModels.IN_APPEND);
        union.addAll(ReadModels.TRACKING);
        assertThat(union).containsExactlyInAnyOrderElementsOf(ReadModels.NAMES);
        assertThat(ReadModels.NAMES).doesNotHaveDuplicates().hasSize(ReadModels.all().size());
    }

    @Test
    void theAuditIndexIsInAppendButNoSubscribingProcessor() {
        // The statement that stores an event writes its row (IndexedEventInsert); a processor would write it twice.
        assertThat(ReadModels.IN_APPEND).containsExactlyInAnyOrder(DeviceProjection.NAME, AuditIndexProjection.NAME);
        assertThat(ReadModels.SUBSCRIBING).containsExactly(DeviceProjection.NAME);
        assertThat(ReadModels.named(AuditIndexProjection.NAME).mode()).isEqualTo(ReadModels.Mode.IN_EVENT_INSERT);
    }

    @Test
    void theInAppendProcessorsAreThoseWhoseTrackingTokensTheMigrationsDropped() throws IOException {
        // V6 moved processors into the appending transaction and deleted their tokens: a processor added to
        // IN_APPEND later needs the same.
        String v6;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("db/migration/V6__in_append_projections.sql")) {
            v6 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher names = Pattern.compile("processorname IN \\(([^)]*)\\)").matcher(v6);
        assertThat(names.find()).isTrue();
        Set<String> dropped = Arrays.stream(names.group(1).split(","))
                .map(name -> name.trim().replace("'", "")).collect(Collectors.toSet());
        assertThat(ReadModels.IN_APPEND).containsExactlyInAnyOrderElementsOf(dropped);
    }

    @Test
    void trackingHandlingNamesOnlyTrackingProcessorsThatHandleTheTypes() {
        assertThat(tracking(UserRevokedEvent.class)).containsExactly("users-projection", "revocations-projection");
        assertThat(tracking(DeviceRevokedEvent.class)).as("the device list is in-append")
                .containsExactly("revocations-projection");
        assertThat(tracking(DeviceCertificateIssuedEvent.class)).as("only in-append readers").isEmpty();
        assertThat(tracking(AdminAccountCreatedEvent.class)).containsExactly("setup-projection");
        assertThat(tracking(ContactsSyncedEvent.class)).as("no read model but the audit index").isEmpty();
        assertThat(ReadModels.trackingHandling(Set.of(UserRegisteredEvent.class.getName(),
                ServerSettingsChangedEvent.class.getName())))
                .as("in declaration order").containsExactly("setup-projection", "users-projection");
        assertThat(ReadModels.trackingHandling(Set.of("org.example.NotAnEvent"))).isEmpty();
    }

    @Test
    void whatAReadModelSaysItHandlesIsWhatAxonWouldGiveItForEveryEventType() {
        for (ReadModel model : ReadModels.all()) {
            AnnotationEventHandlerAdapter axon = new AnnotationEventHandlerAdapter(model.forReplay().apply(null));
            for (Class<?> type : EventTypes.all()) {
                boolean routed = axon.canHandle(GenericEventMessage.asEventMessage(EventTypes.blank(type)));
                assertThat(model.handles(type.getName())).as("%s handles %s", model.processor(), type.getName())
                        .isEqualTo(routed);
                assertThat(ReadModels.trackingHandling(Set.of(type.getName())).contains(model.processor()))
                        .as("%s is waited for after %s", model.processor(), type.getSimpleName())
                        .isEqualTo(routed && model.mode() == ReadModels.Mode.TRACKING);
            }
        }
        assertThat(EventTypes.all()).as("the event types were found").contains(UserRegisteredEvent.class,
                ContactsSyncedEvent.class);
    }

    @Test
    void aRebuildSelectsAllOrOneReadModelAndRefusesAnUnknownName() {
        assertThat(ReadModels.select(null)).isEqualTo(ReadModels.all());
        assertThat(ReadModels.select(" ")).isEqualTo(ReadModels.all());
        assertThat(ReadModels.select(ReadModels.ALL)).isEqualTo(ReadModels.all());
        assertThat(ReadModels.select("users-projection")).extracting(ReadModel::processor)
                .containsExactly("users-projection");
        assertThatThrownBy(() -> ReadModels.select("user-projection")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("users-projection");
    }

    private static List<String> declaredTables() {
        return ReadModels.all().stream().flatMap(model -> model.tables().stream()).toList();
    }

    private static List<String> tracking(Class<?> type) {
        return ReadModels.trackingHandling(Set.of(type.getName()));
    }
}
