package org.jams.gateway.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.directory.UserReader;
import org.jams.query.policy.EffectiveSettings;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/admin/users/{username}/settings}: what a person's devices get, and where each key comes from. */
@RestController
public class EffectiveSettingsController {

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final UserReader users;
    private final PolicyDelivery policies;

    public EffectiveSettingsController(Authenticator authenticator, BlockingWork blocking, UserReader users,
                                       PolicyDelivery policies) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.users = users;
        this.policies = policies;
    }

    @GetMapping(path = "/api/admin/users/{username}/settings", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> settings(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            String person = Usernames.canonical(username);
            users.find(person).orElseThrow(() -> ApiError.notFound("user_not_found", "No user named " + person
                    + "."));
            EffectiveSettings effective = policies.settingsOf(person);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("settings", effective.settings());
            answer.put("sources", effective.sources());
            answer.put("blueprints", effective.delivered());
            return answer;
        }));
    }
}
