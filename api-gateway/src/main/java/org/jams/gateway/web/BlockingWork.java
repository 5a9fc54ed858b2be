package org.jams.gateway.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jams.gateway.database.DatabaseAvailability;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * JDBC, password hashing, RSA and command handling block; they run here, never on a Netty event-loop thread. While
 * the database is known to be unreachable ({@link DatabaseAvailability}), work is refused as it starts.
 * The thread count matches the connection pool so work waits in this queue rather than for a connection.
 * Work that has started is never interrupted when the client goes away: an interrupt would abort a command in the
 * middle of its unit of work; it finishes (or rolls back) on its own and only its answer is dropped.
 */
@Component
public class BlockingWork implements AutoCloseable {

    /** The pool's threads are named this and a number (thread dumps, profiles and benchmarks tell them by it). */
    public static final String THREAD_PREFIX = "jams-blocking-";

    private static final ApiError DATABASE_DOWN = DatabaseErrors.unavailable();

    private final ThreadPoolExecutor executor;
    private final DatabaseAvailability database;

    public BlockingWork(@Value("${jams.blocking.threads:16}") int threads, DatabaseAvailability database) {
        this.database = database;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, THREAD_PREFIX + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), factory, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.defer(() -> Mono.fromFuture(CompletableFuture.supplyAsync(() -> {
            if (database.isDown()) {
                // Checked when the work starts, not when it is queued: work queued behind a dead database is
                // answered at once instead of waiting for a connection in turn.
                throw DATABASE_DOWN;
            }
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor), true)).onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause());
    }

    public Mono<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        }).then();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
