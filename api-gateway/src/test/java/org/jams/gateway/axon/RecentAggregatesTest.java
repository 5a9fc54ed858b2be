package org.jams.gateway.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class RecentAggregatesTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final AtomicLong nanos = new AtomicLong();
    private final RecentAggregates cache = new RecentAggregates(100, MAX_AGE, nanos::get);

    /** What Axon's weak-reference cache did not do: a collection that finds the entry leaves it in place. */
    @Test
    void anEntryOutlivesAGarbageCollection() {
        cache.put("alice", new StringBuilder("alice's state"));
        WeakReference<Object> collected = new WeakReference<>(new Object());
        for (int attempt = 0; collected.get() != null && attempt < 50; attempt++) {
            System.gc();
        }
        assertThat(collected.get()).as("a collection ran").isNull();

        assertThat(cache.<String, StringBuilder>get("alice")).hasToString("alice's state");
    }

    @Test
    void anEntryLeavesAtItsMaxAgeAfterItWasLoadedHoweverOftenItIsUsed() {
        cache.put("alice", "state");
        for (int second = 1; second < 5; second++) {
            nanos.set(Duration.ofSeconds(second).toNanos());
            assertThat(cache.<String, String>get("alice")).isEqualTo("state");
        }
        nanos.set(MAX_AGE.toNanos());

        assertThat(cache.<String, String>get("alice")).isNull();
        assertThat(cache.containsKey("alice")).isFalse();
    }

    /** Axon's repository puts the person again after each command it saves; that does not extend its age. */
    @Test
    void puttingThePersonAgainAfterACommandKeepsTheAgeOfItsLoad() {
        StringBuilder person = new StringBuilder("state");
        cache.put("alice", person);
        for (int second = 1; second < 5; second++) {
            nanos.set(Duration.ofSeconds(second).toNanos());
            cache.put("alice", person.append(", changed"));
        }
        nanos.set(MAX_AGE.toNanos());

        assertThat(cache.containsKey("alice")).isFalse();
    }

    @Test
    void itKeepsAtMostItsBound() {
        RecentAggregates small = new RecentAggregates(2, MAX_AGE, nanos::get);
        for (String person : List.of("alice", "bob", "carol", "dave")) {
            small.put(person, person + "'s state");
        }
        small.cleanUp();

        assertThat(List.of("alice", "bob", "carol", "dave")).filteredOn(small::containsKey).hasSize(2);
    }

    @Test
    void itAnswersAsAxonsRepositoriesExpect() {
        assertThat(cache.putIfAbsent("alice", "first")).isTrue();
        assertThat(cache.putIfAbsent("alice", "second")).isFalse();
        assertThat(cache.<String>computeIfAbsent("alice", () -> "third")).isEqualTo("first");
        assertThat(cache.<String>computeIfAbsent("bob", () -> "bob's")).isEqualTo("bob's");
        cache.<String>computeIfPresent("alice", value -> value + ", changed");
        cache.<String>computeIfPresent("carol", value -> "never");
        assertThat(cache.<String, String>get("alice")).isEqualTo("first, changed");
        assertThat(cache.containsKey("carol")).isFalse();

        assertThat(cache.remove("alice")).isTrue();
        assertThat(cache.remove("alice")).isFalse();
        cache.put("bob", null);
        assertThat(cache.containsKey("bob")).as("null removes").isFalse();
        cache.put("carol", "carol's");
        cache.removeAll();
        assertThat(cache.containsKey("carol")).isFalse();
    }

    @Test
    void noOneListensToIt() {
        assertThatThrownBy(() -> cache.registerCacheEntryListener(new Cache.EntryListenerAdapter()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
