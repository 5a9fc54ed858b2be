package org.jams.api.error;

/**
 * A command refused by a domain rule. Carries a stable machine code and a sentence a person understands;
 * the gateway maps the {@link Kind} to an HTTP status. A refused command stores no event.
 */
public class DomainException extends RuntimeException {

    /** What kind of refusal this is, independent of any transport. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE }

    private final Kind kind;
    private final String code;

    public DomainException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
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
}
