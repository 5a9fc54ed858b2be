package org.jams.gateway.access;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.PasswordGuessing;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/admin/accounts/{username}/unlock}: an admin lifts the lock that failed password attempts put on an
 * account (a user, another admin or an auditor) and its failures are forgotten; the unlock is an event in the
 * account's history. Answers whether it was locked.
 */
@RestController
public class AccountLockController {

    private final Authenticator authenticator;
    private final PasswordGuessing guessing;
    private final BlockingWork blocking;

    public AccountLockController(Authenticator authenticator, PasswordGuessing guessing, BlockingWork blocking) {
        this.authenticator = authenticator;
        this.guessing = guessing;
        this.blocking = blocking;
    }

    @PostMapping(path = "/api/admin/accounts/{username}/unlock", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> unlock(@PathVariable String username, ServerWebExchange exchange) {
        String canonical = Usernames.canonical(username);
        return authenticator.requireAdmin(exchange).flatMap(admin -> blocking.call(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", canonical);
            body.put("wasLocked", guessing.unlock(canonical, admin, exchange));
            return body;
        }));
    }
}
