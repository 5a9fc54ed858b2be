package org.jams.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.issued;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.stored.EventJson;
import org.jams.api.stored.StoredTypes;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.command.audit.StoredEvent;
import org.jams.query.audit.AuditEventReader.AuditFilter;
import org.jams.query.eventstore.StoredEventReader;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit index on PostgreSQL: events appended through Axon's JDBC event store with the server's insert, which
 * indexes each event in the statement that stores it ({@link IndexedEventInsert}), then selected
 * through {@link AuditEventReader}.
 *
 * <p>The history, global indexes 1 to 9: alice registers (by admin:root), enrols her phone (by herself), her phone
 * logs in, a refused login of an unknown device, a refused password of "Bob", bob registers, alice's phone syncs
 * contacts, the admin account "root" is created, alice's phone is revoked. Times have sub-millisecond parts, which
 * the store does not keep.
 */
class AuditIndexReadModelTest {

    private static final String ALICE_ACTOR = "user:alice";

    private MigratedDatabase database;
    private JdbcEventStorageEngine store;
    private AuditEventReader reader;
    private final List<EventMessage<?>> history = new ArrayList<>();

    @BeforeEach
    void history() {
        database = MigratedDatabase.create();
        // As the server stores events, with no switch lock to take here.
        store = database.storageEngine(StoredTypes.upcasters(), new IndexedEventInsert(() -> "(SELECT 1) AS nothing"));
        reader = new AuditEventReader(database.jdbc);

        append(user("alice", 0, registered("alice", "Alice"), "admin:root", 1));
        append(user("alice", 1, issued("alice", "phone", "phone", "0a01", minutes(2)), ALICE_ACTOR, 2));
        append(plain(new DeviceLoggedInEvent("alice", deviceId("phone"), "0a01"), "device:phone", 3));
        append(plain(new AccessRefusedEvent(deviceId("stolen").toUpperCase(), "POST", "/api/login",
                "unknown_device"), null, 4));
        append(plain(new AccessRefusedEvent("Bob", "POST", "/api/login", "wrong_password"), null, 5));
        append(user("bob", 0, registered("bob", "Bob"), "admin:root", 6));
        append(user("alice", 2, new ContactsSyncedEvent("alice", deviceId("phone"), 0, List.of()), ALICE_ACTOR, 7));
        append(new GenericDomainEventMessage<>("ServerSetup", ServerSetupId.VALUE, 0,
                new AdminAccountCreatedEvent(ServerSetupId.VALUE, "root", "hash", minutes(8)),
                MetaData.with("actor", "setup"), UUID.randomUUID().toString(), at(8)));
        append(user("alice", 3, deviceRevoked("alice", "phone", List.of("0a01"), "lost", minutes(9)), "admin:root",
                9));
    }

    @AfterEach
    void drop() {
        database.close();
    }

    /** A moment a few minutes in, with a part below the millisecond. */
    private static Instant at(int minute) {
        return minutes(minute).plusNanos(123_456_789);
    }

    /** The moment as the store keeps it: to the millisecond. */
    private static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static EventMessage<?> user(String username, long sequence, Object payload, String actor, int minute) {
        return new GenericDomainEventMessage<>(ProjectionFeed.USER_AGGREGATE, username, sequence, payload,
                MetaData.with("actor", actor), UUID.randomUUID().toString(), at(minute));
    }

    private static EventMessage<?> plain(Object payload, String actor, int minute) {
        MetaData metaData = actor == null ? MetaData.emptyInstance() : MetaData.with("actor", actor);
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, metaData, at(minute));
    }

    /** As an append does: stored and indexed in one statement. */
    private void append(EventMessage<?> message) {
        store.appendEvents(message);
        history.add(message);
    }

    /** The events of the history with these (1-based) global indexes, as their identifiers. */
    private List<String> events(int... indexes) {
        List<String> ids = new ArrayList<>();
        for (int index : indexes) {
            ids.add(history.get(index - 1).getIdentifier());
        }
        return ids;
    }

    private static List<String> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventIdentifier).toList();
    }

    private List<String> matching(AuditFilter filter) {
        return ids(reader.matching(filter, 0, Long.MAX_VALUE, 100));
    }

    @Test
    void everyStoredEventHasOneIndexRowAtItsOwnGlobalIndex() {
        List<StoredEvent> all = reader.matching(AuditFilter.ALL, 0, Long.MAX_VALUE, 100);
        assertThat(ids(all)).isEqualTo(events(1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(all).extracting(StoredEvent::globalIndex).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(reader.lastIndexed()).isEqualTo(9);
    }

    @Test
    void anEmptyIndexHasNoLastEvent() {
        database.jdbc.update("DELETE FROM audit_index");
        assertThat(reader.lastIndexed()).isEqualTo(-1);
        assertThat(reader.matching(AuditFilter.ALL, 0, Long.MAX_VALUE, 100)).isEmpty();
    }

    @Test
    void aUsersEventsAreTheirAggregatesAndTheStandAloneOnesNamingThem() {
        assertThat(matching(AuditFilter.user("alice"))).isEqualTo(events(1, 2, 3, 7, 9));
        // A refusal's subject is a username when it is not a device id, compared lower-cased.
        assertThat(matching(AuditFilter.user("bob"))).isEqualTo(events(5, 6));
        assertThat(matching(AuditFilter.user("root"))).isEqualTo(events(8));
        assertThat(matching(AuditFilter.user("carol"))).isEmpty();
    }

    @Test
    void aDevicesEventsAreThoseCarryingItsIdOrNamingItAsTheSubject() {
        assertThat(matching(AuditFilter.device(deviceId("phone")))).isEqualTo(events(2, 3, 7, 9));
        assertThat(matching(AuditFilter.device(deviceId("stolen")))).as("upper-case hex subject")
                .isEqualTo(events(4));
    }

    @Test
    void eventsAreSelectedByTypeActorAndTimeAndByAllOfThemTogether() {
        assertThat(matching(new AuditFilter(null, "UserRegisteredEvent", null, null, null, null)))
                .isEqualTo(events(1, 6));
        assertThat(matching(new AuditFilter(null, "AccessRefusedEvent", null, null, null, null)))
                .isEqualTo(events(4, 5));
        assertThat(matching(new AuditFilter("admin:root", null, null, null, null, null))).isEqualTo(events(1, 6, 9));
        assertThat(matching(new AuditFilter(ALICE_ACTOR, null, null, null, null, null))).isEqualTo(events(2, 7));
        // from is inclusive, to exclusive, both at the millisecond the store keeps
        assertThat(matching(new AuditFilter(null, null, null, null, minutes(3), minutes(6))))
                .isEqualTo(events(3, 4, 5));
        assertThat(matching(new AuditFilter(null, null, null, null, stored(at(3)), stored(at(4)))))
                .isEqualTo(events(3));
        assertThat(matching(new AuditFilter(null, null, null, null, stored(at(3)).plusNanos(1_000), null)))
                .as("the sub-millisecond part was not kept").doesNotContainAnyElementsOf(events(3));
        assertThat(matching(new AuditFilter("admin:root", "UserRegisteredEvent", "alice", null, minutes(1),
                minutes(2)))).isEqualTo(events(1));
        assertThat(matching(new AuditFilter("admin:root", "UserRegisteredEvent", "alice", null, minutes(2), null)))
                .isEmpty();
    }

    @Test
    void keysetPagingReadsEveryMatchOnceInOrderUpToTheGivenIndex() {
        List<String> read = new ArrayList<>();
        long after = 0;
        for (List<StoredEvent> page = reader.matching(AuditFilter.ALL, after, 8, 3); !page.isEmpty();
             page = reader.matching(AuditFilter.ALL, after, 8, 3)) {
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            read.addAll(ids(page));
            after = page.get(page.size() - 1).globalIndex();
        }
        assertThat(read).isEqualTo(events(1, 2, 3, 4, 5, 6, 7, 8));

        List<StoredEvent> alice = reader.matching(AuditFilter.user("alice"), 2, Long.MAX_VALUE, 2);
        assertThat(ids(alice)).isEqualTo(events(3, 7));
        assertThat(ids(reader.matching(AuditFilter.user("alice"), 7, Long.MAX_VALUE, 2))).isEqualTo(events(9));
    }

    @Test
    void offsetPagesRunOldestOrNewestFirst() {
        assertThat(ids(reader.page(AuditFilter.user("alice"), 0, 2, false))).isEqualTo(events(1, 2));
        assertThat(ids(reader.page(AuditFilter.user("alice"), 2, 2, false))).isEqualTo(events(3, 7));
        assertThat(ids(reader.page(AuditFilter.user("alice"), 0, 2, true))).isEqualTo(events(9, 7));
        assertThat(ids(reader.page(AuditFilter.user("alice"), 4, 2, true))).isEqualTo(events(1));
    }

    @Test
    void whetherAnythingIsAboutAUserOrADevice() {
        assertThat(reader.anyAbout("bob", null)).isTrue();
        assertThat(reader.anyAbout(null, deviceId("stolen"))).isTrue();
        assertThat(reader.anyAbout("alice", deviceId("phone"))).isTrue();
        assertThat(reader.anyAbout("bob", deviceId("phone"))).as("both must match").isFalse();
        assertThat(reader.anyAbout("carol", null)).isFalse();
    }

    @Test
    void indexesOfATypeUpToAMomentAndTheirEvents() {
        assertThat(reader.indexesOfType("UserRegisteredEvent", minutes(10))).containsExactly(1L, 6L);
        assertThat(reader.indexesOfType("UserRegisteredEvent", minutes(5))).containsExactly(1L);
        assertThat(ids(reader.byGlobalIndex(List.of(9L, 1L, 42L)))).isEqualTo(events(1, 9));
        assertThat(reader.byGlobalIndex(List.of())).isEmpty();
    }

    @Test
    void theIndexedEventsAreReadAsStored() {
        StoredEvent revocation = reader.byGlobalIndex(List.of(9L)).get(0);
        assertThat(revocation.payloadType()).isEqualTo(history.get(8).getPayloadType().getName());
        assertThat(revocation.aggregateIdentifier()).isEqualTo("alice");
        assertThat(revocation.sequenceNumber()).isEqualTo(3);
        assertThat(new StoredEventReader(EventJson.eventSerializer()).payload(revocation))
                .isEqualTo(history.get(8).getPayload());
    }

    @Test
    void aReplayIndexesEveryEventAsItsInsertDid() {
        List<Map<String, Object>> indexedLive = indexRows();
        database.jdbc.update("DELETE FROM audit_index");

        // As the rebuild feeds it: every stored row, upcast, with a token at its own global index.
        List<StoredEvent> rows = database.jdbc.query(StoredEventReader.SELECT + " ORDER BY globalindex",
                (rs, i) -> StoredEventReader.row(rs, 1));
        ProjectionFeed replay = new ProjectionFeed(AuditIndexProjection.forReplay(database.jdbc));
        new StoredEventReader(EventJson.eventSerializer())
                .messages(rows, row -> GapAwareTrackingToken.newInstance(row.globalIndex(), List.of()))
                .forEach(replay::handle);

        assertThat(indexRows()).hasSize(9).isEqualTo(indexedLive);
    }

    @Test
    void anEventTheStoreRefusesLeavesNoIndexRow() {
        // alice's sequence 3 is taken: the store refuses a concurrent append, and its index row goes with it.
        EventMessage<?> conflicting = user("alice", 3, new ContactsSyncedEvent("alice", deviceId("phone"), 0,
                List.of()), ALICE_ACTOR, 10);
        assertThatThrownBy(() -> store.appendEvents(conflicting))
                .hasStackTraceContaining("domainevententry_aggregate_sequence");
        assertThat(reader.lastIndexed()).isEqualTo(9);
        assertThat(database.jdbc.queryForObject("SELECT count(*) FROM audit_index", Long.class)).isEqualTo(9);
    }

    @Test
    void theIndexedTimeIsTheTimeTheStoreKeeps() {
        List<Instant> indexed = database.jdbc.queryForList("SELECT time FROM audit_index ORDER BY globalindex",
                Timestamp.class).stream().map(Timestamp::toInstant).toList();
        List<Instant> kept = database.jdbc.queryForList("SELECT timestamp FROM domainevententry ORDER BY globalindex",
                String.class).stream().map(Instant::parse).toList();
        assertThat(indexed).isEqualTo(kept)
                .isEqualTo(history.stream().map(event -> stored(event.getTimestamp())).toList());
    }

    private List<Map<String, Object>> indexRows() {
        return database.jdbc.queryForList("SELECT * FROM audit_index ORDER BY globalindex");
    }
}
