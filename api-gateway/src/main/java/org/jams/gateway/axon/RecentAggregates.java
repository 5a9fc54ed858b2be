package org.jams.gateway.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The aggregates this node used lately, kept in memory for at most {@code maxAge} after they were loaded from the
 * store, and at most {@code maximum} of them (past that, Caffeine lets go of those least likely to be used again).
 *
 * <p>Axon's {@code WeakReferenceCache} kept them until a garbage collection found them: under load the next young
 * collection, a second or so later, so the commands that follow each other for one person were loaded again from the
 * snapshot and the events; on a quiet node, for as long as no collection ran. A node never sees another node's appends
 * in its cached state, and the age bounds for how long: a command decided on a stale state that appends is refused by
 * the store (optimistic concurrency), the repository drops the entry and the command runs again on a fresh load; a
 * refusal fails its unit of work, which drops the entry too, so the next command reads the person as stored; a
 * command that neither appends nor fails (nothing to record) leaves it, for at most the age.
 */
final class RecentAggregates implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    RecentAggregates(int maximum, Duration maxAge) {
        this(maximum, maxAge, Ticker.systemTicker());
    }

    RecentAggregates(int maximum, Duration maxAge, Ticker ticker) {
        // The age counts from the entry's creation: Axon puts the person again after every command it saves, which
        // must not make a person used every few seconds live on. Evictions are done by the threads that use the
        // cache, not handed to the common fork-join pool.
        this.entries = Caffeine.newBuilder().maximumSize(maximum)
                .expireAfter(Expiry.creating((Object key, Object value) -> maxAge)).ticker(ticker)
                .executor(Runnable::run).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            entries.invalidate(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, absent -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (present, value) -> update.apply((V) value));
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    /** Axon's repositories do not listen to their cache; no one else should. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("The aggregate cache tells no listeners of its entries.");
    }

    /** Lets a test see evictions at once (they are otherwise done along later calls). */
    void cleanUp() {
        entries.cleanUp();
    }
}
