package org.jams.gateway.jami;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Test only ({@code @Import} it into an end-to-end test's server): records every POST to the OCSP responder as it
 * went over the wire, who sent it, its headers and body, and the answer's HTTP status and body, so that a test can
 * show the request a real jamid sent and what it got back. It copies the bytes as they pass and changes nothing.
 */
public class OcspExchanges implements WebFilter, Ordered {

    /** One POST to {@code /api/ocsp}: sender address, headers, DER request, HTTP status and DER answer. */
    public record Exchange(Instant at, String from, String userAgent, String contentType, String accept,
                           String connection, byte[] request, int status, byte[] response) {

        @Override
        public String toString() {
            return at + " from " + from + " User-Agent=" + userAgent + " Content-Type=" + contentType + " "
                    + request.length + " bytes -> HTTP " + status + ", " + response.length + " bytes";
        }
    }

    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    /** Every exchange so far, oldest first. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.POST
                || !exchange.getRequest().getPath().pathWithinApplication().value().equals("/api/ocsp")) {
            return chain.filter(exchange);
        }
        Instant at = Instant.now();
        Bytes request = new Bytes();
        Bytes response = new Bytes();
        ServerHttpRequestDecorator requestCopy = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnNext(request::append);
            }
        };
        ServerHttpResponseDecorator responseCopy = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                // A Mono stays a Mono: the response then keeps its Content-Length, as without this filter.
                return super.writeWith(body instanceof Mono<? extends DataBuffer> one ? one.doOnNext(response::append)
                        : Flux.from(body).doOnNext(response::append));
            }
        };
        HttpHeaders headers = exchange.getRequest().getHeaders();
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return chain.filter(exchange.mutate().request(requestCopy).response(responseCopy).build())
                .doFinally(signal -> exchanges.add(new Exchange(at,
                        remote == null ? "?" : remote.getAddress().getHostAddress(),
                        headers.getFirst(HttpHeaders.USER_AGENT), headers.getFirst(HttpHeaders.CONTENT_TYPE),
                        headers.getFirst(HttpHeaders.ACCEPT), headers.getFirst(HttpHeaders.CONNECTION),
                        request.bytes(), responseCopy.getStatusCode() == null ? 0
                                : responseCopy.getStatusCode().value(), response.bytes())));
    }

    /** Bytes copied from buffers without moving their read position. */
    private static final class Bytes {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        synchronized void append(DataBuffer buffer) {
            int position = buffer.readPosition();
            byte[] chunk = new byte[buffer.readableByteCount()];
            buffer.read(chunk);
            buffer.readPosition(position);
            out.writeBytes(chunk);
        }

        synchronized byte[] bytes() {
            return out.toByteArray();
        }
    }
}
