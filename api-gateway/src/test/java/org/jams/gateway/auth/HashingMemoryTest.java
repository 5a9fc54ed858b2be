package org.jams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jams.gateway.web.ApiError;
import org.junit.jupiter.api.Test;

/** The heap allowance of password hashing: runs share it, wait their turn, and are refused after waiting too long. */
class HashingMemoryTest {

    private static final int ARGON2_KIB = 16 * 1024;
    private static final long HEAP_200_MB = 200L * 1024 * 1024;

    @Test
    void aQuarterOfTheDefaultHeapHoldsTwoOfOurRunsAndARunLargerThanAllOfItStillRunsAlone() {
        HashingMemory memory = new HashingMemory(HEAP_200_MB / 4, Duration.ofSeconds(1));
        assertThat(memory.concurrentRuns(ARGON2_KIB)).isEqualTo(2);
        assertThat(new HashingMemory(HEAP_200_MB, Duration.ofSeconds(1)).concurrentRuns(ARGON2_KIB)).isEqualTo(11);
        assertThat(memory.run(1 << 20, () -> "alone")).isEqualTo("alone");
    }

    @Test
    void runsBeyondTheAllowanceWaitTheirTurnAndNeverOverlapMoreThanItHolds() throws Exception {
        HashingMemory memory = new HashingMemory(HEAP_200_MB / 4, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            var runs = new java.util.ArrayList<Future<Integer>>();
            for (int i = 0; i < 16; i++) {
                int run = i;
                runs.add(threads.submit(() -> {
                    start.await();
                    return memory.run(ARGON2_KIB, () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sleep(20);
                        running.decrementAndGet();
                        return run;
                    });
                }));
            }
            start.countDown();
            for (int i = 0; i < 16; i++) {
                assertThat(runs.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(memory.refused()).isZero();
    }

    @Test
    void aRunThatCannotStartInTimeIsA503WithRetryAfterAndLeavesTheAllowanceWhole() throws Exception {
        HashingMemory memory = new HashingMemory(HEAP_200_MB / 4, Duration.ofMillis(200));
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                threads.submit(() -> memory.run(ARGON2_KIB, () -> {
                    holding.countDown();
                    return hold(release);
                }));
            }
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            assertThatThrownBy(() -> memory.run(ARGON2_KIB, () -> "never")).isInstanceOfSatisfying(ApiError.class,
                    e -> {
                        assertThat(e.status().value()).isEqualTo(503);
                        assertThat(e.code()).isEqualTo("password_checks_busy");
                        assertThat(e.retryAfterSeconds()).isPositive();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(190),
                    Duration.ofSeconds(5));
            assertThat(memory.refused()).isEqualTo(1);
        } finally {
            release.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThatThrownBy(() -> memory.run(ARGON2_KIB, () -> {
            throw new IllegalStateException("the computation failed");
        })).hasMessage("the computation failed");
        assertThat(memory.concurrentRuns(ARGON2_KIB)).isEqualTo(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch both = new CountDownLatch(2);
            var first = two.submit(() -> memory.run(ARGON2_KIB, () -> await(both)));
            var second = two.submit(() -> memory.run(ARGON2_KIB, () -> await(both)));
            assertThat(first.get(5, TimeUnit.SECONDS)).as("released after the failure: two still fit").isTrue();
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void theMemoryCostIsReadFromTheStoredHash() {
        assertThat(PasswordHasher.memoryCostOf("$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA")).isEqualTo(16384);
        assertThat(PasswordHasher.memoryCostOf("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).isEqualTo(65536);
        assertThat(PasswordHasher.memoryCostOf("not a hash")).isEqualTo(16384);
        assertThat(PasswordHasher.memoryCostOf("$argon2id$v=19$m=lots,t=2,p=1$c2FsdA$aGFzaA")).isEqualTo(16384);
    }

    @Test
    void theHasherHashesAndChecksWithinItsAllowance() {
        PasswordHasher hasher = new PasswordHasher("", Duration.ofSeconds(10));
        String hash = hasher.hash("a-password");
        assertThat(hash).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(hasher.matches("a-password", hash)).isTrue();
        assertThat(hasher.matches("another", hash)).isFalse();
        assertThat(hasher.matches("a-password", null)).isFalse();
    }

    /** Counts down and waits for the others: true only if they ran at the same time. */
    private static boolean await(CountDownLatch latch) {
        latch.countDown();
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean hold(CountDownLatch release) {
        try {
            return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
