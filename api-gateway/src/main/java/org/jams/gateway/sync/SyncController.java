package org.jams.gateway.sync;

import java.util.List;
import java.util.Map;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncCommands.SyncContactsCommand;
import org.jams.api.sync.SyncCommands.SyncConversationsCommand;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.axon.Commands;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Contact and conversation sync (protocol doc §5): the device's lists merged into its user's, newest wins. */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class SyncController {

    private final Authenticator authenticator;
    private final Commands commands;

    public SyncController(Authenticator authenticator, Commands commands) {
        this.authenticator = authenticator;
        this.commands = commands;
    }

    @PostMapping(path = "/contacts", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> syncContacts(@RequestBody(required = false) List<Map<String, Object>> body,
                                                        ServerWebExchange exchange) {
        return authenticator.requireDeviceOrUser(exchange).flatMap(caller -> {
            List<Contact> contacts = ContactJson.read(body == null ? List.of() : body);
            return commands.<List<Contact>>send(new SyncContactsCommand(caller.subject(), caller.deviceId(),
                    contacts), caller, exchange).map(ContactJson::write);
        });
    }

    @PostMapping(path = "/conversations", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> syncConversations(
            @RequestBody(required = false) List<Map<String, Object>> body, ServerWebExchange exchange) {
        return syncConversationList("conversations", body, exchange);
    }

    @PostMapping(path = "/conversationRequests", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> syncConversationRequests(
            @RequestBody(required = false) List<Map<String, Object>> body, ServerWebExchange exchange) {
        return syncConversationList("conversationRequests", body, exchange);
    }

    private Mono<List<Map<String, Object>>> syncConversationList(String kind, List<Map<String, Object>> body,
                                                                 ServerWebExchange exchange) {
        return authenticator.requireDeviceOrUser(exchange).flatMap(caller -> commands.send(
                new SyncConversationsCommand(caller.subject(), caller.deviceId(), kind,
                        body == null ? List.of() : body), caller, exchange));
    }
}
