package org.jams.gateway.web;

import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * JDBC, password hashing, RSA and command handling block; they run here, never on a Netty event-loop thread.
 * The thread count matches the connection pool so work waits in this queue rather than for a connection.
 */
@Component
public class BlockingWork implements AutoCloseable {

    private final Scheduler scheduler;

    public BlockingWork(@Value("${jams.blocking.threads:16}") int threads) {
        this.scheduler = Schedulers.newBoundedElastic(threads, 10_000, "jams-blocking");
    }

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    public Mono<Void> run(Runnable work) {
        return Mono.fromRunnable(work).subscribeOn(scheduler).then();
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
