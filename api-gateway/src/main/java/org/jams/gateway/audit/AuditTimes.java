package org.jams.gateway.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jams.gateway.web.ApiError;

/** Moments given in requests: ISO-8601 instants, date-times with an offset, or dates (midnight UTC). */
public final class AuditTimes {

    private AuditTimes() {
    }

    /** The moments a request may name: PostgreSQL stores far more, but no event is older or newer than these. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Null when absent; a 400 when not ISO-8601 or outside years 1 to 9999. */
    public static Instant parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at = parseIso(value.trim(), field);
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw ApiError.badRequest("invalid_" + field, "'" + field + "' must lie between the years 1 and 9999.");
        }
        return at;
    }

    private static Instant parseIso(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw ApiError.badRequest("invalid_" + field, "'" + field + "' must be an ISO-8601 moment such"
                            + " as 2026-03-03T14:05:00Z or 2026-03-03T15:05:00+01:00.");
                }
            }
        }
    }

    public static Instant required(String value, String field) {
        Instant at = parse(value, field);
        if (at == null) {
            throw ApiError.badRequest("missing_" + field, "The parameter '" + field + "' is required (ISO-8601).");
        }
        return at;
    }
}
