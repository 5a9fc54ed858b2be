package org.jams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VerifiedPasswordsTest {

    private static final int CALLERS = 8;

    private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
    private final VerifiedPasswords verified = new VerifiedPasswords(Clock.systemUTC(), Duration.ofMinutes(5));

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aVerifiedPasswordIsRememberedAndAnyOtherIsCheckedAgain() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(verified.matches("alice", "right", "hash-1", counting(runs, true))).isTrue();
        assertThat(verified.matches("alice", "right", "hash-1", counting(runs, false))).isTrue();
        assertThat(runs).hasValue(1);

        assertThat(verified.matches("alice", "wrong", "hash-1", counting(runs, false))).isFalse();
        assertThat(verified.matches("alice", "right", "hash-2", counting(runs, false)))
                .as("a changed stored hash is verified again").isFalse();
        assertThat(runs).hasValue(3);
    }

    @Test
    void identicalChecksArrivingTogetherShareOneKdfRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        BooleanSupplier slowKdf = () -> {
            runs.incrementAndGet();
            await(release);
            return true;
        };
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            answers.add(threads.submit(() -> verified.matches("bob", "secret", "hash", slowKdf)));
        }
        waitUntilWaiting(CALLERS - 1);
        release.countDown();
        for (Future<Boolean> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void differentPasswordsNeverShareARun() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        BooleanSupplier right = () -> {
            bothRunning.countDown();
            await(bothRunning);
            return true;
        };
        BooleanSupplier wrong = () -> {
            bothRunning.countDown();
            await(bothRunning);
            return false;
        };
        Future<Boolean> first = threads.submit(() -> verified.matches("carol", "right", "hash", right));
        Future<Boolean> second = threads.submit(() -> verified.matches("carol", "wrong", "hash", wrong));
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aFailingKdfFailsEveryWaiterAndIsNotRemembered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BooleanSupplier broken = () -> {
            await(release);
            throw new IllegalStateException("kdf broke");
        };
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(threads.submit(() -> verified.matches("dave", "secret", "hash", broken)));
        }
        waitUntilWaiting(2);
        release.countDown();
        for (Future<Boolean> answer : answers) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("kdf broke");
        }
        AtomicInteger runs = new AtomicInteger();
        assertThat(verified.matches("dave", "secret", "hash", counting(runs, true))).isTrue();
        assertThat(runs).hasValue(1);
    }

    private static BooleanSupplier counting(AtomicInteger runs, boolean answer) {
        return () -> {
            runs.incrementAndGet();
            return answer;
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until this many callers are parked on the shared run (their threads are WAITING). */
    private void waitUntilWaiting(int waiters) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waitingCallers() < waiters) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + waitingCallers() + " callers waited");
            }
            Thread.sleep(5);
        }
    }

    private static long waitingCallers() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(frame ->
                        frame.getMethodName().equals("joined")))
                .count();
    }
}
