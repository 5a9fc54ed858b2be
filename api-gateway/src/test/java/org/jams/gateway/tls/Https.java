package org.jams.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jams.gateway.jami.TestServerPki;

/**
 * JSON over HTTPS (java.net.http, HTTP/1.1) to a test server whose certificate it trusts, with or without a TLS
 * client certificate: what a Jami client presents on {@code POST /api/login}.
 */
final class Https {

    record Reply(int status, String body) {
    }

    private final String base;
    private final X509Certificate server;
    private final HttpClient client;

    private Https(String base, X509Certificate server, HttpClient client) {
        this.base = base;
        this.server = server;
        this.client = client;
    }

    static Https trusting(String base, X509Certificate server) {
        return new Https(base, server, TestServerPki.httpClient(server, null, null));
    }

    /** Another client to the same server that presents {@code chain} (leaf first) and proves it holds {@code key}. */
    Https presenting(PrivateKey key, List<X509Certificate> chain) {
        return new Https(base, server, TestServerPki.httpClient(server, key, chain));
    }

    Reply post(String path, String basicOrNull, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (basicOrNull != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basicOrNull.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
