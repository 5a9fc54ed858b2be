package org.jams.gateway.directory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/directory/search?queryString=…}: the client sends the query raw, not URL-encoded, so the
 * raw query string is read leniently. Every profile field is a string (the client drops the others).
 */
@RestController
public class DirectorySearchController {

    static final int PAGE_SIZE = 50;

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final DirectorySearch search;

    public DirectorySearchController(Authenticator authenticator, BlockingWork blocking, DirectorySearch search) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.search = search;
    }

    @GetMapping(path = "/api/auth/directory/search", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> search(ServerWebExchange exchange) {
        String rawQuery = exchange.getRequest().getURI().getRawQuery();
        String query = parameter(rawQuery, "queryString");
        int page = pageNumber(parameter(rawQuery, "page"));
        if (query.length() > 128) {
            throw ApiError.badRequest("invalid_query", "The query has at most 128 characters.");
        }
        return authenticator.requireDeviceOrUser(exchange).flatMap(caller -> blocking.call(() -> {
            DirectorySearch.ProfilePage result = search.search(query.trim(), page, PAGE_SIZE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("profiles", result.profiles());
            body.put("page", page);
            body.put("numPages", result.numPages());
            return body;
        }));
    }

    /** Decodes a query parameter, tolerating raw spaces and stray characters. */
    static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                try {
                    return URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return value; // a lone '%' and the like: take the text as typed
                }
            }
        }
        return "";
    }

    private static int pageNumber(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            int page = Integer.parseInt(text);
            if (page >= 0 && page < 100_000) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the refusal
        }
        throw ApiError.badRequest("invalid_page", "page is a number from 0.");
    }

}
