package org.jams.gateway.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.directory.UserReader;
import org.jams.query.directory.UserReader.DirectoryProfileView;
import org.jams.query.policy.PolicyReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/admin/users/{username}/profile} (admins and auditors): what the directory said about the person last
 * (names, email, its groups), the groups defined here they are in, and their photo, read from the directory now
 * (photos are not kept here). A directory that does not answer leaves the photo out and says so
 * ({@code photoUnavailable}); the rest comes from the read model.
 */
@RestController
public class UserProfileController {

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final UserReader users;
    private final PolicyReader policies;
    private final ExternalDirectories directories;

    public UserProfileController(Authenticator authenticator, BlockingWork blocking, UserReader users,
                                 PolicyReader policies, ExternalDirectories directories) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.users = users;
        this.policies = policies;
        this.directories = directories;
    }

    @GetMapping(path = "/api/admin/users/{username}/profile", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> profile(@PathVariable String username, ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            String canonical = Usernames.canonical(username);
            DirectoryProfileView profile = users.profileOf(canonical).orElseThrow(() ->
                    ApiError.notFound("user_not_found", "No user named " + username + "."));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", profile.username());
            body.put("source", profile.source());
            body.put("firstName", profile.firstName());
            body.put("lastName", profile.lastName());
            body.put("email", profile.email());
            body.put("directoryGroups", profile.groups());
            body.put("groups", policies.groupsOf(canonical));
            body.put("photo", null);
            if (!profile.photoSha256().isEmpty()) {
                try {
                    directories.connection().flatMap(connection -> connection.findPerson(canonical))
                            .ifPresent(person -> body.put("photo", person.photoBase64()));
                } catch (DirectoryFailure e) {
                    body.put("photoUnavailable", e.getMessage());
                }
            }
            return body;
        }));
    }
}
