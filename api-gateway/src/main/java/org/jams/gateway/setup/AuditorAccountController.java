package org.jams.gateway.setup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupCommands.CreateAuditorAccountCommand;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.AccountNames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.PasswordHasher;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.jams.query.setup.SetupReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Auditor (security officer) accounts: an admin creates them; an auditor signs in like anyone (Basic credentials or
 * a token from POST /api/login, scope AUDITOR), reads everything an admin reads and changes nothing.
 */
@RestController
@RequestMapping(path = "/api/admin/auditors", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditorAccountController {

    public record CreateAuditorRequest(String username, String password) {
        @Override
        public String toString() {
            return "CreateAuditorRequest[" + username + "]";
        }
    }

    private final Authenticator authenticator;
    private final PasswordHasher passwords;
    private final Commands commands;
    private final BlockingWork blocking;
    private final SetupReader setup;
    private final AccountNames accountNames;

    public AuditorAccountController(Authenticator authenticator, PasswordHasher passwords, Commands commands,
                                    BlockingWork blocking, SetupReader setup, AccountNames accountNames) {
        this.authenticator = authenticator;
        this.passwords = passwords;
        this.commands = commands;
        this.blocking = blocking;
        this.setup = setup;
        this.accountNames = accountNames;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, String>> create(@RequestBody(required = false) CreateAuditorRequest request,
                                            ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            CreateAuditorRequest body = Json.body(request);
            String username = Usernames.canonical(Json.required(body.username(), "username"));
            Usernames.requireValid(username);
            String password = Json.password(body.password());
            return blocking.call(() -> {
                if (accountNames.isTaken(username)) {
                    throw ApiError.conflict("account_exists", "An account named " + username + " already exists.");
                }
                return passwords.hash(password);
            }).flatMap(hash -> commands.run(new CreateAuditorAccountCommand(ServerSetupId.VALUE, username, hash),
                    caller, exchange))
                    .thenReturn(Map.of("username", username, "scope", "AUDITOR"));
        });
    }

    @GetMapping
    public Mono<List<Map<String, Object>>> list(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> setup.auditors().stream()
                .map(auditor -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("username", auditor.username());
                    entry.put("createdAt", auditor.createdAt().toString());
                    return entry;
                }).toList()));
    }
}
