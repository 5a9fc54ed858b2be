package org.jams.gateway.web;

import java.net.InetSocketAddress;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's address: the TCP peer, or behind a trusted proxy the address that proxy appended last to
 * {@code X-Forwarded-For} (or put in {@code X-Real-IP}). Earlier X-Forwarded-For entries came from the client and
 * are not believed.
 */
@Component
public class ClientAddress {

    private final TrustedProxies proxies;

    public ClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public String of(ServerWebExchange exchange) {
        if (proxies.isTrusted(exchange)) {
            var headers = exchange.getRequest().getHeaders();
            String forwarded = headers.getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return clean(hops[hops.length - 1]);
            }
            String realIp = headers.getFirst("X-Real-IP");
            if (realIp != null && !realIp.isBlank()) {
                return clean(realIp);
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static String clean(String value) {
        String trimmed = value.trim();
        return trimmed.length() > 64 ? trimmed.substring(0, 64) : trimmed;
    }
}
