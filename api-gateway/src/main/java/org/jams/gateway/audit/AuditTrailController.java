package org.jams.gateway.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.audit.AuditEventReader.AuditFilter;
import org.jams.query.audit.trail.AuditEntries;
import org.jams.query.audit.trail.AuditEntry;
import org.jams.query.audit.trail.AuditTrails;
import org.jams.query.directory.UserReader;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Audit trails of a device and of a user, the audit feed and its export. Read-only, for admins and auditors. Long
 * answers are streamed chunk by chunk from the database, never built whole in memory.
 */
@RestController
public class AuditTrailController {

    static final int MAX_PAGE_SIZE = 500;
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8;header=present");

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final AuditTrails trails;
    private final UserReader users;

    public AuditTrailController(Authenticator authenticator, BlockingWork blocking, AuditTrails trails,
                                UserReader users) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.trails = trails;
        this.users = users;
    }

    /** Every event that mentions the device, oldest first. */
    @GetMapping("/api/admin/devices/{deviceId}/history")
    public Mono<ResponseEntity<Flux<DataBuffer>>> deviceHistory(@PathVariable String deviceId,
                                                                ServerWebExchange exchange) {
        String id = deviceId.toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{64}")) {
            throw ApiError.badRequest("invalid_device_id",
                    "A device id is the 64 hex digits of the SHA-256 of the device key.");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(jsonArray(AuditFilter.device(id), () -> {
            throw ApiError.notFound("device_not_found", "No event mentions the device " + id + ".");
        }));
    }

    /** Every event of the user's stream and every stand-alone event about the user (logins, refusals), oldest first. */
    @GetMapping("/api/admin/users/{username}/history")
    public Mono<ResponseEntity<Flux<DataBuffer>>> userHistory(@PathVariable String username,
                                                              ServerWebExchange exchange) {
        String name = Usernames.canonical(username);
        if (name.isEmpty() || name.length() > 64) {
            throw ApiError.notFound("user_not_found", "No user named " + username + ".");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(jsonArray(AuditFilter.user(name), () -> {
            if (users.find(name).isEmpty()) {
                throw ApiError.notFound("user_not_found", "No user named " + username + ".");
            }
        }));
    }

    /** The audit feed: filtered, paged, in global order. */
    @GetMapping(path = "/api/audit/events")
    public Mono<ResponseEntity<byte[]>> events(@RequestParam(name = "actor", required = false) String actor,
                                               @RequestParam(name = "type", required = false) String type,
                                               @RequestParam(name = "user", required = false) String user,
                                               @RequestParam(name = "device", required = false) String device,
                                               @RequestParam(name = "from", required = false) String from,
                                               @RequestParam(name = "to", required = false) String to,
                                               @RequestParam(name = "page", defaultValue = "0") long page,
                                               @RequestParam(name = "size", defaultValue = "50") int size,
                                               @RequestParam(name = "order", defaultValue = "asc") String order,
                                               ServerWebExchange exchange) {
        AuditFilter filter = filter(actor, type, user, device, from, to);
        if (page < 0 || page > 10_000_000 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiError.badRequest("invalid_paging", "page must be 0 or more and size between 1 and "
                    + MAX_PAGE_SIZE + ".");
        }
        boolean newestFirst = switch (order.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ApiError.badRequest("invalid_order", "order is asc or desc.");
        };
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            AuditTrails.FeedPage found = trails.page(filter, page, size, newestFirst);
            ObjectNode body = AuditEntries.MAPPER.createObjectNode();
            ArrayNode events = body.putArray("events");
            found.events().forEach(entry -> events.add(entry.toJson()));
            body.put("page", found.page());
            body.put("size", found.size());
            body.put("hasMore", found.hasMore());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(AuditEntries.bytes(body));
        }));
    }

    /** The feed's matching events, all of them, as JSON Lines or CSV, streamed. */
    @GetMapping(path = "/api/audit/export")
    public Mono<ResponseEntity<Flux<DataBuffer>>> export(@RequestParam(name = "format", required = false) String format,
                                                         @RequestParam(name = "actor", required = false) String actor,
                                                         @RequestParam(name = "type", required = false) String type,
                                                         @RequestParam(name = "user", required = false) String user,
                                                         @RequestParam(name = "device", required = false) String device,
                                                         @RequestParam(name = "from", required = false) String from,
                                                         @RequestParam(name = "to", required = false) String to,
                                                         ServerWebExchange exchange) {
        AuditTrails.Format chosen = AuditTrails.Format.parse(format);
        AuditFilter filter = filter(actor, type, user, device, from, to);
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(trails::upperBound)).map(upTo -> {
            Flux<DataBuffer> records = chunks(filter, upTo, List.of(), true)
                    .map(chunk -> buffer(lines(chunk, chosen::line)));
            Flux<DataBuffer> body = chosen == AuditTrails.Format.CSV
                    ? Flux.concat(Mono.fromSupplier(() -> buffer(chosen.header())), records) : records;
            String file = "jams-audit-" + Instant.now().getEpochSecond() + "." + chosen.name().toLowerCase(Locale.ROOT);
            return ResponseEntity.ok()
                    .contentType(chosen == AuditTrails.Format.CSV ? CSV : MediaType.APPLICATION_NDJSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment().filename(file).build().toString())
                    .body(body);
        });
    }

    /**
     * A JSON array streamed chunk by chunk; the first chunk is read before answering, so an empty result can
     * become a 404 through {@code whenEmpty} (which throws, or returns to answer []).
     */
    private Mono<ResponseEntity<Flux<DataBuffer>>> jsonArray(AuditFilter filter, Runnable whenEmpty) {
        return blocking.call(() -> {
            long upTo = trails.upperBound();
            List<AuditEntry> first = trails.chunk(filter, -1, upTo, AuditTrails.CHUNK);
            if (first.isEmpty()) {
                whenEmpty.run();
            }
            AtomicBoolean opening = new AtomicBoolean(true);
            Flux<DataBuffer> entries = chunks(filter, upTo, first, false).map(chunk -> {
                StringBuilder text = new StringBuilder();
                for (AuditEntry entry : chunk) {
                    text.append(opening.getAndSet(false) ? "" : ",")
                            .append(new String(AuditEntries.bytes(entry.toJson()), StandardCharsets.UTF_8));
                }
                return buffer(text.toString());
            });
            Flux<DataBuffer> body = Flux.concat(Mono.fromSupplier(() -> buffer("[")), entries,
                    Mono.fromSupplier(() -> buffer("]")));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        });
    }

    /**
     * The chunks of matching events up to {@code upTo}, each read when the previous one has been consumed.
     * {@code first} is an already read first chunk unless {@code readFirst}.
     */
    private Flux<List<AuditEntry>> chunks(AuditFilter filter, long upTo, List<AuditEntry> first, boolean readFirst) {
        Mono<List<AuditEntry>> start = readFirst
                ? blocking.call(() -> trails.chunk(filter, -1, upTo, AuditTrails.CHUNK)) : Mono.just(first);
        return start.expand(chunk -> chunk.size() < AuditTrails.CHUNK ? Mono.empty()
                : blocking.call(() -> trails.chunk(filter, chunk.get(chunk.size() - 1).sequence(), upTo,
                        AuditTrails.CHUNK))).filter(chunk -> !chunk.isEmpty());
    }

    static AuditFilter filter(String actor, String type, String user, String device, String from, String to) {
        Instant since = AuditTimes.parse(from, "from");
        Instant until = AuditTimes.parse(to, "to");
        if (since != null && until != null && since.isAfter(until)) {
            throw ApiError.badRequest("invalid_range", "'from' must not be after 'to'.");
        }
        String typeName = blankToNull(type, "type", 255);
        if (typeName != null) {
            typeName = typeName.substring(Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$')) + 1);
        }
        String username = blankToNull(user, "user", 64);
        String deviceId = blankToNull(device, "device", 64);
        return new AuditFilter(blankToNull(actor, "actor", 255), typeName,
                username == null ? null : Usernames.canonical(username),
                deviceId == null ? null : deviceId.toLowerCase(Locale.ROOT), since, until);
    }

    private static String blankToNull(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw ApiError.badRequest("invalid_" + field, "The filter '" + field + "' has at most " + max
                    + " characters.");
        }
        return value.trim();
    }

    private static String lines(List<AuditEntry> chunk, Function<AuditEntry, String> line) {
        StringBuilder text = new StringBuilder();
        chunk.forEach(entry -> text.append(line.apply(entry)));
        return text.toString();
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
