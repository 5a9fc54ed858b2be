package org.jams.gateway.ui;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin UI (the admin-ui module's build, packaged under {@code static/}) at {@code /}: its files as Spring serves
 * static resources, and {@code index.html} for every other page path, so a client-side route (e.g.
 * {@code /people/alice}) opened directly or reloaded shows the app. {@code /api} and {@code /actuator} are never
 * answered here, nor paths naming a file (with a dot), which stay 404 when missing.
 */
@Configuration(proxyBeanMethods = false)
public class AdminUiRoutes {

    static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> adminUiPages() {
        RequestPredicate page = GET("/**").and(request -> {
            String path = request.path();
            return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/actuator")
                    && !path.substring(path.lastIndexOf('/') + 1).contains(".")
                    && request.headers().accept().stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML));
        });
        return RouterFunctions.route(page, request -> INDEX.exists()
                ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache())
                        .bodyValue(INDEX)
                : ServerResponse.notFound().build());
    }
}
