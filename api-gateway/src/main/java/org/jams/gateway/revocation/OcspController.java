package org.jams.gateway.revocation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.revocation.OcspResponder;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OCSP responder new device certificates name (their Authority Information Access): a DER request POSTed
 * ({@code application/ocsp-request}, as the Jami client sends it) or base64 in the path of a GET (RFC 5019). Anyone
 * may ask; the answer is an OCSP response whatever went wrong with the request.
 */
@RestController
public class OcspController {

    static final String PATH = "/api/ocsp";
    static final MediaType OCSP_RESPONSE = MediaType.parseMediaType("application/ocsp-response");
    /** An OCSP request of one or a few CertIDs is some 100 bytes; far larger ones are not OCSP requests. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final OcspAnswers answers;
    private final BlockingWork blocking;

    public OcspController(OcspAnswers answers, BlockingWork blocking) {
        this.answers = answers;
        this.blocking = blocking;
    }

    @PostMapping(path = PATH)
    public Mono<ResponseEntity<byte[]>> post(ServerWebExchange exchange) {
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_REQUEST_BYTES + 1)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorResume(org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> Mono.just(new byte[0]))
                .defaultIfEmpty(new byte[0])
                .flatMap(this::answer);
    }

    @GetMapping(path = PATH + "/**")
    public Mono<ResponseEntity<byte[]>> get(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String encoded = path.length() > PATH.length() + 1 ? path.substring(PATH.length() + 1) : "";
        byte[] request;
        try {
            String base64 = URLDecoder.decode(encoded, StandardCharsets.US_ASCII);
            request = base64.length() > MAX_REQUEST_BYTES * 2 ? new byte[0] : Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            request = new byte[0];
        }
        return answer(request);
    }

    private Mono<ResponseEntity<byte[]>> answer(byte[] request) {
        if (request.length == 0 || request.length > MAX_REQUEST_BYTES) {
            return Mono.just(response(OcspResponder.status(OCSPRespBuilder.MALFORMED_REQUEST)));
        }
        // Asked before and still current: answered from memory, on this thread.
        Optional<byte[]> ready = answers.ready(request);
        if (ready.isPresent()) {
            return Mono.just(response(ready.get()));
        }
        return blocking.call(() -> answers.answer(request)).map(OcspController::response);
    }

    private static ResponseEntity<byte[]> response(byte[] answer) {
        return ResponseEntity.ok().contentType(OCSP_RESPONSE).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(answer);
    }
}

