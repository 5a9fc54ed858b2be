package org.jams.gateway.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.jams.query.revocation.OcspResponder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * OCSP answers at the cost of a lookup where possible. A request without a nonce gets the answer prepared for the same
 * CertIDs, statuses and signer (a revocation changes the status, so it is never served from an older answer); an
 * answer still asked for is signed again in the background once it is {@link #REFRESH_AFTER} old, so those asked
 * often are always ready, and one no longer asked for is dropped before its nextUpdate. A request with a nonce (the
 * Jami client's) is signed on the spot, by at most {@code jams.ocsp.max-concurrent-signatures} threads: past them it
 * is answered {@code tryLater} at once, so that a flood of OCSP requests cannot take the machine's signing from
 * enrollments. The background signatures take the same permits.
 *
 * <p>While this node hears of every revocation ({@link RevocationNotices}), a request asked again byte for byte is
 * answered from memory, without a query, with the answer prepared for it within the last {@link #REFRESH_AFTER}; a
 * revocation anywhere clears those at its commit, and so does a lost notice connection.
 */
@Component
public class OcspAnswers implements DisposableBean {

    /** Within the answers' 5-minute validity: a served answer has at least a minute before its nextUpdate. */
    static final Duration REUSE_FOR = Duration.ofMinutes(4);
    /** An answer asked for after this age is prepared again in the background, while it is still served. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(2);
    private static final long WAIT_FOR_PERMIT_MILLIS = 20;

    /** A prepared answer, the request it answers (which its refresh asks again), and when it was signed. */
    private record Prepared(byte[] request, byte[] answer, long signedAtNanos) {

        boolean youngerThan(Duration age) {
            return System.nanoTime() - signedAtNanos < age.toNanos();
        }
    }

    private final OcspResponder responder;
    private final SignaturePermits signing;
    private final ExecutorService refreshing = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jams-ocsp-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final LoadingCache<String, Prepared> prepared;
    /** Answers by the exact request bytes, valid while no revocation was told since they were looked up. */
    private final Cache<ByteBuffer, Prepared> byRequest = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterWrite(REFRESH_AFTER).build();
    private final RevocationNotices notices;
    /** Moves on with every revocation told; an answer looked up under an older one is not kept by request. */
    private final AtomicLong revocationsTold = new AtomicLong();

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public OcspAnswers(OcspResponder responder, RevocationNotices notices, MeterRegistry meters,
                       @Value("${jams.ocsp.max-concurrent-signatures:0}") int maxConcurrentSignatures) {
        this.responder = responder;
        this.meters = meters;
        this.notices = notices;
        notices.onRevocation(() -> {
            revocationsTold.incrementAndGet();
            byRequest.invalidateAll();
        });
        int permits = maxConcurrentSignatures > 0 ? maxConcurrentSignatures
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.signing = new SignaturePermits(permits, WAIT_FOR_PERMIT_MILLIS);
        this.prepared = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(REUSE_FOR)
                .refreshAfterWrite(REFRESH_AFTER).executor(refreshing).build(new CacheLoader<>() {
                    @Override
                    public Prepared load(String key) {
                        return null; // answers are put when first signed, never loaded
                    }

                    @Override
                    public Prepared reload(String key, Prepared old) {
                        return refreshed(key, old);
                    }
                });
    }

    /** The answer to a request asked before, from memory, if this node would hear of a revocation. Not blocking. */
    public Optional<byte[]> ready(byte[] request) {
        if (!notices.listening()) {
            return Optional.empty();
        }
        Prepared known = byRequest.getIfPresent(ByteBuffer.wrap(request));
        if (known == null || !known.youngerThan(REFRESH_AFTER)) {
            return Optional.empty();
        }
        count("remembered", false);
        return Optional.of(known.answer());
    }

    /**
     * {@code jams.ocsp.answers}, by {@code status} (good, revoked, unknown of the first certificate; remembered;
     * unauthorized, malformedRequest or tryLater) and {@code nonce} (whether the request had one: Jami's do).
     */
    private void count(String status, boolean nonce) {
        counters.computeIfAbsent(status + nonce, key -> Counter.builder("jams.ocsp.answers")
                .description("OCSP answers given").tag("status", status).tag("nonce", Boolean.toString(nonce))
                .register(meters)).increment();
    }

    /** Blocking. */
    public byte[] answer(byte[] request) {
        long told = revocationsTold.get(); // before the statuses are read
        OcspResponder.Lookup lookup = responder.lookup(request);
        if (lookup.immediate() != null) {
            count(lookup.immediateStatus(), false);
            return lookup.immediate();
        }
        if (lookup.reusable()) {
            Prepared ready = prepared.getIfPresent(lookup.key());
            if (ready != null) {
                count(lookup.firstStatus(), false);
                keepByRequest(request, ready, told);
                return ready.answer();
            }
        }
        byte[] answer = signing.withPermit(() -> {
            byte[] signed = responder.sign(lookup);
            if (lookup.reusable()) {
                Prepared fresh = new Prepared(request, signed, System.nanoTime());
                prepared.put(lookup.key(), fresh);
                keepByRequest(request, fresh, told);
            }
            return signed;
        }).orElse(null);
        count(answer == null ? "tryLater" : lookup.firstStatus(), !lookup.reusable());
        return answer != null ? answer : OcspResponder.status(OCSPRespBuilder.TRY_LATER);
    }

    /**
     * Keeps the answer by its request unless a revocation was told since its statuses were read: checked again once
     * kept, since a notice may clear the cache between the check and the put.
     */
    private void keepByRequest(byte[] request, Prepared answer, long told) {
        if (!notices.listening() || revocationsTold.get() != told || !answer.youngerThan(REFRESH_AFTER)) {
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(request.clone());
        byRequest.put(key, answer);
        if (revocationsTold.get() != told || !notices.listening()) {
            byRequest.invalidate(key);
        }
    }

    /**
     * The answer signed again, if the statuses are still those it was prepared for; null (the answer is dropped, the
     * next request signs it) when they changed or no signing permit was free.
     */
    private Prepared refreshed(String key, Prepared old) {
        OcspResponder.Lookup lookup = responder.lookup(old.request());
        if (lookup.immediate() != null || !key.equals(lookup.key())) {
            return null;
        }
        return signing.withPermit(() -> new Prepared(old.request(), responder.sign(lookup), System.nanoTime()))
                .orElse(null);
    }

    @Override
    public void destroy() {
        refreshing.shutdownNow();
    }
}
