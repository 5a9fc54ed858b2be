package org.jams.gateway.web;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The reverse proxies named in {@code jams.trusted-proxies} (comma-separated addresses). Only a request whose TCP
 * peer is one of them may speak for the client through headers; from anyone else those headers are ignored.
 */
@Component
public class TrustedProxies {

    private final Set<InetAddress> addresses;

    public TrustedProxies(@Value("${jams.trusted-proxies:}") String configured) {
        this.addresses = Arrays.stream(configured.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(TrustedProxies::address).collect(Collectors.toUnmodifiableSet());
    }

    public boolean isTrusted(ServerWebExchange exchange) {
        var remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null && addresses.contains(remote.getAddress());
    }

    private static InetAddress address(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("jams.trusted-proxies takes IP addresses, not '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("jams.trusted-proxies: '" + text + "' is not an address", e);
        }
    }
}
