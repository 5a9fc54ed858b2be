package org.jams.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.database.DatabaseAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place errors become responses: {@code {"error","message"}} with a precise status, never a stack trace.
 * Unexpected failures are logged here with their cause; the caller only learns that nothing was changed.
 */
@Component
@Order(-2)
public class JsonErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final JsonMapper json;
    private final DatabaseAvailability database;

    public JsonErrorHandler(JsonMapper json, DatabaseAvailability database) {
        this.json = json;
        this.database = database;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ApiError api = ErrorTranslation.translate(error);
        if (DatabaseErrors.UNAVAILABLE.equals(api.code())) {
            database.unreachable(DatabaseErrors.describe(error)); // logged once, as the database goes down
        } else if (api.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            log.warn("{} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), api.code());
        } else if (api.status().is5xxServerError()) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        return write(exchange, api);
    }

    public Mono<Void> write(ServerWebExchange exchange, ApiError api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", api.code());
        body.put("message", api.getMessage());
        var response = exchange.getResponse();
        response.setStatusCode(api.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (api.retryAfterSeconds() > 0) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
        }
        if (api.status().value() == 401) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"JAMS\", charset=\"UTF-8\"");
        }
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
