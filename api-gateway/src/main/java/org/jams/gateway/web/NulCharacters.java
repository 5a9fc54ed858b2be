package org.jams.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A NUL character is never part of a name, an id, a password or a filter here, and PostgreSQL cannot hold one in
 * text: a request that carries one in its path, a query parameter, a header or its Basic credentials is refused with
 * a 400 naming where, before anything reads it. (JSON bodies are checked as they are read: {@link StrictJson}.)
 */
@Component
public class NulCharacters implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Found found = firstNul(exchange.getRequest());
        if (found != null) {
            return Mono.error(ApiError.badRequest("invalid_" + found.field().replaceAll("[^A-Za-z0-9]+", "_"),
                    "The " + found.description() + " contains a NUL character, which no value here may hold."));
        }
        return chain.filter(exchange);
    }

    /** Where a NUL was found: the field for the error code, and its description for the message. */
    record Found(String field, String description) {
    }

    /** The first place that holds a NUL, or null. */
    static Found firstNul(ServerHttpRequest request) {
        if (request.getURI().getRawPath().toLowerCase(Locale.ROOT).contains("%00")) {
            return new Found("path", "request path");
        }
        for (Map.Entry<String, List<String>> parameter : request.getQueryParams().entrySet()) {
            String name = parameter.getKey();
            if (name.indexOf('\0') >= 0) {
                return new Found("query", "query string");
            }
            if (parameter.getValue().stream().anyMatch(value -> value != null && value.indexOf('\0') >= 0)) {
                return new Found(name, "query parameter '" + name + "'");
            }
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
            if (header.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                return new Found(name, "header '" + header.getKey() + "'");
            }
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
                if (new String(decoded, StandardCharsets.UTF_8).indexOf('\0') >= 0) {
                    return new Found("credentials", "username or password");
                }
            } catch (IllegalArgumentException unreadable) {
                return null; // not Base64: absent credentials, as authentication treats it
            }
        }
        return null;
    }
}
