package org.jams.gateway.enrollment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.api.error.DomainException;
import org.jams.gateway.access.AccessHistory;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Credentials;
import org.jams.gateway.auth.DirectoryLogin;
import org.jams.gateway.auth.ReadAlongside;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.policy.PolicyDelivery;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.ClientAddress;
import org.jams.gateway.web.Json;
import org.jams.query.enrollment.DeviceReader;
import org.jams.query.policy.EffectiveSettings;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The enrollment API that Jami clients call (protocol doc §3 and §4): enrollment, the device list, policies. */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class EnrollmentController {

    /** Where devices enroll; a refusal recorded with this path is a refused enrollment. */
    public static final String ENROLLMENT_PATH = "/api/auth/device";

    public record EnrollRequest(String csr, String deviceName) {
    }

    private final Authenticator authenticator;
    private final Commands commands;
    private final BlockingWork blocking;
    private final EnrollmentResponder responder;
    private final AccessHistory history;
    private final DeviceReader devices;
    private final ClientAddress clientAddress;
    private final PolicyDelivery policies;

    public EnrollmentController(Authenticator authenticator, Commands commands, BlockingWork blocking,
                            EnrollmentResponder responder, AccessHistory history, DeviceReader devices,
                            ClientAddress clientAddress, PolicyDelivery policies) {
        this.clientAddress = clientAddress;
        this.policies = policies;
        this.authenticator = authenticator;
        this.commands = commands;
        this.blocking = blocking;
        this.responder = responder;
        this.history = history;
        this.devices = devices;
    }

    /**
     * Enrollment: Basic credentials of the person, the device's CSR; answers a flat object of strings. All of it
     * blocks (password check, policy read, command, two signatures), so it runs in one go off the event loop.
     */
    @PostMapping(path = "/device", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, String>> enroll(@RequestBody(required = false) EnrollRequest request,
                                            ServerWebExchange exchange) {
        return blocking.call(() -> {
            ReadAlongside<EffectiveSettings> settings = new ReadAlongside<>(policies::read);
            Caller person = personOf(exchange, settings);
            return enroll(request, person, settings.value().orElseGet(() -> policies.settingsOf(person.subject())),
                    exchange);
        });
    }

    /**
     * The person enrolling, by Basic credentials. Malformed credentials are a 400 and no attempt; wrong ones and
     * callers that are not a person by password are refusals, recorded in the access history, as at sign-in. An
     * attempt refused before any verdict on the credentials (a 429 while guessing is slowed, a directory that cannot
     * answer) is not a refusal of them and is not recorded as one.
     */
    private Caller personOf(ServerWebExchange exchange, ReadAlongside<?> alongside) {
        Credentials credentials = Credentials.from(exchange.getRequest()).orElseThrow(EnrollmentController::notAPerson);
        Optional<Caller> identified = authenticator.identify(credentials, exchange, alongside);
        if (identified.isEmpty()) {
            String claimed = credentials instanceof Credentials.Basic basic ? basic.username() : "";
            history.refused(claimed, methodOf(credentials), "wrong_credentials", exchange);
            throw Authenticator.invalid(credentials);
        }
        Caller caller = identified.get();
        if (caller.scope() != Scope.USER || !"basic".equals(caller.method())) {
            history.refused(caller.subject(), caller.method(), "not_a_user", exchange);
            throw notAPerson();
        }
        return caller;
    }

    private static String methodOf(Credentials credentials) {
        return credentials instanceof Credentials.Basic ? "basic" : "bearer";
    }

    private static ApiError notAPerson() {
        return ApiError.unauthorized("Enroll with the person's username and password.");
    }

    private Map<String, String> enroll(EnrollRequest request, Caller person, EffectiveSettings policy,
                                       ServerWebExchange exchange) {
        EnrollRequest body = Json.body(request);
        String csr = Json.required(body.csr(), "csr");
        String agent = exchange.getRequest().getHeaders().getFirst("User-Agent");
        SignDeviceCsrCommand command = new SignDeviceCsrCommand(person.subject(), csr,
                body.deviceName() == null ? "" : body.deviceName(), clientAddress.of(exchange),
                agent == null ? "" : agent, policy.delivered());
        DeviceEnrollment enrollment;
        try {
            enrollment = commands.sendFromBlockingThread(command, person, exchange);
        } catch (DomainException e) {
            history.refused(person.subject(), "csr", e.code(), exchange);
            throw e;
        }
        return responder.respond(enrollment, person.displayName() == null ? "" : person.displayName(),
                exchange.getAttribute(DirectoryLogin.PHOTO_ATTRIBUTE), policy.settings());
    }

    /** The caller's user's devices, as the client expects: 64-hex ids, the alias, revoked ones left out. */
    @GetMapping("/devices")
    public Mono<List<Map<String, Object>>> devices(ServerWebExchange exchange) {
        return authenticator.requireDeviceOrUser(exchange).flatMap(caller -> blocking.call(() -> {
            List<Map<String, Object>> list = new ArrayList<>();
            devices.devicesOf(caller.subject()).stream().filter(d -> "ACTIVE".equals(d.status())).forEach(d -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("deviceId", d.deviceId());
                entry.put("alias", d.name().isEmpty() ? d.deviceId().substring(0, 8) : d.name());
                entry.put("revoked", false);
                list.add(entry);
            });
            return list;
        }));
    }

    /**
     * The person's effective client settings (flat strings), which newer clients apply on every start; a device's
     * history records when the blueprint versions it gets change.
     */
    @GetMapping("/policyData")
    public Mono<Map<String, String>> policyData(ServerWebExchange exchange) {
        return authenticator.requireDeviceOrUser(exchange).flatMap(caller -> blocking.call(() ->
                caller.deviceId() == null ? new java.util.LinkedHashMap<>(policies.settingsOf(caller.subject())
                        .settings()) : policies.deliver(caller, exchange)));
    }
}
