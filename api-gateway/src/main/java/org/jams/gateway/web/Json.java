package org.jams.gateway.web;

/** Small checks on decoded request bodies, giving field-level messages. */
public final class Json {

    private Json() {
    }

    public static <T> T body(T body) {
        if (body == null) {
            throw ApiError.badRequest("missing_body", "A JSON object is required as the request body.");
        }
        return body;
    }

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("missing_" + field, "The field '" + field + "' is required.");
        }
        return value;
    }

    public static String password(String value) {
        required(value, "password");
        if (value.length() < 8 || value.length() > 1024) {
            throw ApiError.badRequest("invalid_password", "A password has 8 to 1024 characters.");
        }
        return value;
    }

    public static int required(Integer value, String field) {
        if (value == null) {
            throw ApiError.badRequest("missing_" + field, "The field '" + field + "' is required.");
        }
        return value;
    }
}
