package org.jams.gateway.policy;

import java.util.List;
import java.util.Map;
import org.jams.api.policy.PolicyCommands.AddGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.AttachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyIds;
import org.jams.command.directory.Usernames;
import org.jams.command.policy.GroupNames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.jams.query.directory.UserReader;
import org.jams.query.policy.PolicyReader.GroupView;
import org.jams.query.policy.PolicyReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Groups: the admin's own (create, delete, members) and the directory's (read-only, by DN), and the blueprint each
 * gets with its precedence.
 */
@RestController
@RequestMapping(path = "/api/admin/groups", produces = MediaType.APPLICATION_JSON_VALUE)
public class GroupAdminController {

    public record CreateGroupRequest(String name, String description) {
    }

    public record AttachRequest(String blueprint, Integer precedence) {
    }

    private final Authenticator authenticator;
    private final Commands commands;
    private final BlockingWork blocking;
    private final PolicyReader policies;
    private final UserReader users;

    public GroupAdminController(Authenticator authenticator, Commands commands, BlockingWork blocking,
                                PolicyReader policies, UserReader users) {
        this.authenticator = authenticator;
        this.commands = commands;
        this.blocking = blocking;
        this.policies = policies;
        this.users = users;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<GroupView> create(@RequestBody(required = false) CreateGroupRequest request,
                                  ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            CreateGroupRequest body = Json.body(request);
            String name = GroupNames.canonical(Json.required(body.name(), "name"));
            GroupNames.requireValid(name, "group");
            return commands.run(new CreateGroupCommand(PolicyIds.group(name), name, body.description()), caller,
                    exchange).then(blocking.call(() -> requireGroup(name)));
        });
    }

    @GetMapping
    public Mono<List<GroupView>> list(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(policies::groups));
    }

    @GetMapping("/{name}")
    public Mono<Map<String, Object>> get(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            GroupView group = requireGroup(GroupKeys.requireExisting(name, policies));
            return Map.of("group", group, "members", "local".equals(group.source())
                    ? policies.members(group.name()) : List.of());
        }));
    }

    @DeleteMapping("/{name}")
    public Mono<Map<String, String>> delete(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String key = GroupKeys.of(name);
            requireDefinedHere(key);
            return commands.run(new DetachBlueprintCommand(PolicyIds.ATTACHMENTS, key), caller, exchange)
                    .then(commands.run(new DeleteGroupCommand(PolicyIds.group(key), key), caller, exchange))
                    .thenReturn(Map.of("deleted", key));
        });
    }

    @PutMapping("/{name}/members/{username}")
    public Mono<Map<String, Object>> addMember(@PathVariable String name, @PathVariable String username,
                                               ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String key = GroupKeys.of(name);
            requireDefinedHere(key);
            String member = Usernames.canonical(username);
            return blocking.call(() -> users.find(member).orElseThrow(() -> ApiError.notFound("user_not_found",
                    "No user named " + member + ".")))
                    .then(commands.run(new AddGroupMemberCommand(PolicyIds.group(key), key, member), caller, exchange))
                    .then(blocking.call(() -> Map.<String, Object>of("group", key, "members", policies.members(key))));
        });
    }

    @DeleteMapping("/{name}/members/{username}")
    public Mono<Map<String, Object>> removeMember(@PathVariable String name, @PathVariable String username,
                                                  ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String key = GroupKeys.of(name);
            requireDefinedHere(key);
            String member = Usernames.canonical(username);
            return commands.run(new RemoveGroupMemberCommand(PolicyIds.group(key), key, member), caller, exchange)
                    .then(blocking.call(() -> Map.<String, Object>of("group", key, "members", policies.members(key))));
        });
    }

    /** The group gets the blueprint; where several of a person's groups set a key, the highest precedence wins. */
    @PutMapping(path = "/{name}/blueprint", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<GroupView> attach(@PathVariable String name, @RequestBody(required = false) AttachRequest request,
                                  ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            AttachRequest body = Json.body(request);
            String blueprint = GroupNames.canonical(Json.required(body.blueprint(), "blueprint"));
            int precedence = Json.required(body.precedence(), "precedence");
            return blocking.call(() -> {
                String key = GroupKeys.requireExisting(name, policies);
                BlueprintAdminController.requireBlueprint(blueprint, policies);
                return key;
            }).flatMap(key -> commands.run(new AttachBlueprintCommand(PolicyIds.ATTACHMENTS, key, blueprint,
                    precedence), caller, exchange).then(blocking.call(() -> requireGroup(key))));
        });
    }

    @DeleteMapping("/{name}/blueprint")
    public Mono<GroupView> detach(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() ->
                GroupKeys.requireExisting(name, policies)).flatMap(key -> commands.run(new DetachBlueprintCommand(
                PolicyIds.ATTACHMENTS, key), caller, exchange).then(blocking.call(() -> requireGroup(key)))));
    }

    private static void requireDefinedHere(String key) {
        if (GroupNames.isDirectoryGroup(key)) {
            throw ApiError.conflict("directory_group", "The directory decides who is in " + key
                    + "; change its members there.");
        }
    }

    private GroupView requireGroup(String key) {
        return policies.group(key).orElseThrow(() -> ApiError.notFound("group_not_found", "No group named " + key
                + "."));
    }
}
