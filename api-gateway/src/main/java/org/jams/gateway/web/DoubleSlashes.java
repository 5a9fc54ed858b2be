package org.jams.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The Jami client joins managerUri and "/api/…" as strings, so a trailing slash in managerUri gives "//api/…". */
@Component
public class DoubleSlashes implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.contains("//")) {
            return chain.filter(exchange);
        }
        String collapsed = path.replaceAll("/{2,}", "/");
        return chain.filter(exchange.mutate().request(exchange.getRequest().mutate().path(collapsed).build()).build());
    }
}
