package org.jams.gateway.directory;

import java.util.List;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.AccountNames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.PasswordHasher;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.jams.query.directory.UserReader.UserPage;
import org.jams.query.directory.UserReader.UserView;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.enrollment.DeviceReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Admin management of people: create, list (from where people come from), read, and their devices. */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserAdminController {

    public record CreateUserRequest(String username, String password, String displayName) {
        @Override
        public String toString() {
            return "CreateUserRequest[" + username + "]";
        }
    }

    private static final int MAX_PAGE_SIZE = 200;

    private final Authenticator authenticator;
    private final PasswordHasher passwords;
    private final Commands commands;
    private final BlockingWork blocking;
    private final UserReader users;
    private final DeviceReader devices;
    private final AccountNames accountNames;
    private final AdminUserSearch search;
    private final DirectoryPeople directoryPeople;

    public UserAdminController(Authenticator authenticator, PasswordHasher passwords, Commands commands,
                               BlockingWork blocking, UserReader users, DeviceReader devices,
                               AccountNames accountNames, AdminUserSearch search, DirectoryPeople directoryPeople) {
        this.accountNames = accountNames;
        this.search = search;
        this.directoryPeople = directoryPeople;
        this.authenticator = authenticator;
        this.passwords = passwords;
        this.commands = commands;
        this.blocking = blocking;
        this.users = users;
        this.devices = devices;
    }

    @PostMapping(path = "/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<UserView> createUser(@RequestBody(required = false) CreateUserRequest request,
                                     ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            CreateUserRequest body = Json.body(request);
            String username = Usernames.canonical(Json.required(body.username(), "username"));
            Usernames.requireValid(username);
            String password = Json.password(body.password());
            String displayName = body.displayName() == null ? "" : body.displayName();
            return blocking.call(() -> {
                if (users.find(username).isPresent()) {
                    throw ApiError.conflict("user_exists", "A user named " + username + " already exists.");
                }
                if (accountNames.isAdminOrAuditor(username)) {
                    throw ApiError.conflict("account_exists", "An administrator or auditor is named " + username
                            + "; a user needs another name.");
                }
                return passwords.hash(password);
            }).flatMap(hash -> commands.run(new RegisterUserCommand(username, displayName, hash, "local"), caller,
                    exchange)
                    .onErrorMap(org.axonframework.modelling.command.AggregateStreamCreationException.class,
                            e -> ApiError.conflict("user_exists", "A user named " + username + " already exists.")))
                    .then(blocking.call(() -> users.find(username).orElseThrow(() -> new ApiError(
                            org.springframework.http.HttpStatus.ACCEPTED, "created_not_yet_visible",
                            "User " + username + " was created; the user list shows it in a moment."))));
        });
    }

    @GetMapping("/users")
    public Mono<UserPage> listUsers(@RequestParam(name = "q", required = false) String filter,
                                    @RequestParam(name = "page", defaultValue = "0") int page,
                                    @RequestParam(name = "size", defaultValue = "50") int size,
                                    ServerWebExchange exchange) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiError.badRequest("invalid_paging", "page must be 0 or more and size between 1 and "
                    + MAX_PAGE_SIZE + ".");
        }
        if (filter != null && filter.length() > 128) {
            throw ApiError.badRequest("invalid_filter", "The filter q has at most 128 characters.");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> search.page(filter, page, size)));
    }

    /**
     * A person known here. An admin looking up someone the directory has and this server does not know yet makes
     * them known (as their first sign-in would); an auditor's lookup changes nothing.
     */
    @GetMapping("/users/{username}")
    public Mono<UserView> getUser(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).flatMap(caller -> blocking.call(() -> {
            String canonical = Usernames.canonical(username);
            if (caller.scope() == Scope.ADMIN && users.find(canonical).isEmpty()
                    && !accountNames.isAdminOrAuditor(canonical)
                    && directoryPeople.registerLookedUp(canonical, caller, exchange)) {
                return users.find(canonical).orElseThrow(() -> new ApiError(HttpStatus.ACCEPTED,
                        "created_not_yet_visible", "User " + canonical + " came from the directory; the user list "
                        + "shows them in a moment."));
            }
            return requireUser(username);
        }));
    }

    @GetMapping("/users/{username}/devices")
    public Mono<List<DeviceView>> devicesOf(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            requireUser(username);
            return devices.devicesOf(Usernames.canonical(username));
        }));
    }

    private UserView requireUser(String username) {
        return users.find(Usernames.canonical(username)).orElseThrow(() -> ApiError.notFound("user_not_found",
                "No user named " + username + "."));
    }
}
