package org.jams.gateway.audit;

import java.util.List;
import java.util.Map;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.audit.rebuild.ReadModelRebuild;
import org.jams.query.audit.rebuild.RebuildStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Read-model rebuilds, for admins and auditors: start one, follow its progress, read its diff. */
@RestController
public class RebuildController {

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final ReadModelRebuild rebuild;

    public RebuildController(Authenticator authenticator, BlockingWork blocking, ReadModelRebuild rebuild) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.rebuild = rebuild;
    }

    /** {@code {"projection":"users-projection"|"all"}} → 202 with the new rebuild's status. */
    @PostMapping(path = "/api/audit/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RebuildStatus>> start(@RequestBody(required = false) Mono<Map<String, Object>> body,
                                                     ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange)
                .then(body.defaultIfEmpty(Map.of()))
                .flatMap(request -> {
                    Object projection = request.get("projection");
                    if (projection != null && !(projection instanceof String)) {
                        return Mono.error(ApiError.badRequest("invalid_projection",
                                "projection is a processor name or \"all\"."));
                    }
                    return blocking.call(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                            .body(rebuild.start((String) projection)));
                });
    }

    @GetMapping(path = "/api/audit/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<RebuildStatus>> list(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(Mono.fromSupplier(rebuild::all));
    }

    @GetMapping(path = "/api/audit/rebuilds/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RebuildStatus> status(@PathVariable("id") String id, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(Mono.fromSupplier(() -> rebuild.status(id)
                .orElseThrow(() -> ApiError.notFound("rebuild_not_found", "No rebuild " + id + "."))));
    }
}
