package org.jams.gateway.setup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupCommands.ChangeServerSettingsCommand;
import org.jams.api.setup.SetupCommands.ConfigureDirectoryCommand;
import org.jams.api.setup.SetupCommands.CreateAdminAccountCommand;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.PasswordHasher;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.directory.DirectorySetup.DirectoryRequest;
import org.jams.gateway.directory.DirectorySetup;
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

/** The setup wizard: admin account, organisation CA, user directory, settings. */
@RestController
@RequestMapping(path = "/api/setup", produces = MediaType.APPLICATION_JSON_VALUE)
public class SetupController {

    public record AdminRequest(String username, String password) {
        @Override
        public String toString() {
            return "AdminRequest[" + username + "]";
        }
    }

    public record SettingsRequest(Integer deviceLifetimeDays, Integer userLifetimeDays, Integer crlLifetimeMinutes,
                                  String corsOrigin, String publicUrl) {
    }

    private final SetupReader setup;
    private final Authenticator authenticator;
    private final PasswordHasher passwords;
    private final Commands commands;
    private final BlockingWork blocking;
    private final OrganisationCaSetup caSetup;
    private final DirectorySetup directorySetup;

    public SetupController(SetupReader setup, Authenticator authenticator, PasswordHasher passwords,
                           Commands commands, BlockingWork blocking, OrganisationCaSetup caSetup,
                           DirectorySetup directorySetup) {
        this.directorySetup = directorySetup;
        this.setup = setup;
        this.authenticator = authenticator;
        this.passwords = passwords;
        this.commands = commands;
        this.blocking = blocking;
        this.caSetup = caSetup;
    }

    @GetMapping("/status")
    public Mono<Map<String, Boolean>> status() {
        return blocking.call(setup::status).map(status -> {
            Map<String, Boolean> body = new LinkedHashMap<>();
            body.put("admin", status.admin());
            body.put("ca", status.ca());
            body.put("directory", status.directory());
            body.put("settings", status.settings());
            body.put("complete", status.complete());
            return body;
        });
    }

    /** Open to anyone while no admin exists (the first step); afterwards only an admin gets as far as the 409. */
    @PostMapping(path = "/admin", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, String>> createAdmin(@RequestBody(required = false) AdminRequest request,
                                                 ServerWebExchange exchange) {
        return blocking.call(() -> setup.status().admin()).flatMap(adminExists -> adminExists
                        ? authenticator.requireAdmin(exchange)
                        : Mono.just(new Caller("setup", Scope.ADMIN, "first-setup-step")))
                .flatMap(caller -> {
                    AdminRequest body = Json.body(request);
                    String username = Usernames.canonical(Json.required(body.username(), "username"));
                    Usernames.requireValid(username);
                    String password = Json.password(body.password());
                    return blocking.call(() -> passwords.hash(password))
                            .flatMap(hash -> commands.run(new CreateAdminAccountCommand(ServerSetupId.VALUE, username,
                                    hash), caller, exchange))
                            .thenReturn(Map.of("username", username));
                });
    }

    @PostMapping(path = "/ca", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, Object>> configureCa(@RequestBody(required = false) OrganisationCaSetup.CaRequest request,
                                                 ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> caSetup.configure(Json.body(request), caller,
                exchange));
    }

    /**
     * Where people come from: {@code {"type":"local"}}, or the settings of an LDAP server ({@code "ldap"}) or an
     * Active Directory ({@code "ad"}), saved only once the directory accepted them.
     */
    @PostMapping(path = "/directory", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, Object>> configureDirectory(@RequestBody(required = false) DirectoryRequest request,
                                                        ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String type = Json.required(Json.body(request).type(), "type");
            if (!"local".equals(type)) {
                return directorySetup.configure(request, caller, exchange);
            }
            return commands.run(new ConfigureDirectoryCommand(ServerSetupId.VALUE, type), caller, exchange)
                    .then(Mono.fromRunnable(directorySetup::localConfigured))
                    .thenReturn(Map.<String, Object>of("type", type));
        });
    }

    /** Checks LDAP or Active Directory settings against the directory, without saving them. */
    @PostMapping(path = "/directory/test", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> testDirectory(@RequestBody(required = false) DirectoryRequest request,
                                                   ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> directorySetup.check(request));
    }

    /** Where people come from now; the bind password is never given back. */
    @GetMapping("/directory")
    public Mono<Map<String, Object>> directory(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).flatMap(caller -> blocking.call(() -> setup.directory()
                .map(directory -> directory.external() ? DirectorySetup.view(directory.settings())
                        : new LinkedHashMap<String, Object>(Map.of("type", directory.type())))
                .orElseThrow(() -> ApiError.notFound("no_directory", "No user source is configured yet."))));
    }

    /** The server settings now (admins and auditors), as {@code POST /settings} answers them. */
    @GetMapping("/settings")
    public Mono<Map<String, Object>> settings(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).flatMap(caller -> blocking.call(() -> setup.settings()
                .map(SetupController::settingsBody)
                .orElseThrow(() -> ApiError.notFound("no_settings", "The server settings are not set yet."))));
    }

    /** The organisation CA's certificate and its details (admins and auditors); its key never leaves the server. */
    @GetMapping("/ca")
    public Mono<Map<String, Object>> organisationCa(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).flatMap(caller -> blocking.call(() -> setup
                .organisationCa().map(ca -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("certificate", ca.certificatePem());
                    body.put("caKeyId", ca.caKeyId());
                    body.put("subject", ca.subject());
                    body.put("serial", ca.serial());
                    body.put("notBefore", ca.notBefore().toString());
                    body.put("notAfter", ca.notAfter().toString());
                    body.put("origin", ca.origin());
                    return body;
                })
                .orElseThrow(() -> ApiError.notFound("no_ca", "No organisation CA is set up yet."))));
    }

    private static Map<String, Object> settingsBody(SetupReader.ServerSettingsView s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceLifetimeDays", s.deviceLifetimeDays());
        body.put("userLifetimeDays", s.userLifetimeDays());
        body.put("crlLifetimeMinutes", s.crlLifetimeMinutes());
        body.put("corsOrigin", s.corsOrigin());
        body.put("publicUrl", s.publicUrl());
        return body;
    }

    @PostMapping(path = "/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<Map<String, Object>> changeSettings(@RequestBody(required = false) SettingsRequest request,
                                                    ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            SettingsRequest body = Json.body(request);
            ChangeServerSettingsCommand command = new ChangeServerSettingsCommand(ServerSetupId.VALUE,
                    Json.required(body.deviceLifetimeDays(), "deviceLifetimeDays"),
                    Json.required(body.userLifetimeDays(), "userLifetimeDays"),
                    Json.required(body.crlLifetimeMinutes(), "crlLifetimeMinutes"),
                    body.corsOrigin() == null ? "" : body.corsOrigin(),
                    body.publicUrl() == null ? "" : body.publicUrl());
            return commands.run(command, caller, exchange).then(blocking.call(() -> setup.settings()
                    .map(SetupController::settingsBody).orElseGet(LinkedHashMap::new)));
        });
    }

}
