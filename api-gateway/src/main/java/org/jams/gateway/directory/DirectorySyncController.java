package org.jams.gateway.directory;

import java.time.format.DateTimeFormatter;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.directory.DirectorySyncRuns.Status;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/admin/directory/sync}: an admin starts the directory synchronisation, answered as soon as it runs;
 * {@code GET} follows it (or tells how the last one ended), on any node.
 */
@RestController
public class DirectorySyncController {

    private static final String PATH = "/api/admin/directory/sync";

    private final Authenticator authenticator;
    private final DirectorySync sync;
    private final DirectorySyncRuns runs;
    private final ExternalDirectories directories;
    private final BlockingWork blocking;

    public DirectorySyncController(Authenticator authenticator, DirectorySync sync, DirectorySyncRuns runs,
                                   ExternalDirectories directories, BlockingWork blocking) {
        this.authenticator = authenticator;
        this.sync = sync;
        this.runs = runs;
        this.directories = directories;
        this.blocking = blocking;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Status> start(ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> {
            if (directories.settings().isEmpty()) {
                throw ApiError.conflict("no_directory", "People come from no directory: configure one with POST "
                        + "/api/setup/directory first.");
            }
            return sync.start(caller.subject()).orElseThrow(() -> {
                String which = runs.current().map(run -> " (run " + run.run() + ", started by " + run.startedBy()
                        + " at " + DateTimeFormatter.ISO_INSTANT.format(run.startedAt()) + ")").orElse("");
                return ApiError.conflict("sync_running", "A directory synchronisation is under way" + which
                        + "; follow it with GET " + PATH + ".");
            });
        }));
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Status> current(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> runs.current()
                .orElseThrow(() -> ApiError.notFound("no_sync_run", "No directory synchronisation has run yet."))));
    }
}
