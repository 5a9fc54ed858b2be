package org.jams.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/login}: Basic credentials give a token of the caller's scope. Wrong credentials are a 403, not a
 * 401: newer Jami clients wipe their device on any 401 from this path.
 */
@RestController
public class LoginController {

    private final AccessTokens tokens;
    private final Authenticator authenticator;
    private final BlockingWork blocking;

    public LoginController(AccessTokens tokens, Authenticator authenticator, BlockingWork blocking) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.blocking = blocking;
    }

    @PostMapping(path = "/api/login", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> login(ServerWebExchange exchange) {
        var credentials = Credentials.from(exchange.getRequest());
        if (credentials.isEmpty() || !(credentials.get() instanceof Credentials.Basic basic)) {
            return Mono.error(ApiError.unauthorized("Sign in with a username and password."));
        }
        return blocking.call(() -> {
            Caller caller = authenticator.checkPassword(basic.username(), basic.password())
                    .orElseThrow(() -> ApiError.forbidden("invalid_credentials", "Wrong username or password."));
            AccessTokens.IssuedToken token = tokens.issue(caller.subject(), caller.scope());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token.token());
            body.put("expires_in", token.expiresInSeconds());
            body.put("scope", token.scope().name());
            return body;
        });
    }
}
