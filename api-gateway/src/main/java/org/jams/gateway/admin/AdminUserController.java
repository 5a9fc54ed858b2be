package org.jams.gateway.admin;

import java.util.List;
import java.util.Map;
import org.jams.api.device.DeviceCommands.RevokeDeviceCommand;
import org.jams.api.user.UserCommands.RegisterUserCommand;
import org.jams.api.user.UserCommands.RevokeUserCommand;
import org.jams.command.user.Usernames;
import org.jams.gateway.auth.AccountNames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.PasswordHasher;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Commands;
import org.jams.gateway.web.Json;
import org.jams.query.devices.DeviceReader;
import org.jams.query.devices.DeviceReader.DeviceView;
import org.jams.query.users.UserReader;
import org.jams.query.users.UserReader.UserPage;
import org.jams.query.users.UserReader.UserView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/** Admin management of users and their devices. */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminUserController {

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

    public AdminUserController(Authenticator authenticator, PasswordHasher passwords, Commands commands,
                               BlockingWork blocking, UserReader users, DeviceReader devices,
                               AccountNames accountNames) {
        this.accountNames = accountNames;
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
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> users.page(filter, page, size)));
    }

    @GetMapping("/users/{username}")
    public Mono<UserView> getUser(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> requireUser(username)));
    }

    @GetMapping("/users/{username}/devices")
    public Mono<List<DeviceView>> devicesOf(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            requireUser(username);
            return devices.devicesOf(Usernames.canonical(username));
        }));
    }

    @DeleteMapping("/users/{username}")
    public Mono<UserView> revokeUser(@PathVariable String username,
                                     @RequestParam(name = "reason", required = false) String reason,
                                     ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> requireUser(username))
                .flatMap(user -> commands.run(new RevokeUserCommand(user.username(), reason, caller.actor()),
                        caller, exchange).then(blocking.call(() -> requireUser(username)))));
    }

    @DeleteMapping("/devices/{deviceId}")
    public Mono<Map<String, Object>> revokeDevice(@PathVariable String deviceId,
                                                  @RequestParam(name = "reason", required = false) String reason,
                                                  ServerWebExchange exchange) {
        if (!deviceId.matches("[0-9a-f]{64}")) {
            throw ApiError.badRequest("invalid_device_id",
                    "A device id is the 64 lower-case hex digits of the SHA-256 of the device key.");
        }
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> {
            List<DeviceView> found = devices.byDeviceId(deviceId);
            if (found.isEmpty()) {
                throw ApiError.notFound("device_not_found", "No device has the id " + deviceId + ".");
            }
            if (found.size() > 1) {
                throw ApiError.conflict("ambiguous_device", "Several users enrolled this device key; revoke it "
                        + "through each user.");
            }
            return found.get(0);
        }).flatMap(device -> commands.run(new RevokeDeviceCommand(device.username(), deviceId, reason,
                caller.actor()), caller, exchange)
                .then(blocking.call(() -> Map.<String, Object>of("deviceId", deviceId, "username", device.username(),
                        "status", devices.byDeviceId(deviceId).get(0).status())))));
    }

    private UserView requireUser(String username) {
        return users.find(Usernames.canonical(username)).orElseThrow(() -> ApiError.notFound("user_not_found",
                "No user named " + username + "."));
    }
}
