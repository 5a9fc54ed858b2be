package org.jams.api.error;

/**
 * A command refused by a domain rule. Carries a stable machine code and a sentence a person understands;
 * the gateway maps the {@link Kind} to an HTTP status. A refused command stores no event.
 */
public class DomainException extends RuntimeException {

    /** What kind of refusal this is, independent of any transport. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE, RATE_LIMITED }

    private final Kind kind;
    private final String code;
    private final long retryAfterSeconds;

    public DomainException(Kind kind, String code, String message) {
        this(kind, code, message, 0);
    }

    private DomainException(Kind kind, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Too many requests of this kind lately: the caller may try again after {@code retryAfterSeconds} (at least 1). */
    public static DomainException rateLimited(String code, String message, long retryAfterSeconds) {
        return new DomainException(Kind.RATE_LIMITED, code, message, Math.max(1, retryAfterSeconds));
    }

    public static DomainException invalid(String code, String message) {
        return new DomainException(Kind.INVALID, code, message);
    }

    public static DomainException notFound(String code, String message) {
        return new DomainException(Kind.NOT_FOUND, code, message);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(Kind.CONFLICT, code, message);
    }

    public static DomainException unavailable(String code, String message) {
        return new DomainException(Kind.UNAVAILABLE, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** For {@link Kind#RATE_LIMITED}: seconds until a retry may succeed; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
