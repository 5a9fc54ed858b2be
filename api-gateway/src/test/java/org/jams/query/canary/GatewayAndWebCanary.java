package org.jams.query.canary;

import org.jams.gateway.web.ApiError;
import org.springframework.web.server.ServerWebExchange;

/**
 * Deliberately breaks the query side's rules (it reaches into the gateway and WebFlux), so {@code ArchitectureTest}
 * can prove they fire. Lives in the gateway's tests, the only module that can see both; never used.
 */
public final class GatewayAndWebCanary {

    private GatewayAndWebCanary() {
    }

    public static RuntimeException refuse(ServerWebExchange exchange) {
        return ApiError.badRequest("canary", exchange.getRequest().getPath().value());
    }
}
