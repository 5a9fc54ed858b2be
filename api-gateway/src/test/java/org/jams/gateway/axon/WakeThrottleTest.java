package org.jams.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Wakes after commits: at once after a quiet interval, shared within one, and never before a commit it follows. */
class WakeThrottleTest {

    @Test
    void aLoneRequestWakesAtOnceAndABurstSharesOneMoreWakeAtTheIntervalsEnd() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        try (WakeThrottle throttle = new WakeThrottle(() -> {
            wakes.incrementAndGet();
            second.countDown();
        }, Duration.ofMillis(200), "test-wake")) {
            throttle.request();
            assertThat(wakes).as("at once, on the requesting thread").hasValue(1);
            for (int i = 0; i < 100; i++) {
                throttle.request();
            }
            assertThat(wakes).as("the burst waits for the interval's end").hasValue(1);
            assertThat(second.await(2, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(wakes).as("one wake for the whole burst").hasValue(2);

            Thread.sleep(250); // quiet for more than the interval
            throttle.request();
            assertThat(wakes).as("after a quiet interval, at once again").hasValue(3);
        }
    }

    /** A commit made while a scheduled wake runs (the reader may already have read past it) gets a wake of its own. */
    @Test
    void aRequestDuringAScheduledWakeGetsAnotherWake() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        CountDownLatch scheduledStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        try (WakeThrottle throttle = new WakeThrottle(() -> {
            int wake = wakes.incrementAndGet();
            if (wake == 2) {
                scheduledStarted.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (wake == 3) {
                third.countDown();
            }
        }, Duration.ofMillis(50), "test-wake")) {
            throttle.request(); // wakes at once
            throttle.request(); // scheduled
            assertThat(scheduledStarted.await(2, TimeUnit.SECONDS)).isTrue();
            throttle.request(); // while the scheduled wake runs
            release.countDown();
            assertThat(third.await(2, TimeUnit.SECONDS)).as("a wake after the request").isTrue();
        }
    }

    /**
     * Four threads request 20,000 times in all. For each request, the first wake that started after it must come
     * within the interval (and some scheduling slack): otherwise a reader could miss a commit, or see it late.
     */
    @Test
    void everyRequestIsFollowedSoonByAWakeThatStartsAfterIt() throws Exception {
        Duration interval = Duration.ofMillis(5);
        List<Long> wakeStarts = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = 4;
        int perThread = 5_000;
        long[] requestedAt = new long[threads * perThread];
        try (WakeThrottle throttle = new WakeThrottle(() -> wakeStarts.add(System.nanoTime()), interval,
                "test-wake")) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        requestedAt[first + i] = System.nanoTime();
                        throttle.request();
                        if (i % 100 == 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            Thread.sleep(200); // the last scheduled wake
        }
        long[] wakes;
        synchronized (wakeStarts) {
            wakes = wakeStarts.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        long slack = Duration.ofMillis(100).toNanos();
        long worst = 0;
        for (long request : requestedAt) {
            int next = java.util.Arrays.binarySearch(wakes, request);
            next = next >= 0 ? next : -next - 1;
            assertThat(next).as("a wake after the request at %d", request).isLessThan(wakes.length);
            worst = Math.max(worst, wakes[next] - request);
        }
        assertThat(worst).as("the longest wait for a wake, in ns").isLessThan(interval.toNanos() + slack);
        assertThat(wakes.length).as("far fewer wakes than requests").isLessThan(requestedAt.length / 10);
    }
}
