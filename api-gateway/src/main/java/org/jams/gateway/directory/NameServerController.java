package org.jams.gateway.directory;

import java.util.Map;
import org.jams.command.directory.Usernames;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.directory.UserReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The name server the enrollment response points clients to: usernames ↔ Jami IDs of active users. Public. */
@RestController
@RequestMapping(path = "/api/nameserver", produces = MediaType.APPLICATION_JSON_VALUE)
public class NameServerController {

    private final UserReader users;
    private final BlockingWork blocking;

    public NameServerController(UserReader users, BlockingWork blocking) {
        this.users = users;
        this.blocking = blocking;
    }

    @GetMapping("/name/{name}")
    public Mono<Map<String, String>> byName(@PathVariable String name) {
        String username = Usernames.canonical(name);
        return blocking.call(() -> users.find(username).filter(u -> "ACTIVE".equals(u.status()))
                .map(u -> Map.of("name", u.username(), "addr", u.jamiId()))
                .orElseThrow(() -> ApiError.notFound("name_not_found", "No one is registered as " + name + ".")));
    }

    @GetMapping("/addr/{address}")
    public Mono<Map<String, String>> byAddress(@PathVariable String address) {
        String jamiId = address.toLowerCase().startsWith("0x") ? address.substring(2).toLowerCase()
                : address.toLowerCase();
        if (!jamiId.matches("[0-9a-f]{40}")) {
            return Mono.error(ApiError.notFound("address_not_found", "Not a Jami ID: " + address + "."));
        }
        return blocking.call(() -> users.findByJamiId(jamiId).filter(u -> "ACTIVE".equals(u.status()))
                .map(u -> Map.of("name", u.username()))
                .orElseThrow(() -> ApiError.notFound("address_not_found", "No name is registered for " + address
                        + ".")));
    }
}
