package org.jams.command.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyPairPoolTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static KeyPair template;

    /** Hands out a fresh KeyPair object per call and remembers which thread generated it. */
    private final Map<KeyPair, Thread> generatedBy = new ConcurrentHashMap<>();
    private final AtomicInteger generated = new AtomicInteger();
    private final Supplier<KeyPair> countingGenerator = () -> {
        KeyPair pair = new KeyPair(template.getPublic(), template.getPrivate());
        generatedBy.put(pair, Thread.currentThread());
        generated.incrementAndGet();
        return pair;
    };
    private KeyPairPool pool;

    @BeforeAll
    static void createTemplate() {
        template = TestMaterial.rsa(2048);
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void ensureAvailableGeneratesOnTheCallersThreadWhenThePoolIsEmptyAndTheTakesAfterItGenerateNothing() {
        pool = new KeyPairPool(1, countingGenerator); // not started: no filler, an empty pool

        // Three requests at once each make their pair ready (none is dropped for the pool's capacity of one).
        pool.ensureAvailable();
        pool.ensureAvailable();
        pool.ensureAvailable();
        assertThat(generated).hasValue(3);
        assertThat(generatedBy.values()).containsOnly(Thread.currentThread());

        java.util.Set<KeyPair> taken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 3; i++) {
            taken.add(pool.take());
        }
        assertThat(taken).as("the three pairs made ready").hasSize(3).isEqualTo(generatedBy.keySet());
        assertThat(generated).as("the takes generated nothing").hasValue(3);

        pool.take();
        assertThat(generated).as("with nothing ready, a take generates").hasValue(4);
    }

    @Test
    void ensureAvailableGeneratesNothingWhenTheFillerHasAPairReady() {
        pool = new KeyPairPool(2, countingGenerator);
        pool.start();
        await().atMost(PATIENCE).until(() -> pool.available() == 2);
        int before = generated.get();

        pool.ensureAvailable();
        assertThat(generatedBy.entrySet().stream().filter(e -> e.getValue() == Thread.currentThread())).isEmpty();
        assertThat(generated.get()).isLessThanOrEqualTo(before + 1); // at most the filler's next one
    }

    @Test
    void fillsUpToItsCapacityInTheBackground() {
        pool = new KeyPairPool(3, countingGenerator);

        pool.start();

        await().atMost(PATIENCE).until(() -> pool.available() == 3);
        // The filler generates the next pair before blocking on the full pool, never more.
        await().during(Duration.ofMillis(200)).atMost(PATIENCE).until(() -> generated.get() <= 4);
        assertThat(pool.available()).isEqualTo(3);
    }

    @Test
    void takeHandsOutPairsGeneratedByTheFillerAndTheFillerReplacesThem() {
        pool = new KeyPairPool(2, countingGenerator);
        pool.start();
        await().atMost(PATIENCE).until(() -> pool.available() == 2);

        KeyPair taken = pool.take();

        assertThat(generatedBy.get(taken)).isNotSameAs(Thread.currentThread());
        await().atMost(PATIENCE).until(() -> pool.available() == 2);
    }

    @Test
    void takeFromAnEmptyPoolGeneratesOnTheCallingThreadInsteadOfWaiting() {
        pool = new KeyPairPool(2, countingGenerator); // never started, so always empty

        KeyPair taken = pool.take();

        assertThat(generatedBy.get(taken)).isSameAs(Thread.currentThread());
        assertThat(pool.available()).isZero();
    }

    @Test
    void fillerIsALowPriorityDaemonThread() {
        pool = new KeyPairPool(1, countingGenerator);
        pool.start();
        await().atMost(PATIENCE).until(() -> pool.available() == 1);

        Thread filler = generatedBy.get(pool.take());

        assertThat(filler.isDaemon()).isTrue();
        assertThat(filler.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    }

    @Test
    void closeStopsTheFiller() throws InterruptedException {
        pool = new KeyPairPool(1, countingGenerator);
        pool.start();
        await().atMost(PATIENCE).until(() -> pool.available() == 1);
        Thread filler = generatedBy.get(pool.take());

        pool.close();

        filler.join(PATIENCE.toMillis());
        assertThat(filler.isAlive()).isFalse();
    }

    @Test
    void fillerKeepsGoingAfterAGeneratorFailure() {
        AtomicInteger calls = new AtomicInteger();
        pool = new KeyPairPool(1, () -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("entropy hiccup");
            }
            return countingGenerator.get();
        });

        pool.start();

        await().atMost(PATIENCE).until(() -> pool.available() == 1);
    }

    @Test
    void refusesAnEmptyCapacityAndASecondStart() {
        assertThatThrownBy(() -> new KeyPairPool(0, countingGenerator)).isInstanceOf(IllegalArgumentException.class);

        pool = new KeyPairPool(1, countingGenerator);
        pool.start();
        assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class);
    }
}
