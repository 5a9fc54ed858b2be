package org.jams.gateway.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jams.api.policy.PolicyCommands.AddGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.AttachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.RenameGroupCommand;
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
 * Groups: the admin's own (create, rename, delete, members) and the directory's (read-only, by DN), and the blueprint each
 * gets with its precedence.
 */
@RestController
@RequestMapping(path = "/api/admin/groups", produces = MediaType.APPLICATION_JSON_VALUE)
public class GroupAdminController {

    public record CreateGroupRequest(String name, String description) {
    }

    public record AttachRequest(String blueprint, Integer precedence) {
    }

    public record RenameRequest(String name) {
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
            return commands.run(new CreateGroupCommand(PolicyIds.CATALOG, UUID.randomUUID().toString(), name,
                    body.description()), caller, exchange).then(blocking.call(() -> requireGroup(name)));
        });
    }

    @GetMapping
    public Mono<List<GroupView>> list(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(policies::groups));
    }

    @GetMapping("/{name}")
    public Mono<Map<String, Object>> get(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            GroupView group = requireGroup(GroupKeys.name(name));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("group", group);
            answer.put("members", "local".equals(group.source()) ? policies.members(group.name()) : List.of());
            return answer;
        }));
    }

    /** Renames a group defined here: its members, blueprint and history stay with it. */
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<GroupView> rename(@PathVariable String name, @RequestBody(required = false) RenameRequest request,
                                  ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String current = GroupKeys.name(name);
            String renamed = GroupNames.canonical(Json.required(Json.body(request).name(), "name"));
            GroupNames.requireValid(renamed, "group");
            return blocking.call(() -> GroupKeys.requireGroupId(current, policies))
                    .then(commands.run(new RenameGroupCommand(PolicyIds.CATALOG, current, renamed), caller, exchange))
                    .then(blocking.call(() -> requireGroup(renamed)));
        });
    }

    @DeleteMapping("/{name}")
    public Mono<Map<String, String>> delete(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String current = GroupKeys.name(name);
            return blocking.call(() -> GroupKeys.requireGroupId(current, policies))
                    .then(commands.run(new DeleteGroupCommand(PolicyIds.CATALOG, current), caller, exchange))
                    .thenReturn(Map.of("deleted", current));
        });
    }

    @PutMapping("/{name}/members/{username}")
    public Mono<Map<String, Object>> addMember(@PathVariable String name, @PathVariable String username,
                                               ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String group = GroupKeys.name(name);
            String member = Usernames.canonical(username);
            return blocking.call(() -> {
                String groupId = GroupKeys.requireGroupId(group, policies);
                users.find(member).orElseThrow(() -> ApiError.notFound("user_not_found", "No user named " + member
                        + "."));
                return groupId;
            }).flatMap(groupId -> commands.run(new AddGroupMemberCommand(PolicyIds.groupMembers(groupId), groupId,
                    group, member), caller, exchange))
                    .then(blocking.call(() -> Map.<String, Object>of("group", group, "members", policies.members(group))));
        });
    }

    @DeleteMapping("/{name}/members/{username}")
    public Mono<Map<String, Object>> removeMember(@PathVariable String name, @PathVariable String username,
                                                  ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String group = GroupKeys.name(name);
            String member = Usernames.canonical(username);
            return blocking.call(() -> GroupKeys.requireGroupId(group, policies))
                    .flatMap(groupId -> commands.run(new RemoveGroupMemberCommand(PolicyIds.groupMembers(groupId),
                            groupId, group, member), caller, exchange))
                    .then(blocking.call(() -> Map.<String, Object>of("group", group, "members", policies.members(group))));
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
            String group = GroupKeys.name(name);
            return blocking.call(() -> {
                String key = GroupKeys.requireKey(group, policies);
                BlueprintAdminController.requireBlueprint(blueprint, policies);
                return key;
            }).flatMap(key -> commands.run(new AttachBlueprintCommand(PolicyIds.CATALOG, key, blueprint,
                    precedence), caller, exchange)).then(blocking.call(() -> requireGroup(group)));
        });
    }

    @DeleteMapping("/{name}/blueprint")
    public Mono<GroupView> detach(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String group = GroupKeys.name(name);
            return blocking.call(() -> GroupKeys.requireKey(group, policies))
                    .flatMap(key -> commands.run(new DetachBlueprintCommand(PolicyIds.CATALOG, key), caller,
                            exchange)).then(blocking.call(() -> requireGroup(group)));
        });
    }

    private GroupView requireGroup(String key) {
        return policies.group(key).orElseThrow(() -> ApiError.notFound("group_not_found", "No group named " + key
                + "."));
    }
}
