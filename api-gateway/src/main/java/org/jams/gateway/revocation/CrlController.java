package org.jams.gateway.revocation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jams.command.pki.Pem;
import org.jams.gateway.audit.AuditTimes;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.revocation.CrlSource;
import org.jams.query.revocation.CrlSource.BuiltCrl;
import org.jams.query.revocation.CrlSource.Publication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The CRL distribution points certificates name: {@code /api/crl/{issuer}} (the organisation CA's key id for account
 * certificates, an account's Jami ID for its devices' certificates), in DER, or PEM with {@code .pem} or
 * {@code Accept: application/x-pem-file}. Anyone may fetch them; caches may keep one until it would be renewed. And
 * for admins and auditors, the CRLs an issuer published.
 */
@RestController
public class CrlController {

    static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");
    static final MediaType PEM_FILE = MediaType.parseMediaType("application/x-pem-file");
    private static final int MAX_LISTED = 100;

    private final CrlPublisher publisher;
    private final CrlSource source;
    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final Clock clock;

    public CrlController(CrlPublisher publisher, CrlSource source, Authenticator authenticator,
                         BlockingWork blocking, Clock clock) {
        this.publisher = publisher;
        this.source = source;
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.clock = clock;
    }

    @GetMapping(path = "/api/crl/{issuer}")
    public Mono<ResponseEntity<byte[]>> crl(@PathVariable String issuer, ServerWebExchange exchange) {
        String name = issuer.toLowerCase(Locale.ROOT);
        boolean pem = name.endsWith(".pem") || exchange.getRequest().getHeaders().getAccept().stream()
                .anyMatch(type -> type.equalsTypeAndSubtype(PEM_FILE));
        String keyId = name.endsWith(".pem") || name.endsWith(".crl") ? name.substring(0, name.length() - 4) : name;
        if (!keyId.matches("[0-9a-f]{40}")) {
            throw ApiError.badRequest("invalid_issuer", "A CRL is named by its issuer: the organisation CA's key id "
                    + "or an account's Jami ID, 40 hex digits (with .crl or .pem after it if you like).");
        }
        return blocking.call(() -> publisher.current(keyId)).map(crl -> answer(crl, pem));
    }

    private ResponseEntity<byte[]> answer(BuiltCrl crl, boolean pem) {
        Publication publication = crl.publication();
        String etag = "\"" + publication.sha256().substring(0, 32) + (pem ? "-pem" : "") + "\"";
        Instant renewedBy = publication.thisUpdate().plus(publication.lifetime().dividedBy(2));
        long maxAge = Math.max(0, Duration.between(clock.instant(), renewedBy).toSeconds());
        CacheControl cache = CacheControl.maxAge(Duration.ofSeconds(maxAge)).cachePublic().noTransform();
        // WebFlux answers If-None-Match and If-Modified-Since from these headers with a 304 (RFC 9110).
        byte[] body = pem ? Pem.encodeCrl(crl.der()).getBytes(StandardCharsets.US_ASCII) : crl.der();
        return ResponseEntity.ok().contentType(pem ? PEM_FILE : PKIX_CRL).eTag(etag).cacheControl(cache)
                .lastModified(publication.thisUpdate()).header("X-CRL-Number", Long.toString(publication.number()))
                .body(body);
    }

    /**
     * The CRLs an issuer published, newest first (at most 100); with {@code at}, those published by then, the first
     * being the CRL in force at that moment. {@code GET /api/audit/as-of/crl?issuer=…&at=<its number as a moment>}
     * builds each again from the events, to the digest recorded.
     */
    @GetMapping(path = "/api/audit/crls", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Publication>> publications(@RequestParam(name = "issuer", required = false) String issuer,
                                                @RequestParam(name = "at", required = false) String at,
                                                ServerWebExchange exchange) {
        String keyId = issuer == null ? "" : issuer.trim().toLowerCase(Locale.ROOT);
        if (!keyId.matches("[0-9a-f]{40}")) {
            throw ApiError.badRequest("invalid_issuer",
                    "issuer is the organisation CA's key id or an account's Jami ID: 40 hex digits.");
        }
        Instant moment = at == null ? null : AuditTimes.parse(at, "at");
        return authenticator.requireAuditorOrAdmin(exchange)
                .then(blocking.call(() -> source.publications(keyId, moment, MAX_LISTED)));
    }
}
