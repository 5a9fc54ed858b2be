package org.jams.gateway.access;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.api.access.AccessEvents.PasswordLoginSucceededEvent;
import org.jams.gateway.auth.AccessTokens;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Credentials;
import org.jams.gateway.tls.ClientCertificates;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/login}. A device certificate gives a DEVICE token; Basic credentials give a USER token (ADMIN for
 * admins). An unknown, revoked or expired device is a 401; wrong credentials are a 403, never a 401, because newer
 * Jami clients wipe their device on any 401 from this path.
 */
@RestController
public class LoginController {

    private final AccessTokens tokens;
    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final ClientCertificates clientCertificates;
    private final DeviceLogin deviceLogin;
    private final AccessHistory history;

    public LoginController(AccessTokens tokens, Authenticator authenticator, BlockingWork blocking,
                           ClientCertificates clientCertificates, DeviceLogin deviceLogin, AccessHistory history) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.clientCertificates = clientCertificates;
        this.deviceLogin = deviceLogin;
        this.history = history;
    }

    @PostMapping(path = "/api/login", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> login(ServerWebExchange exchange) {
        var credentials = Credentials.from(exchange.getRequest());
        if (credentials.isPresent() && credentials.get() instanceof Credentials.Basic basic) {
            return blocking.call(() -> passwordLogin(basic, exchange));
        }
        var certificate = clientCertificates.leaf(exchange);
        if (certificate.isPresent()) {
            return blocking.call(() -> {
                DeviceLogin.Result result = deviceLogin.identify(certificate.get());
                if (result.caller().isEmpty()) {
                    history.refused(result.deviceId(), "client-certificate", result.refusal(), exchange);
                    throw ApiError.unauthorized("This device is not enrolled, or it was revoked or has expired.");
                }
                Caller caller = result.caller().get();
                history.record(new DeviceLoggedInEvent(caller.subject(), caller.deviceId(), result.serial()), caller,
                        exchange);
                return body(tokens.issue(caller));
            });
        }
        return Mono.error(ApiError.unauthorized("Sign in with a username and password or a device certificate."));
    }

    private Map<String, Object> passwordLogin(Credentials.Basic basic, ServerWebExchange exchange) {
        Caller caller = authenticator.checkPassword(basic.username(), basic.password(), exchange).orElse(null);
        if (caller == null) {
            history.refused(basic.username(), "basic", "wrong_credentials", exchange);
            throw ApiError.forbidden("invalid_credentials", "Wrong username or password.");
        }
        history.record(new PasswordLoginSucceededEvent(caller.subject(), caller.scope().name()), caller, exchange);
        return body(tokens.issue(caller));
    }

    private static Map<String, Object> body(AccessTokens.IssuedToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.token());
        body.put("expires_in", token.expiresInSeconds());
        body.put("scope", token.scope().name());
        return body;
    }
}
