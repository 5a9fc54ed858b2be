package org.jams.query.compatibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.issued;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;
import static org.jams.query.testing.SampleEvents.userRevoked;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.api.stored.EventJson;
import org.jams.api.stored.StoredTypes;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.command.audit.StoredEvent;
import org.jams.command.directory.UserAccount;
import org.jams.query.audit.AuditEventReader;
import org.jams.query.audit.asof.AsOfQueries;
import org.jams.query.audit.asof.UserAsOf;
import org.jams.query.audit.rebuild.OfflineRebuild;
import org.jams.query.audit.rebuild.RebuildStatus;
import org.jams.query.audit.trail.AuditEntries;
import org.jams.query.audit.trail.AuditEntry;
import org.jams.query.eventstore.StoredEventReader;
import org.jams.query.readmodel.ReadModels;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events stored by earlier versions under the class names their types had then must read as today's classes
 * everywhere events are read: Axon's event store (aggregates and processors), the stored-row reader, audit trails,
 * state as of a moment and rebuilds.
 *
 * <p>Two databases hold the same history: {@code legacy} as an earlier server wrote it (rows inserted with SQL, the
 * moved classes under their old names), {@code today} as this server writes it (appended through Axon's JDBC storage
 * engine). Whatever reads them must make the same of both. Tests only read, but for the rebuild, which writes the read
 * model tables no other test reads.
 */
class StoredEventsUpcastTest {

    /** Where earlier versions stored the events whose classes have moved since. */
    private static final Map<Class<?>, String> OLD_NAMES = Map.of(
            UserRegisteredEvent.class, "org.jams.api.user.UserEvents$UserRegisteredEvent",
            UserRevokedEvent.class, "org.jams.api.user.UserEvents$UserRevokedEvent",
            DeviceCertificateIssuedEvent.class, "org.jams.api.device.DeviceEvents$DeviceCertificateIssuedEvent",
            DeviceRevokedEvent.class, "org.jams.api.device.DeviceEvents$DeviceRevokedEvent");
    private static final ObjectMapper JSON = EventJson.mapper();

    /**
     * alice registers, enrols her phone, re-enrols it, enrols her laptop, syncs contacts (a class that never moved),
     * loses her phone; bob registers; alice is revoked (her laptop first, then her account).
     */
    private static final List<DomainEventMessage<?>> HISTORY = List.of(
            event("alice", 0, registered("alice", "Alice"), 1),
            event("alice", 1, issued("alice", "phone", "phone", "0a01", minutes(2)), 2),
            event("alice", 2, issued("alice", "phone", "phone", "0a02", minutes(3)), 3),
            event("alice", 3, issued("alice", "laptop", "laptop", "0b01", minutes(4)), 4),
            event("alice", 4, new ContactsSyncedEvent("alice", deviceId("phone"), 0, List.of()), 5),
            event("alice", 5, deviceRevoked("alice", "phone", List.of("0a01", "0a02"), "lost", minutes(6)), 6),
            event("bob", 0, registered("bob", "Bob"), 7),
            event("alice", 6, deviceRevoked("alice", "laptop", List.of("0b01"), "left", minutes(8)), 8),
            event("alice", 7, userRevoked(registered("alice", "Alice"), "left", minutes(8)), 8));

    private static MigratedDatabase legacy;
    private static MigratedDatabase today;

    @BeforeAll
    static void storeTheHistoryTwice() throws JsonProcessingException {
        legacy = MigratedDatabase.create();
        for (DomainEventMessage<?> event : HISTORY) {
            insertAsAnEarlierVersionDid(event);
        }
        today = MigratedDatabase.create();
        today.storageEngine(StoredTypes.upcasters()).appendEvents(new ArrayList<EventMessage<?>>(HISTORY));
    }

    @AfterAll
    static void drop() {
        legacy.close();
        today.close();
    }

    private static DomainEventMessage<?> event(String username, long sequence, Object payload, int minute) {
        return new GenericDomainEventMessage<>(ProjectionFeed.USER_AGGREGATE, username, sequence, payload,
                MetaData.with("actor", "admin:root").and("sourceAddress", "192.0.2.1"),
                UUID.randomUUID().toString(), minutes(minute).plusMillis(sequence));
    }

    /** The row an earlier server stored: its class's name then, revision "1", today's JSON (it did not change). */
    private static void insertAsAnEarlierVersionDid(DomainEventMessage<?> event) throws JsonProcessingException {
        legacy.jdbc.update("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                          metadata, payload, payloadrevision, payloadtype, timestamp)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                event.getAggregateIdentifier(), event.getSequenceNumber(), event.getType(), event.getIdentifier(),
                JSON.writeValueAsBytes(event.getMetaData()), JSON.writeValueAsBytes(event.getPayload()), "1",
                OLD_NAMES.getOrDefault(event.getPayloadType(), event.getPayloadType().getName()),
                DateTimeUtils.formatInstant(event.getTimestamp()));
    }

    private static List<StoredEvent> rows(MigratedDatabase database) {
        return database.jdbc.query(StoredEventReader.SELECT + " ORDER BY globalindex",
                (rs, i) -> StoredEventReader.row(rs, 1));
    }

    private static List<Object> payloads() {
        return HISTORY.stream().<Object>map(EventMessage::getPayload).toList();
    }

    private static List<Object> payloadsOf(String username) {
        return HISTORY.stream().filter(event -> event.getAggregateIdentifier().equals(username))
                .<Object>map(EventMessage::getPayload).toList();
    }

    private static TrackingToken tokenAt(StoredEvent row) {
        return GapAwareTrackingToken.newInstance(row.globalIndex(), List.of());
    }

    @Test
    void theLegacyRowsDifferFromWhatTodaysStoreWritesOnlyInTheNamesOfTheMovedClasses() throws IOException {
        List<StoredEvent> old = rows(legacy);
        List<StoredEvent> now = rows(today);
        assertThat(old).hasSameSizeAs(HISTORY).hasSameSizeAs(now);
        for (int i = 0; i < old.size(); i++) {
            StoredEvent was = old.get(i);
            StoredEvent is = now.get(i);
            assertThat(was).usingRecursiveComparison().ignoringFields("payloadType", "metadata").isEqualTo(is);
            assertThat(JSON.readTree(was.metadata())).isEqualTo(JSON.readTree(is.metadata()));
            Class<?> type = HISTORY.get(i).getPayloadType();
            assertThat(is.payloadType()).isEqualTo(type.getName());
            assertThat(was.payloadType()).isEqualTo(OLD_NAMES.getOrDefault(type, type.getName()));
        }
        assertThat(old).extracting(StoredEvent::payloadType).containsAll(OLD_NAMES.values());
    }

    @Test
    void axonsEventStoreReadsTheLegacyRowsAsTodaysClasses() {
        // As the server configures it (AxonJdbcConfiguration), with its aggregates' former names.
        EventStorageEngine store = legacy.storageEngine(StoredTypes.upcasters(UserAccount.FORMER_NAMES));

        // an aggregate loading its stream
        assertThat(store.readEvents("alice").asStream().<Object>map(EventMessage::getPayload).toList())
                .isEqualTo(payloadsOf("alice"));
        assertThat(store.readEvents("bob").asStream().<Object>map(EventMessage::getPayload).toList())
                .isEqualTo(payloadsOf("bob"));
        // a tracking processor reading from the start
        assertThat(store.readEvents((TrackingToken) null, false).<Object>map(EventMessage::getPayload).toList())
                .isEqualTo(payloads());
    }

    @Test
    void withoutTheUpcasterChainTheLegacyRowsWouldNotLoadAsTodaysClasses() {
        EventStorageEngine store = legacy.storageEngineWithoutUpcasters();
        List<Object> loaded = store.readEvents("alice").asStream().<Object>map(EventMessage::getPayload).toList();
        assertThat(loaded).hasSize(8).filteredOn(payload -> !(payload instanceof UnknownSerializedType))
                .as("only the class that never moved").containsExactly(HISTORY.get(4).getPayload());

        StoredEventReader reader = new StoredEventReader(EventJson.eventSerializer(), NoOpEventUpcaster.INSTANCE);
        List<StoredEvent> rows = rows(legacy);
        assertThat(reader.messages(rows, StoredEventsUpcastTest::tokenAt).stream()
                .<Object>map(EventMessage::getPayload)).containsExactly(HISTORY.get(4).getPayload());
        assertThat(reader.payload(rows.get(0))).isInstanceOf(UnknownSerializedType.class);
    }

    @Test
    void theStoredRowReaderReadsTheLegacyRowsAsTodaysClasses() {
        StoredEventReader reader = new StoredEventReader(EventJson.eventSerializer());
        List<StoredEvent> rows = rows(legacy);

        assertThat(reader.messages(rows, StoredEventsUpcastTest::tokenAt)).extracting(EventMessage::getPayload)
                .isEqualTo(payloads());
        assertThat(reader.messages(rows, StoredEventsUpcastTest::tokenAt))
                .extracting(message -> message.trackingToken().position().orElseThrow())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(rows.stream().map(reader::payload).toList()).isEqualTo(payloads());
    }

    @Test
    void auditTrailsShowTheLegacyRowsAsTheyShowTodaysOnes() {
        AuditEntries entries = new AuditEntries(EventJson.eventSerializer());
        List<StoredEvent> old = rows(legacy);
        List<StoredEvent> now = rows(today);

        assertThat(old.stream().map(entries::payload).toList()).isEqualTo(payloads());
        assertThat(entries.entries(old)).isEqualTo(entries.entries(now));
        AuditEntry registration = entries.entry(old.get(0));
        assertThat(registration.type()).isEqualTo("UserRegisteredEvent");
        assertThat(registration.actor()).isEqualTo("admin:root");
        assertThat(registration.data().get("username").asText()).isEqualTo("alice");
        assertThat(registration.data().get("passwordHash").asText()).isEqualTo(AuditEntries.REDACTED);
        assertThat(entries.entry(old.get(8)).type()).isEqualTo("UserRevokedEvent");
    }

    @Test
    void aUserStoredUnderTheOldNamesFoldsAsOfAnyMomentAsOneStoredUnderTheNewNames() {
        for (Instant at : List.of(minutes(0), minutes(3), minutes(5), minutes(7), minutes(9))) {
            assertThat(userAt(legacy, "alice", at)).as("alice at %s", at).isEqualTo(userAt(today, "alice", at));
            assertThat(userAt(legacy, "bob", at)).as("bob at %s", at).isEqualTo(userAt(today, "bob", at));
        }
        // and not because both are empty
        assertThat(userAt(legacy, "carol", minutes(9))).as("never registered").isEmpty();
        assertThat(userAt(legacy, "alice", minutes(0))).get().satisfies(alice -> {
            assertThat(alice.status()).isEqualTo("NOT_REGISTERED");
            assertThat(alice.devices()).extracting(UserAsOf.Device::status).containsOnly("NOT_YET_ENROLLED");
        });
        assertThat(userAt(legacy, "alice", minutes(5))).get().satisfies(alice -> {
            assertThat(alice.status()).isEqualTo("ACTIVE");
            assertThat(alice.jamiId()).isEqualTo(registered("alice", "Alice").jamiId());
            assertThat(alice.devices()).extracting(UserAsOf.Device::serials)
                    .containsExactly(List.of("0a01", "0a02"), List.of("0b01"));
            assertThat(alice.validDevices()).containsExactly(deviceId("phone"), deviceId("laptop"));
        });
        assertThat(userAt(legacy, "alice", minutes(9))).get().satisfies(alice -> {
            assertThat(alice.status()).isEqualTo("REVOKED");
            assertThat(alice.devices()).extracting(UserAsOf.Device::status).containsOnly("REVOKED");
            assertThat(alice.eventsFolded()).as("the sync is not read").isEqualTo(7);
        });
        assertThat(userAt(legacy, "bob", minutes(9))).get().extracting(UserAsOf::status).isEqualTo("ACTIVE");
    }

    private static Optional<UserAsOf> userAt(MigratedDatabase database, String username, Instant at) {
        // As the CLI does: the user's state needs neither the read models nor any key.
        AsOfQueries queries = new AsOfQueries(new AuditEventReader(database.jdbc),
                new AuditEntries(EventJson.eventSerializer()), null, null, null);
        return queries.userAt(username, at);
    }

    @Test
    void aRebuildFromTheLegacyRowsBuildsTheReadModelsTodaysRowsBuild() throws Exception {
        RebuildStatus fromLegacy = rebuild(legacy);
        RebuildStatus fromToday = rebuild(today);
        assertThat(fromLegacy.state()).as(fromLegacy.error()).isEqualTo("DONE");
        assertThat(fromToday.state()).as(fromToday.error()).isEqualTo("DONE");

        for (String table : ReadModels.all().stream().flatMap(model -> model.tables().stream()).toList()) {
            assertThat(contents(legacy, table)).as(table).isEqualTo(contents(today, table));
        }
        // and not because both are empty
        assertThat(legacy.jdbc.queryForList("SELECT username || ' ' || status FROM users ORDER BY username",
                String.class)).containsExactly("alice REVOKED", "bob ACTIVE");
        assertThat(legacy.jdbc.queryForList("SELECT serial || ' ' || status FROM devices ORDER BY serial",
                String.class)).containsExactly("0a02 REVOKED", "0b01 REVOKED");
        assertThat(legacy.jdbc.queryForList("SELECT kind FROM revoked_certificates ORDER BY kind, serial",
                String.class)).containsExactly("ACCOUNT", "DEVICE", "DEVICE", "DEVICE");
        assertThat(legacy.jdbc.queryForList("SELECT type FROM audit_index ORDER BY globalindex", String.class))
                .containsExactly("UserRegisteredEvent", "DeviceCertificateIssuedEvent",
                        "DeviceCertificateIssuedEvent", "DeviceCertificateIssuedEvent", "ContactsSyncedEvent",
                        "DeviceRevokedEvent", "UserRegisteredEvent", "DeviceRevokedEvent", "UserRevokedEvent");
    }

    private static RebuildStatus rebuild(MigratedDatabase database) throws Exception {
        try (Connection connection = database.dataSource.getConnection();
             Connection reader = database.dataSource.getConnection()) {
            return OfflineRebuild.run(connection, reader, ReadModels.ALL, status -> {
            });
        }
    }

    /** A table's rows, SQL arrays as lists (they compare by content then). */
    private static List<Map<String, Object>> contents(MigratedDatabase database, String table) {
        List<Map<String, Object>> rows = database.jdbc.queryForList("SELECT * FROM " + table + " ORDER BY 1, 2");
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                if (column.getValue() instanceof byte[] bytes) {
                    column.setValue(java.util.HexFormat.of().formatHex(bytes)); // arrays compare by identity
                } else if (column.getValue() instanceof java.sql.Array array) {
                    try {
                        column.setValue(List.of((Object[]) array.getArray()));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return rows;
    }
}
