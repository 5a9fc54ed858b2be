package org.jams.gateway.audit;

import java.time.Instant;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.audit.asof.AsOfQueries;
import org.jams.query.audit.asof.CrlAsOf;
import org.jams.query.audit.asof.UserAsOf;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** State as of any moment, for admins and auditors: a user and their devices, and an issuer's CRL. */
@RestController
public class AsOfController {

    static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");

    static final int DEFAULT_PEOPLE_PAGE = 25;
    static final int MAX_PEOPLE_PAGE = 50;
    static final int MAX_PEOPLE_PAGE_NUMBER = 100_000;

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final AsOfQueries queries;

    public AsOfController(Authenticator authenticator, BlockingWork blocking, AsOfQueries queries) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.queries = queries;
    }

    @GetMapping(path = "/api/audit/as-of", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<UserAsOf> userAsOf(@RequestParam(name = "at", required = false) String at,
                                   @RequestParam(name = "user", required = false) String user,
                                   ServerWebExchange exchange) {
        Instant moment = AuditTimes.required(at, "at");
        if (user == null || user.isBlank()) {
            throw ApiError.badRequest("missing_user", "The parameter 'user' is required.");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> queries.userAt(user, moment)
                .orElseThrow(() -> ApiError.notFound("user_not_found", "No user named " + user + " ever existed."))));
    }

    /** The organisation at a moment: everyone registered by then, with their status then, a page at a time. */
    @GetMapping(path = "/api/audit/as-of/people", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AsOfQueries.PeopleAsOf> peopleAsOf(@RequestParam(name = "at", required = false) String at,
                                                   @RequestParam(name = "page", required = false) Integer page,
                                                   @RequestParam(name = "size", required = false) Integer size,
                                                   ServerWebExchange exchange) {
        Instant moment = AuditTimes.required(at, "at");
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? DEFAULT_PEOPLE_PAGE : size;
        if (pageNumber < 0 || pageNumber > MAX_PEOPLE_PAGE_NUMBER || pageSize < 1 || pageSize > MAX_PEOPLE_PAGE) {
            throw ApiError.badRequest("invalid_paging", "page is 0 to " + MAX_PEOPLE_PAGE_NUMBER + " and size 1 to "
                    + MAX_PEOPLE_PAGE + ".");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() ->
                queries.peopleAt(moment, pageNumber, pageSize)));
    }

    @GetMapping(path = "/api/audit/as-of/crl")
    public Mono<ResponseEntity<byte[]>> crlAsOf(@RequestParam(name = "at", required = false) String at,
                                                @RequestParam(name = "issuer", required = false) String issuer,
                                                ServerWebExchange exchange) {
        Instant moment = AuditTimes.required(at, "at");
        if (issuer == null || issuer.isBlank()) {
            throw ApiError.badRequest("missing_issuer", "The parameter 'issuer' (a Jami ID or CA key id) is required.");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            CrlAsOf crl = queries.crlAt(issuer, moment);
            return ResponseEntity.ok().contentType(PKIX_CRL)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename(crl.issuerKeyId() + "-" + crl.thisUpdate().getEpochSecond() + ".crl").build()
                            .toString())
                    .body(crl.der());
        }));
    }
}
