package org.jams.gateway.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The scale benchmark's client: Reactor Netty with at most {@code connections} kept-alive connections, JSON bodies,
 * Basic credentials, and the Jami client's user agent. One instance per server.
 */
final class BenchHttp implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final ConnectionProvider connections;
    private final HttpClient base;
    /** A client per set of credentials: configuring one copies the client's whole configuration. */
    private final Map<String, HttpClient> signedIn = new ConcurrentHashMap<>();

    BenchHttp(String baseUrl, int connections) {
        this.connections = ConnectionProvider.builder("scale-bench").maxConnections(connections)
                .pendingAcquireMaxCount(-1).build();
        this.base = HttpClient.create(this.connections).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(120))
                .headers(headers -> headers.set("Content-Type", "application/json").set("User-Agent", "Jami"));
    }

    Mono<Response> exchange(HttpMethod method, String path, String credentials, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        return client(credentials).request(method).uri(path)
                .send((request, outbound) -> {
                    if (json == null) {
                        return outbound;
                    }
                    request.header("Content-Length", Integer.toString(body.length));
                    return outbound.sendByteArray(Mono.just(body));
                })
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)));
    }

    /** A POST of raw bytes (an OCSP request, say): the answer's status and body bytes. */
    Mono<byte[]> postBytes(String path, String contentType, byte[] body) {
        return signedIn.computeIfAbsent("content-type " + contentType, type -> base.headers(headers ->
                headers.set("Content-Type", contentType))).post().uri(path)
                .send((request, outbound) -> {
                    request.header("Content-Length", Integer.toString(body.length));
                    return outbound.sendByteArray(Mono.just(body));
                })
                .responseSingle((response, content) -> response.status().code() != 200
                        ? Mono.error(new IllegalStateException("POST " + path + " answered " + response.status()))
                        : content.asByteArray().defaultIfEmpty(new byte[0]));
    }

    /** The answer's body; IllegalStateException if the status is not the expected one. */
    Mono<String> expect(HttpMethod method, String path, String credentials, String json, int expected) {
        return exchange(method, path, credentials, json).flatMap(response -> response.status() == expected
                ? Mono.just(response.body())
                : Mono.error(new IllegalStateException(method + " " + path + " answered " + response.status() + ": "
                        + response.body())));
    }

    String post(String path, String credentials, String json, int expected) {
        return expect(HttpMethod.POST, path, credentials, json, expected).block();
    }

    String get(String path, String credentials) {
        return expect(HttpMethod.GET, path, credentials, null, 200).block();
    }

    private HttpClient client(String credentials) {
        if (credentials == null) {
            return base;
        }
        return signedIn.computeIfAbsent(credentials, c -> base.headers(headers -> headers.set("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)))));
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
