package org.jams.gateway.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code POST /api/admin/directory/sync}: an admin runs the directory synchronisation now. */
@RestController
public class DirectorySyncController {

    private final Authenticator authenticator;
    private final DirectorySync sync;
    private final BlockingWork blocking;

    public DirectorySyncController(Authenticator authenticator, DirectorySync sync, BlockingWork blocking) {
        this.authenticator = authenticator;
        this.sync = sync;
        this.blocking = blocking;
    }

    @PostMapping(path = "/api/admin/directory/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> synchronise(ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> {
            DirectorySync.Result result = sync.run();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ran", result.ran());
            if (result.why() != null) {
                body.put("message", result.why());
            }
            body.put("checked", result.checked());
            body.put("removed", result.removed());
            body.put("disabled", result.disabled());
            body.put("enabled", result.enabled());
            body.put("profilesUpdated", result.profilesUpdated());
            body.put("devicesRevoked", result.devicesRevoked());
            return body;
        }));
    }
}
