package org.jams.gateway.revocation;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
@Component
public class OcspAnswers implements DisposableBean {

    /** Within the answers' 5-minute validity: a served answer has at least a minute before its nextUpdate. */
    static final Duration REUSE_FOR = Duration.ofMinutes(4);
    /** An answer asked for after this age is prepared again in the background, while it is still served. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(2);
    private static final long WAIT_FOR_PERMIT_MILLIS = 20;

    /** A prepared answer and the request it answers, which its refresh asks again. */
    private record Prepared(byte[] request, byte[] answer) {
    }

    private final OcspResponder responder;
    private final SignaturePermits signing;
    private final ExecutorService refreshing = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jams-ocsp-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final LoadingCache<String, Prepared> prepared;

    public OcspAnswers(OcspResponder responder,
                       @Value("${jams.ocsp.max-concurrent-signatures:0}") int maxConcurrentSignatures) {
        this.responder = responder;
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

    /** Blocking. */
    public byte[] answer(byte[] request) {
        OcspResponder.Lookup lookup = responder.lookup(request);
        if (lookup.immediate() != null) {
            return lookup.immediate();
        }
        if (lookup.reusable()) {
            Prepared ready = prepared.getIfPresent(lookup.key());
            if (ready != null) {
                return ready.answer();
            }
        }
        return signing.withPermit(() -> {
            byte[] signed = responder.sign(lookup);
            if (lookup.reusable()) {
                prepared.put(lookup.key(), new Prepared(request, signed));
            }
            return signed;
        }).orElseGet(() -> OcspResponder.status(OCSPRespBuilder.TRY_LATER));
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
        return signing.withPermit(() -> new Prepared(old.request(), responder.sign(lookup))).orElse(null);
    }

    @Override
    public void destroy() {
        refreshing.shutdownNow();
    }
}
