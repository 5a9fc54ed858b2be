package org.jams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jams.gateway.auth.PasswordGuessing.Attempt;
import org.jams.gateway.auth.PasswordGuessing.Counted;
import org.jams.gateway.auth.PasswordGuessing.Standing;
import org.jams.gateway.web.ApiError;
import org.jams.query.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ServerWebExchange;

/**
 * The counting of failed password attempts on a real PostgreSQL: waits, locks, the address's own limits, bursts of
 * parallel guesses, forgetting, and the events of locks and unlocks. The HTTP answers and two nodes sharing the
 * counts are in {@code TwoNodesTest}.
 */
class PasswordGuessingTest {

    private static final String HOME = "10.0.0.7";

    private MigratedDatabase database;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> history = new ArrayList<>();
    private PasswordGuessing guessing;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        // 2 free failures, then 1 s, 2 s; locked for 60 s at the 5th. An address: 6 free, locked at the 10th.
        GuessingLimits limits = new GuessingLimits(2, 5, Duration.ofSeconds(60), 6, 10, Duration.ofMinutes(10));
        guessing = new PasswordGuessing(database.jdbc, limits, new LockHistory() {
            @Override
            public void locked(String username, int failedAttempts, Instant lockedUntil, ServerWebExchange exchange) {
                history.add("locked " + username + " after " + failedAttempts + " until " + lockedUntil);
            }

            @Override
            public void unlocked(String username, String unlockedBy, Instant unlockedAt, Caller admin,
                                 ServerWebExchange exchange) {
                history.add("unlocked " + username + " by " + unlockedBy + " at " + unlockedAt);
            }
        }, clock);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    /** What the sign-in does: reads what is on record for the attempt, then judges it. */
    private Standing requireNotBlocked(Attempt attempt, ServerWebExchange exchange) {
        return guessing.requireNotBlocked(attempt,
                guessing.onRecord(attempt.username(), attempt.address()).runOn(database.jdbc), exchange);
    }

    @Test
    void whatIsOnRecordForOneAttemptIsNotJudgedForAnother() {
        Attempt alice = new Attempt("alice", HOME, true);
        PasswordGuessing.OnRecord bobsRecord = guessing.onRecord("bob", HOME).runOn(database.jdbc);
        PasswordGuessing.OnRecord elsewhere = guessing.onRecord("alice", "10.0.0.8").runOn(database.jdbc);

        assertThatThrownBy(() -> guessing.requireNotBlocked(alice, bobsRecord, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guessing.requireNotBlocked(alice, elsewhere, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountWaitsLongerAfterEachFailureBeyondTheFreeOnesThenIsLocked() {
        Attempt alice = new Attempt("alice", HOME, true);
        fail(alice);
        fail(alice);
        fail(alice); // the 3rd: 1 s
        assertWait(alice, 1);
        clock.advance(Duration.ofSeconds(1));
        fail(alice); // the 4th: 2 s
        assertWait(alice, 2);
        clock.advance(Duration.ofSeconds(2));
        Instant lockedAt = clock.instant();
        fail(alice); // the 5th: locked
        assertWait(alice, 60);
        assertThat(history).containsExactly("locked alice after 5 until " + lockedAt.plusSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertWait(alice, 1);
        clock.advance(Duration.ofSeconds(1));
        Standing standing = requireNotBlocked(alice, null);
        assertThat(history).last().isEqualTo("unlocked alice by lock expired at " + lockedAt.plusSeconds(60));
        assertThat(standing.accountFailuresOnRecord()).as("the lock's end forgets its failures").isFalse();
        fail(alice);
        assertThat(guessing.count(alice).accountFailures()).as("counting starts again").isEqualTo(2);
    }

    @Test
    void aRightPasswordForgetsTheAccountsFailuresButGivesTheAddressOnlyItsOwnAttemptBack() {
        Attempt alice = new Attempt("alice", HOME, true);
        fail(alice);
        fail(alice);
        Standing standing = requireNotBlocked(alice, null);
        assertThat(standing.accountFailuresOnRecord()).isTrue();
        guessing.succeeded(alice, standing, guessing.count(alice));
        Counted next = guessing.count(alice);
        assertThat(next.accountFailures()).isEqualTo(1);
        assertThat(next.addressFailures()).as("the two failures stay on the address").isEqualTo(3);
    }

    @Test
    void oneAddressGuessingManyNamesIsSlowedThenLockedAndSoIsEveryNameFromIt() {
        for (int i = 1; i <= 9; i++) {
            fail(new Attempt("name" + i, HOME, false));
            clock.advance(Duration.ofMinutes(1)); // past each wait
        }
        Instant lockedAt = clock.instant();
        fail(new Attempt("name10", HOME, false));
        assertWait(new Attempt("bob", HOME, true), 60);
        assertThat(history).as("an address is no person").isEmpty();
        requireNotBlocked(new Attempt("bob", "10.0.0.8", true), null);
        clock.advance(Duration.ofSeconds(60));
        requireNotBlocked(new Attempt("bob", HOME, true), null);
    }

    @Test
    void anIpv6HostIsCountedByItsSlash64() {
        assertThat(PasswordGuessing.addressOf("2001:db8:0:0:1:2:3:4")).isEqualTo("2001:db8:0:0:0:0:0:0/64");
        assertThat(PasswordGuessing.addressOf("2001:db8::ffff")).isEqualTo("2001:db8:0:0:0:0:0:0/64");
        assertThat(PasswordGuessing.addressOf("2001:db8:0:1::1")).isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(PasswordGuessing.addressOf("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void guessesSentTogetherGetNoMoreTriesThanASequence() throws Exception {
        Attempt alice = new Attempt("alice", HOME, true);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                guesses.add(() -> {
                    try {
                        guessing.count(alice);
                        return true;
                    } catch (ApiError refused) {
                        return false;
                    }
                });
            }
            int checked = 0;
            for (Future<Boolean> guess : threads.invokeAll(guesses)) {
                checked += guess.get() ? 1 : 0;
            }
            assertThat(checked).as("attempts whose password would have been checked").isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void failuresOlderThanTheMemoryAreForgotten() {
        Attempt alice = new Attempt("alice", HOME, true);
        fail(alice);
        fail(alice);
        clock.advance(Duration.ofMinutes(11));
        assertThat(guessing.count(alice).accountFailures()).isEqualTo(1);
    }

    @Test
    void theCommandLineAndAnAdminLiftALockAndTheUnlockIsRecorded() throws Exception {
        Attempt alice = new Attempt("alice", HOME, true);
        lock(alice);
        try (Connection connection = database.dataSource.getConnection()) {
            assertThat(PasswordGuessing.unlockFromCommandLine(connection, "ALICE")).isTrue();
            assertThat(PasswordGuessing.unlockFromCommandLine(connection, "nobody")).isFalse();
        }
        requireNotBlocked(alice, null);
        assertThat(history).last().asString().startsWith("unlocked alice by command line at ");
        requireNotBlocked(alice, null);
        assertThat(history).as("recorded once").hasSize(2);

        Attempt elsewhere = new Attempt("alice", "10.0.0.20", true); // HOME has had enough failures
        lock(elsewhere);
        assertThat(guessing.unlock("alice", new Caller("root", Scope.ADMIN, "basic", null, "Root"), null)).isTrue();
        assertThat(history).last().isEqualTo("unlocked alice by root at " + clock.instant());
        assertThat(guessing.unlock("alice", new Caller("root", Scope.ADMIN, "basic", null, "Root"), null)).isFalse();
        requireNotBlocked(elsewhere, null);
    }

    @Test
    void aLockOfANameThatDoesNotExistIsRecordedNowhere() {
        lock(new Attempt("ghost", HOME, false));
        assertWait(new Attempt("ghost", "10.0.0.9", false), 60);
        assertThat(history).isEmpty();
    }

    /** Five failures, each after the previous one's wait. */
    private void lock(Attempt attempt) {
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                clock.advance(Duration.ofSeconds(10));
            }
            fail(attempt);
        }
        assertWait(attempt, 60);
    }

    private void fail(Attempt attempt) {
        requireNotBlocked(attempt, null);
        guessing.failed(attempt, guessing.count(attempt), null);
    }

    private void assertWait(Attempt attempt, long seconds) {
        assertThatThrownBy(() -> requireNotBlocked(attempt, null)).isInstanceOfSatisfying(ApiError.class,
                refused -> {
                    assertThat(refused.status().value()).isEqualTo(429);
                    assertThat(refused.code()).isEqualTo("too_many_attempts");
                    assertThat(refused.retryAfterSeconds()).isEqualTo(seconds);
                });
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
