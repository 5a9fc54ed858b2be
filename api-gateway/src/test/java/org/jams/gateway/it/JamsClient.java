package org.jams.gateway.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real HTTP against a running server (java.net.http, HTTP/1.1), with just enough fluency for the API tests. */
final class JamsClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_AGENT = "jams-it/1.0";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    record Credentials(String username, String password) {
    }

    record Response(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }

    private final URI base;

    JamsClient(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    Call get(String path) {
        return new Call("GET", path);
    }

    Call post(String path) {
        return new Call("POST", path);
    }

    Call delete(String path) {
        return new Call("DELETE", path);
    }

    Call put(String path) {
        return new Call("PUT", path);
    }

    static String json(Object... keyValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return json(body);
    }

    /** A JSON object of these members, in their order. */
    static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    final class Call {
        private final String method;
        private final HttpRequest.Builder request;
        private BodyPublisher body = BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("User-Agent", USER_AGENT);
        }

        Call as(Credentials credentials) {
            return basic(credentials.username(), credentials.password());
        }

        Call basic(String username, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Call header(String name, String value) {
            request.header(name, value);
            return this;
        }

        /** A JSON body with a Content-Length. */
        Call json(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        Call body(String contentType, byte[] bytes) {
            request.header("Content-Type", contentType);
            body = BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A body of unknown length: sent with Transfer-Encoding: chunked. */
        Call chunked(String contentType, byte[] bytes) {
            request.header("Content-Type", contentType);
            body = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            return this;
        }

        Response send() {
            try {
                var response = CLIENT.send(request.method(method, body).build(), BodyHandlers.ofString());
                return new Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
