package org.jams.gateway.web;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/** The address of the peer that connected. Forwarding headers are not trusted (no trusted proxy is configured). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
