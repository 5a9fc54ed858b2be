package org.jams.gateway.web;

import org.springframework.http.HttpStatus;

/** Every refusal the API gives: a status, a stable code and a sentence a person understands. */
public class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiError(HttpStatus status, String code, String message) {
        this(status, code, message, 0);
    }

    private ApiError(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429, answered with {@code Retry-After}: the caller may try again after that many seconds (at least 1). */
    public static ApiError tooManyRequests(String code, String message, long retryAfterSeconds) {
        return new ApiError(HttpStatus.TOO_MANY_REQUESTS, code, message, Math.max(1, retryAfterSeconds));
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(HttpStatus.UNAUTHORIZED, "unauthenticated", message);
    }

    public static ApiError forbidden(String code, String message) {
        return new ApiError(HttpStatus.FORBIDDEN, code, message);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(HttpStatus.NOT_FOUND, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(HttpStatus.CONFLICT, code, message);
    }

    /** 503: something the server depends on (the directory, the database) cannot answer now. */
    public static ApiError unavailable(String code, String message) {
        return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    }

    /** 503 with {@code Retry-After}: the same request is expected to succeed after that many seconds. */
    public static ApiError unavailable(String code, String message, long retryAfterSeconds) {
        return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, message, Math.max(1, retryAfterSeconds));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
