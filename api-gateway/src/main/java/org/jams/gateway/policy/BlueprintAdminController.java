package org.jams.gateway.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jams.api.policy.PolicyCommands.SaveBlueprintCommand;
import org.jams.api.policy.PolicyCommands.SetDefaultBlueprintCommand;
import org.jams.api.policy.PolicyIds;
import org.jams.command.policy.BlueprintKeys;
import org.jams.command.policy.GroupNames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.Json;
import org.jams.query.policy.PolicyReader.BlueprintVersionView;
import org.jams.query.policy.PolicyDeliveries;
import org.jams.query.policy.PolicyReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Blueprints: named, versioned sets of Jami client settings (each key checked by its type), and the default one
 * everyone gets beneath their groups' blueprints.
 */
@RestController
public class BlueprintAdminController {

    public record CreateBlueprintRequest(String name, Map<String, String> settings) {
    }

    public record ChangeBlueprintRequest(Map<String, String> settings) {
    }

    public record DefaultBlueprintRequest(String blueprint) {
    }

    private static final String BLUEPRINTS = "/api/admin/blueprints";

    static final int MAX_DELIVERIES = 200;

    private final Authenticator authenticator;
    private final Commands commands;
    private final BlockingWork blocking;
    private final PolicyReader policies;
    private final PolicyDeliveries deliveries;

    public BlueprintAdminController(Authenticator authenticator, Commands commands, BlockingWork blocking,
                                    PolicyReader policies, PolicyDeliveries deliveries) {
        this.authenticator = authenticator;
        this.commands = commands;
        this.blocking = blocking;
        this.policies = policies;
        this.deliveries = deliveries;
    }

    @PostMapping(path = BLUEPRINTS, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BlueprintVersionView> create(@RequestBody(required = false) CreateBlueprintRequest request,
                                             ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            CreateBlueprintRequest body = Json.body(request);
            String name = GroupNames.canonical(Json.required(body.name(), "name"));
            GroupNames.requireValid(name, "blueprint");
            BlueprintKeys.normalised(body.settings()); // a clear 400 before anything is stored
            return blocking.call(() -> {
                if (policies.latest(name).isPresent()) {
                    throw ApiError.conflict("blueprint_exists", "A blueprint named " + name + " already exists; "
                            + "PUT " + BLUEPRINTS + "/" + name + " makes its next version.");
                }
                return name;
            }).flatMap(ignored -> save(name, body.settings(), caller, exchange));
        });
    }

    /** The blueprint's next version (none when the settings are those of the latest). */
    @PutMapping(path = BLUEPRINTS + "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<BlueprintVersionView> change(@PathVariable String name,
                                             @RequestBody(required = false) ChangeBlueprintRequest request,
                                             ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            ChangeBlueprintRequest body = Json.body(request);
            String blueprint = GroupNames.canonical(name);
            BlueprintKeys.normalised(body.settings());
            return blocking.call(() -> requireBlueprint(blueprint, policies))
                    .flatMap(latest -> save(blueprint, body.settings(), caller, exchange));
        });
    }

    @GetMapping(path = BLUEPRINTS, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> list(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("blueprints", policies.blueprints());
            answer.put("default", policies.defaultBlueprint().orElse(null));
            return answer;
        }));
    }

    @GetMapping(path = BLUEPRINTS + "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<BlueprintVersionView> get(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange)
                .then(blocking.call(() -> requireBlueprint(GroupNames.canonical(name), policies)));
    }

    @GetMapping(path = BLUEPRINTS + "/{name}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<BlueprintVersionView>> versions(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            String blueprint = GroupNames.canonical(name);
            requireBlueprint(blueprint, policies);
            return policies.versions(blueprint);
        }));
    }

    /** The devices that received this blueprint, newest first (at most 200): who, which device, which version. */
    @GetMapping(path = BLUEPRINTS + "/{name}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<PolicyDeliveries.Delivery>> deliveries(@PathVariable String name, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            String blueprint = GroupNames.canonical(name);
            requireBlueprint(blueprint, policies);
            return deliveries.latestOf(blueprint, MAX_DELIVERIES);
        }));
    }

    /** Everyone gets this blueprint beneath their groups' ones; {@code {"blueprint":null}} for none. */
    @PutMapping(path = BLUEPRINTS + "/default", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> setDefault(@RequestBody(required = false) DefaultBlueprintRequest request,
                                                ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> {
            String blueprint = GroupNames.canonical(Json.body(request).blueprint());
            return blocking.run(() -> {
                if (blueprint != null) {
                    requireBlueprint(blueprint, policies);
                }
            }).then(commands.run(new SetDefaultBlueprintCommand(PolicyIds.CATALOG, blueprint), caller, exchange))
                    .then(blocking.call(() -> {
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("default", policies.defaultBlueprint().orElse(null));
                        return answer;
                    }));
        });
    }

    /** The keys a blueprint may set and the type of each. */
    @GetMapping(path = "/api/admin/blueprint-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, String>> keys(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(Mono.fromSupplier(() -> {
            Map<String, String> keys = new LinkedHashMap<>();
            BlueprintKeys.all().forEach((name, key) -> keys.put(name, key.type().expected()));
            return keys;
        }));
    }

    private Mono<BlueprintVersionView> save(String name, Map<String, String> settings,
                                            org.jams.gateway.auth.Caller caller, ServerWebExchange exchange) {
        return commands.<Integer>send(new SaveBlueprintCommand(PolicyIds.blueprint(name), name, settings), caller,
                exchange).then(blocking.call(() -> requireBlueprint(name, policies)));
    }

    static BlueprintVersionView requireBlueprint(String name, PolicyReader policies) {
        return policies.latest(name).orElseThrow(() -> ApiError.notFound("blueprint_not_found", "No blueprint named "
                + name + "."));
    }
}
