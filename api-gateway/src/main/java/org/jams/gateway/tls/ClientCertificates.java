package org.jams.gateway.tls;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.jams.command.pki.Pem;
import org.jams.command.pki.PkiException;
import org.jams.gateway.web.TrustedProxies;
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

    private final TrustedProxies trustedProxies;

    public ClientCertificates(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public Optional<X509Certificate> leaf(ServerWebExchange exchange) {
        if (trustedProxies.isTrusted(exchange)) {
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

}
