package org.jams.gateway.web;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Names the field of a request body that could not be read, and what it should have been. */
final class BodyErrors {

    private BodyErrors() {
    }

    /** A 400 naming the field when the body was JSON with a wrong value; empty when it was not JSON at all. */
    static Optional<ApiError> describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
                String field = json.getPath().stream()
                        .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                                : "[" + reference.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                String expected = json instanceof MismatchedInputException mismatch
                        ? expected(mismatch.getTargetType())
                        : json instanceof InputCoercionException outOfRange ? expected(outOfRange.getTargetType())
                        : "of the documented type";
                String nul = json.getOriginalMessage() != null && json.getOriginalMessage().contains("NUL")
                        ? " without NUL characters" : "";
                return Optional.of(ApiError.badRequest("invalid_" + safe(field),
                        "The field '" + field + "' must be " + expected + nul + "."));
            }
        }
        return Optional.empty();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the documented type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of the documented type";
    }

    /** The field as part of an error code: letters, digits and underscores. */
    private static String safe(String field) {
        String code = field.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return code.isEmpty() ? "field" : code.length() > 40 ? code.substring(0, 40) : code;
    }
}
