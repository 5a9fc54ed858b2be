package org.jams.gateway.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.jams.query.revocation.OcspResponder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * OCSP answers at the cost of a lookup where possible. A request without a nonce gets the answer signed for the same
 * CertIDs, statuses and signer within the last minutes (a revocation changes the status, so it is never served from
 * an older answer). A request with a nonce (the Jami client's) is signed on the spot, by at most
 * {@code jams.ocsp.max-concurrent-signatures} threads: past them it is answered {@code tryLater} at once, so that a
 * flood of OCSP requests cannot take the machine's signing from enrollments.
 */
@Component
public class OcspAnswers {

    /** Within the answers' 5-minute validity: a reused answer still has a minute before its nextUpdate. */
    static final Duration REUSE_FOR = Duration.ofMinutes(4);
    private static final long WAIT_FOR_PERMIT_MILLIS = 20;

    private final OcspResponder responder;
    private final SignaturePermits signing;
    private final Cache<String, byte[]> prepared = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterWrite(REUSE_FOR).build();

    public OcspAnswers(OcspResponder responder,
                       @Value("${jams.ocsp.max-concurrent-signatures:0}") int maxConcurrentSignatures) {
        this.responder = responder;
        int permits = maxConcurrentSignatures > 0 ? maxConcurrentSignatures
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.signing = new SignaturePermits(permits, WAIT_FOR_PERMIT_MILLIS);
    }

    /** Blocking. */
    public byte[] answer(byte[] request) {
        OcspResponder.Lookup lookup = responder.lookup(request);
        if (lookup.immediate() != null) {
            return lookup.immediate();
        }
        if (lookup.reusable()) {
            byte[] ready = prepared.getIfPresent(lookup.key());
            if (ready != null) {
                return ready;
            }
        }
        return signing.withPermit(() -> {
            byte[] signed = responder.sign(lookup);
            if (lookup.reusable()) {
                prepared.put(lookup.key(), signed);
            }
            return signed;
        }).orElseGet(() -> OcspResponder.status(OCSPRespBuilder.TRY_LATER));
    }
}
