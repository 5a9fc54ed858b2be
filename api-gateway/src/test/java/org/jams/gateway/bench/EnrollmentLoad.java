package org.jams.gateway.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/auth/device} from {@code clients} concurrent clients, as in {@code EnrollmentBenchmark}: a few
 * users whose devices enroll again and again (renewals), each request with the person's Basic credentials.
 */
final class EnrollmentLoad {

    /** A person who enrolls devices: {@code username:password}. */
    record Person(String username, String password) {
        String credentials() {
            return username + ":" + password;
        }
    }

    private final BenchHttp http;
    private final List<Person> people;
    private final List<String> csrs;
    private final int clients;

    EnrollmentLoad(BenchHttp http, List<Person> people, List<String> csrs, int clients) {
        this.http = http;
        this.people = people;
        this.csrs = csrs;
        this.clients = clients;
    }

    /** Enrolls {@code count} times and returns the wall time in seconds; latencies go to {@code latencies}. */
    double run(int count, Latencies latencies) {
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        long started = System.nanoTime();
        Flux.range(0, count).flatMap(i -> {
            Person person = people.get(i % people.size());
            String body = BenchSetup.enrollmentBody(csrs.get(i % csrs.size()), "bench-" + i);
            return Mono.defer(() -> {
                long sent = System.nanoTime();
                return http.expect(HttpMethod.POST, "/api/auth/device", person.credentials(), body, 200)
                        .doOnSuccess(answer -> latencies.add(System.nanoTime() - sent));
            }).onErrorResume(error -> {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, error);
                return Mono.empty();
            });
        }, clients).blockLast();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " enrollments failed", firstFailure.get());
        }
        return seconds;
    }

    /** Enrolls for at least {@code seconds}, in rounds of {@code round} requests; returns how many. */
    int runFor(int seconds, int round) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int done = 0;
        while (done == 0 || System.nanoTime() < end) {
            run(round, new Latencies(round));
            done += round;
        }
        return done;
    }
}
