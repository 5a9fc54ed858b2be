package org.jams.gateway.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jams.api.error.DomainException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Maps whatever went wrong to an {@link ApiError}; anything unexpected becomes a 500 without details. */
public final class ErrorTranslation {

    private ErrorTranslation() {
    }

    public static ApiError translate(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiError api) {
            return api;
        }
        if (cause instanceof DomainException domain) {
            if (domain.kind() == DomainException.Kind.RATE_LIMITED) {
                return ApiError.tooManyRequests(domain.code(), domain.getMessage(), domain.retryAfterSeconds());
            }
            return new ApiError(status(domain.kind()), domain.code(), domain.getMessage());
        }
        if (cause instanceof AggregateNotFoundException) {
            return ApiError.notFound("not_found", "No such user.");
        }
        if (cause instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
            return ApiError.conflict("already_exists", "It already exists.");
        }
        if (cause instanceof ConcurrencyException) {
            return ApiError.conflict("concurrent_change", "Someone changed this at the same time; try again.");
        }
        if (cause instanceof DataBufferLimitException || cause instanceof PayloadTooLargeException) {
            return new ApiError(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                    "The request body is larger than this server accepts.");
        }
        if (cause instanceof UnsupportedMediaTypeStatusException) {
            return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Send the request body as application/json.");
        }
        if (cause instanceof ServerWebInputException input) {
            if (input.getCause() instanceof DataBufferLimitException) {
                return translate(input.getCause());
            }
            return BodyErrors.describe(input).orElseGet(() -> ApiError.badRequest("malformed_request",
                    "The request could not be read: send a JSON object with the documented fields and value types."));
        }
        if (cause instanceof MethodNotAllowedException) {
            return new ApiError(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "This path does not accept that method.");
        }
        if (cause instanceof NotAcceptableStatusException) {
            return new ApiError(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This resource is served as JSON.");
        }
        if (cause instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
            return ApiError.notFound("not_found", "There is nothing at this path.");
        }
        if (cause instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
            return new ApiError(HttpStatus.valueOf(status.getStatusCode().value()), "bad_request",
                    "The request was refused.");
        }
        if (cause instanceof DataAccessException || cause instanceof EventStoreException
                || cause instanceof java.sql.SQLException) {
            return DatabaseErrors.translate(cause);
        }
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "busy", "The server is too busy; try again shortly.");
        }
        if (cause instanceof NoHandlerForCommandException) {
            return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "not_ready", "The server is starting; try again.");
        }
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The server failed to handle this request; nothing was changed.");
    }

    private static HttpStatus status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CommandExecutionException
                || current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException
                || current.getClass().getName().equals("reactor.core.Exceptions$ReactiveException"))
                && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof CommandExecutionException execution && execution.getDetails().isPresent()
                && execution.getDetails().get() instanceof Throwable details) {
            return details;
        }
        return current;
    }
}
