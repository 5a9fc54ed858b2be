package org.jams.query.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the event store on real PostgreSQL, as someone with write access to the database but without the
 * audit private key would: plain SQL on {@code domainevententry} (and, for the cleverer attacks, on
 * {@code audit_chain} and {@code audit_checkpoint}). Verify must fail and name the first bad global index.
 *
 * <p>The history: 5 rounds of (alice, bob, carol: one event each of the aggregate "Account"; then one non-aggregate
 * event), so global index 4r+1..4r+3 are the round's aggregate events and 4r+4 its plain event; a checkpoint is
 * signed at 10 and at 20.
 */
class TamperEvidenceTest {

    private static final String COPY_COLUMNS = "aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
            + "payload, payloadrevision, payloadtype, timestamp";

    private IntegrityTestDatabase database;
    private AuditKeys keys;
    private EmbeddedEventStore store;
    private AuditChainer chainer;

    @BeforeEach
    void history() throws Exception {
        database = IntegrityTestDatabase.create();
        keys = AuditKeys.generate();
        store = database.eventStore(keys);
        chainer = new AuditChainer(database.dataSource(), keys, Duration.ZERO, Duration.ZERO, Clock.systemUTC(), 7);
        int published = 0;
        for (int round = 0; round < 5; round++) {
            for (String user : List.of("alice", "bob", "carol")) {
                store.publish(IntegrityTestDatabase.domainEvent(user, round, user + " " + round));
                published = checkpointAtTen(++published);
            }
            store.publish(IntegrityTestDatabase.plainEvent("tick " + round));
            published = checkpointAtTen(++published);
        }
        assertThat(chainer.checkpointNow()).get().extracting(Checkpoint::sequence).isEqualTo(20L);
    }

    private int checkpointAtTen(int published) throws Exception {
        if (published == 10) {
            assertThat(chainer.checkpointNow()).get().extracting(Checkpoint::sequence).isEqualTo(10L);
        }
        return published;
    }

    @AfterEach
    void close() {
        chainer.close();
        store.shutDown();
        database.close();
    }

    private VerificationReport verify() throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            return AuditStore.verify(connection, keys.publicKey());
        }
    }

    private static void assertBrokenAt(VerificationReport report, long sequence, String reasonFragment) {
        assertThat(report.valid()).as("valid: %s", report).isFalse();
        assertThat(report.firstBrokenSequence()).as("first broken: %s", report.reason()).isEqualTo(sequence);
        assertThat(report.reason()).containsIgnoringCase(reasonFragment);
    }

    @Test
    void untouchedHistoryVerifiesWithTheRangeCovered() throws Exception {
        VerificationReport report = verify();
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.firstBrokenSequence()).isNull();
        assertThat(report.checkedEvents()).isEqualTo(20);
        assertThat(report.coveredFrom()).isEqualTo(1);
        assertThat(report.coveredTo()).isEqualTo(20);
        assertThat(report.lastCheckpoint()).isEqualTo(20);
        assertThat(report.publicKeyFingerprint()).isEqualTo(keys.fingerprint());
        assertThat(database.jdbc.queryForObject("SELECT count(*) FROM audit_chain", Long.class)).isEqualTo(20);

        // events not chained yet still have their signatures checked, and are reported as such
        store.publish(IntegrityTestDatabase.domainEvent("alice", 5, "alice 5"));
        report = verify();
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.checkedEvents()).isEqualTo(21);
        assertThat(report.lastCheckpoint()).isEqualTo(20);
        assertThat(report.reason()).contains("not chained yet");
    }

    @Test
    void oneChangedPayloadByteIsCaught() throws Exception {
        byte[] payload = database.jdbc.queryForObject("SELECT payload FROM domainevententry WHERE globalindex = 7",
                byte[].class);
        payload[payload.length / 2] ^= 0x01;
        database.jdbc.update("UPDATE domainevententry SET payload = ? WHERE globalindex = 7", (Object) payload);
        assertBrokenAt(verify(), 7, "signature");
    }

    @Test
    void aChangedMetadataValueIsCaught() throws Exception {
        database.jdbc.update("UPDATE domainevententry SET metadata = convert_to(replace(convert_from(metadata, "
                + "'UTF8'), 'admin:test', 'admin:other'), 'UTF8') WHERE globalindex = 6");
        assertBrokenAt(verify(), 6, "signature");
    }

    @Test
    void aDeletedRowIsCaught() throws Exception {
        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex = 9");
        assertBrokenAt(verify(), 9, "deleted");
    }

    @Test
    void twoSwappedRowsAreCaught() throws Exception {
        swap(5, 14);
        assertBrokenAt(verify(), 5, "global index 5");
    }

    @Test
    void twoSwappedNonAggregateRowsAreCaughtByTheChain() throws Exception {
        swap(12, 16);
        assertBrokenAt(verify(), 12, "swapped");
    }

    @Test
    void aForgedRowIsCaughtWhetherUnsignedOrSignedWithAnotherKey() throws Exception {
        // a row built by hand: a legitimate row's signature on different content
        database.jdbc.update("INSERT INTO domainevententry (" + COPY_COLUMNS + ") SELECT 'mallory', 0, type, "
                + "'forged-event-id', metadata, convert_to('{\"text\":\"mallory 0\",\"number\":0}', 'UTF8'), "
                + "payloadrevision, payloadtype, timestamp FROM domainevententry WHERE globalindex = 3");
        assertBrokenAt(verify(), 21, "does not match its content");

        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex = 21");
        // an event appended through Axon by someone with their own key
        EmbeddedEventStore attacker = database.eventStore(AuditKeys.generate());
        attacker.publish(IntegrityTestDatabase.domainEvent("mallory", 0, "mallory 0"));
        attacker.shutDown();
        assertBrokenAt(verify(), 22, "does not match its content");

        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex = 22");
        EmbeddedEventStore unsigned = database.eventStore(null);
        unsigned.publish(IntegrityTestDatabase.plainEvent("unsigned"));
        unsigned.shutDown();
        assertBrokenAt(verify(), 23, "no audit signature");
    }

    @Test
    void aCopyOfALegitimateRowUnderANewIndexIsCaught() throws Exception {
        dropUniqueConstraints();
        database.jdbc.update("INSERT INTO domainevententry (" + COPY_COLUMNS + ") SELECT " + COPY_COLUMNS
                + " FROM domainevententry WHERE globalindex = 6");
        assertBrokenAt(verify(), 21, "repeats event");
    }

    @Test
    void aTruncatedTailBeforeTheLastCheckpointIsCaught() throws Exception {
        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex > 15");
        assertBrokenAt(verify(), 16, "deleted");

        // also cutting audit_chain: the signed checkpoint at 20 still says history went further
        database.jdbc.update("DELETE FROM audit_chain WHERE globalindex > 15");
        assertBrokenAt(verify(), 16, "tail was cut off");
    }

    @Test
    void rewritingTheChainCannotHideASwapFromTheSignedCheckpoint() throws Exception {
        swap(12, 16);
        rewriteChainAsAnAttackerWould();
        VerificationReport report = verify();
        assertBrokenAt(report, 20, "checkpoint");
        assertThat(report.reason()).contains("previous checkpoint (10)");
        assertThat(report.lastCheckpoint()).isEqualTo(10);
    }

    @Test
    void rewritingTheChainCannotHideADeletedRowFromTheSignedCheckpoint() throws Exception {
        database.jdbc.update("DELETE FROM domainevententry WHERE globalindex = 4");
        rewriteChainAsAnAttackerWould();
        assertBrokenAt(verify(), 10, "checkpoint");
    }

    @Test
    void aCheckpointNotSignedByTheAuditKeyIsCaught() throws Exception {
        Checkpoint forged = Checkpoint.sign(15, new byte[32], Instant.now(), AuditKeys.generate());
        try (Connection connection = database.dataSource().getConnection()) {
            AuditStore.insertCheckpoint(connection, forged);
        }
        assertBrokenAt(verify(), 15, "not signed by this audit key");
    }

    @Test
    void gapsOfRolledBackIndexesAreSkippedAfterTheGraceAndARowAppearingThereIsCaught() throws Exception {
        try (IntegrityTestDatabase fresh = IntegrityTestDatabase.create()) {
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
            Clock clock = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
            AuditChainer waiting = new AuditChainer(fresh.dataSource(), keys, Duration.ofSeconds(30),
                    Duration.ofSeconds(10), clock, 100);
            EmbeddedEventStore freshStore = fresh.eventStore(keys);
            freshStore.publish(IntegrityTestDatabase.domainEvent("dave", 0, "dave 0"));
            freshStore.publish(IntegrityTestDatabase.domainEvent("dave", 1, "dave 1"));
            // an index taken by a transaction that rolls back (or is still running)
            fresh.jdbc.queryForObject("SELECT nextval('domainevententry_globalindex_seq')", Long.class);
            freshStore.publish(IntegrityTestDatabase.domainEvent("dave", 2, "dave 2"));

            assertThat(waiting.chainPending(false)).as("chained up to the gap").isEqualTo(2);
            now.set(now.get().plusSeconds(29));
            assertThat(waiting.chainPending(false)).as("still within the grace").isZero();
            now.set(now.get().plusSeconds(2));
            assertThat(waiting.chainPending(false)).as("gap taken as rolled back").isEqualTo(1);
            assertThat(waiting.checkpointNow()).get().extracting(Checkpoint::sequence).isEqualTo(4L);
            VerificationReport report;
            try (Connection connection = fresh.dataSource().getConnection()) {
                report = AuditStore.verify(connection, keys.publicKey());
            }
            assertThat(report.valid()).as(report.reason()).isTrue();
            assertThat(report.checkedEvents()).isEqualTo(3);

            // a validly signed event (a copy of dave's latest) put into the skipped index
            fresh.jdbc.execute("ALTER TABLE domainevententry DROP CONSTRAINT domainevententry_event_id, "
                    + "DROP CONSTRAINT domainevententry_aggregate_sequence");
            fresh.jdbc.update("INSERT INTO domainevententry (globalindex, " + COPY_COLUMNS + ") SELECT 3, "
                    + COPY_COLUMNS + " FROM domainevententry WHERE globalindex = 4");
            try (Connection connection = fresh.dataSource().getConnection()) {
                report = AuditStore.verify(connection, keys.publicKey());
            }
            assertBrokenAt(report, 3, "not in the audit chain");
            waiting.close();
            freshStore.shutDown();
        }
    }

    @Test
    void concurrentAppendsAreAllSignedChainedAndVerified() throws Exception {
        // chaining while appends are in flight: their indexes are gaps for a moment, so a real grace period
        AuditChainer concurrent = new AuditChainer(database.dataSource(), keys, Duration.ofSeconds(10),
                Duration.ZERO, Clock.systemUTC(), 7);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                String user = "user" + thread;
                done.add(threads.submit(() -> {
                    for (int sequence = 0; sequence < 25; sequence++) {
                        store.publish(IntegrityTestDatabase.domainEvent(user, sequence, user + " " + sequence));
                        if (sequence % 5 == 0) {
                            store.publish(IntegrityTestDatabase.plainEvent(user + " tick " + sequence));
                        }
                    }
                    return null;
                }));
                done.add(threads.submit(() -> concurrent.chainPending(false)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(concurrent.checkpointNow()).get().extracting(Checkpoint::sequence).isEqualTo(140L);
        VerificationReport report = verify();
        assertThat(report.valid()).as(report.reason()).isTrue();
        assertThat(report.checkedEvents()).isEqualTo(140);
        assertThat(report.lastCheckpoint()).isEqualTo(140);
    }

    private void dropUniqueConstraints() {
        database.jdbc.execute("ALTER TABLE domainevententry DROP CONSTRAINT domainevententry_event_id, "
                + "DROP CONSTRAINT domainevententry_aggregate_sequence");
    }

    /** Swaps the contents of two rows (everything but their global index). */
    private void swap(long first, long second) {
        dropUniqueConstraints();
        String set = String.join(", ", List.of(COPY_COLUMNS.split(", ")).stream()
                .map(column -> column + " = s." + column).toList());
        int updated = database.jdbc.update("UPDATE domainevententry d SET " + set + " FROM domainevententry s "
                + "WHERE (d.globalindex = ? AND s.globalindex = ?) OR (d.globalindex = ? AND s.globalindex = ?)",
                first, second, second, first);
        assertThat(updated).isEqualTo(2);
    }

    /** What someone who knows the (public) chain algorithm but not the audit key can do: recompute audit_chain. */
    private void rewriteChainAsAnAttackerWould() throws Exception {
        database.jdbc.update("DELETE FROM audit_chain");
        try (Connection connection = database.dataSource().getConnection()) {
            List<StoredEvent> events = AuditStore.eventsAfter(connection, 0, 1000);
            List<ChainLink> links = new ArrayList<>();
            byte[] chain = Canonical.genesis();
            for (StoredEvent event : events) {
                byte[] eventHash = Canonical.digest(event).eventHash();
                chain = Canonical.chainHash(chain, event.globalIndex(), eventHash);
                links.add(new ChainLink(event.globalIndex(), eventHash, chain));
            }
            AuditStore.insertLinks(connection, links);
        }
    }
}
