package org.jams.gateway.ui;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers every answer carries, for the admin UI's sake above all: a Content-Security-Policy that runs only the
 * server's own scripts (no inline script, no eval; inline styles are allowed because the component library sets
 * style attributes), never framed, no MIME sniffing, no referrer sent elsewhere. The UI's hashed assets are cached for
 * a year; everything else keeps what its handler set.
 */
@Component
public class SecurityHeaders implements WebFilter, Ordered {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            String path = exchange.getRequest().getPath().value();
            if (path.startsWith("/assets/") && exchange.getResponse().getStatusCode() != null
                    && exchange.getResponse().getStatusCode().is2xxSuccessful()) {
                headers.set(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
