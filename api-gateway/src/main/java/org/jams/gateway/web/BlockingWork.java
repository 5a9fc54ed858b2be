package org.jams.gateway.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * JDBC, password hashing, RSA and command handling block; they run here, never on a Netty event-loop thread.
 * The thread count matches the connection pool so work waits in this queue rather than for a connection.
 * Work that has started is never interrupted when the client goes away: an interrupt would abort a command in the
 * middle of its unit of work; it finishes (or rolls back) on its own and only its answer is dropped.
 */
@Component
public class BlockingWork implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public BlockingWork(@Value("${jams.blocking.threads:16}") int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "jams-blocking-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), factory, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.defer(() -> Mono.fromFuture(CompletableFuture.supplyAsync(() -> {
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
