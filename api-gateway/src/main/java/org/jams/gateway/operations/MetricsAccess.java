package org.jams.gateway.operations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.Credentials;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Keeps the actuator's endpoints other than health (the Prometheus scrape and info are exposed besides) to operators:
 * an admin or an auditor (Basic credentials or their token), or, for the Prometheus scrape only, {@code Authorization:
 * Bearer <jams.metrics.token>}, so a scraper needs no account. Everyone else gets the API's 401 or 403. Paths are
 * matched as the endpoints' handler mapping matches them (decoded, without path parameters), so no spelling of a path
 * slips past.
 */
@Component
public class MetricsAccess implements WebFilter, Ordered {

    /** A token a scraper keeps in a file: long enough that guessing it is hopeless. */
    static final int MIN_TOKEN_LENGTH = 32;

    private final Authenticator authenticator;
    private final PathPattern actuator;
    private final PathPattern health;
    private final PathPattern prometheus;
    private final Optional<byte[]> tokenDigest;

    public MetricsAccess(Authenticator authenticator,
                         @Value("${management.endpoints.web.base-path:/actuator}") String basePath,
                         @Value("${jams.metrics.token:}") String token) {
        this.authenticator = authenticator;
        PathPatternParser parser = PathPatternParser.defaultInstance;
        String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        // Actuator endpoints mapped at the root share it with the API: then only the scrape itself is guarded.
        this.actuator = parser.parse(base.isEmpty() ? "/prometheus/**" : base + "/**");
        this.health = parser.parse(base + "/health/**");
        this.prometheus = parser.parse(base + "/prometheus/**");
        if (!token.isEmpty() && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("jams.metrics.token must be a random secret of at least "
                    + MIN_TOKEN_LENGTH + " characters");
        }
        this.tokenDigest = token.isEmpty() ? Optional.empty() : Optional.of(sha256(token.strip()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10; // after the request-shape filters of org.jams.gateway.web
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!actuator.matches(path) || health.matches(path)) {
            return chain.filter(exchange);
        }
        if (prometheus.matches(path) && isScrapeToken(exchange)) {
            return chain.filter(exchange);
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(Mono.defer(() -> chain.filter(exchange)));
    }

    private boolean isScrapeToken(ServerWebExchange exchange) {
        if (tokenDigest.isEmpty()) {
            return false;
        }
        return Credentials.from(exchange.getRequest())
                .filter(credentials -> credentials instanceof Credentials.Bearer)
                .map(credentials -> ((Credentials.Bearer) credentials).token())
                // Digests of equal length, compared in constant time: the answer's timing tells nothing of the token.
                .map(offered -> MessageDigest.isEqual(sha256(offered), tokenDigest.get()))
                .orElse(false);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
