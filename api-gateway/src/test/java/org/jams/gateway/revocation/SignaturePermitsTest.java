package org.jams.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bound on OCSP signatures: while every permit is taken, a request gets none after the short wait. */
class SignaturePermitsTest {

    @Test
    void aRequestFindingEveryPermitTakenGetsNoneAfterTheWaitAndOneOnceFreed() throws Exception {
        SignaturePermits permits = new SignaturePermits(1, 20);
        CountDownLatch signing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<String>> busy = other.submit(() -> permits.withPermit(() -> {
                signing.countDown();
                try {
                    finish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertThat(signing.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            assertThat(permits.withPermit(() -> "second")).as("every permit taken").isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(15L, 2_000L);
            finish.countDown();
            assertThat(busy.get(10, TimeUnit.SECONDS)).contains("first");
            assertThat(permits.withPermit(() -> "third")).as("freed again").contains("third");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aFailingSignatureGivesItsPermitBack() {
        SignaturePermits permits = new SignaturePermits(1, 20);
        assertThatThrownBy(() -> permits.withPermit(() -> {
            throw new IllegalStateException("no key");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(permits.withPermit(() -> "after")).contains("after");
    }
}
