package org.jams.gateway.tls;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jams.command.pki.Pem;
import org.jams.command.pki.PkiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's leaf certificate: from the TLS session, or, in trusted-proxy mode, from the URL-escaped PEM that a
 * configured reverse proxy puts in {@code X-Client-Cert} (the JAMS manual's nginx recipe). The header is ignored
 * from any address that is not a configured proxy.
 */
@Component
public class ClientCertificates {

    public static final String HEADER = "X-Client-Cert";

    private final Set<InetAddress> trustedProxies;

    public ClientCertificates(@Value("${jams.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(ClientCertificates::address).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<X509Certificate> leaf(ServerWebExchange exchange) {
        if (fromTrustedProxy(exchange)) {
            String header = exchange.getRequest().getHeaders().getFirst(HEADER);
            if (header == null || header.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Pem.parseCertificate(URLDecoder.decode(header, StandardCharsets.UTF_8)));
            } catch (PkiException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        SslInfo ssl = exchange.getRequest().getSslInfo();
        if (ssl == null || ssl.getPeerCertificates() == null || ssl.getPeerCertificates().length == 0) {
            return Optional.empty();
        }
        return Optional.of(ssl.getPeerCertificates()[0]);
    }

    public boolean fromTrustedProxy(ServerWebExchange exchange) {
        var remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null && trustedProxies.contains(remote.getAddress());
    }

    public List<InetAddress> trustedProxies() {
        return List.copyOf(trustedProxies);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("jams.trusted-proxies: '" + text + "' is not an address", e);
        }
    }
}
