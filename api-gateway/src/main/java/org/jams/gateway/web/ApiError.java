package org.jams.gateway.web;

import org.springframework.http.HttpStatus;

/** Every refusal the API gives: a status, a stable code and a sentence a person understands. */
public class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiError(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
