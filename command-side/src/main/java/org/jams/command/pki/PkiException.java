package org.jams.command.pki;

/**
 * Refusal raised by the PKI library. {@link #code()} is stable so callers can map it to an API
 * error; the message is a sentence meant for the administrator or the device owner.
 */
public final class PkiException extends RuntimeException {

    public static final String INVALID_CA_REQUEST = "invalid_ca_request";
    public static final String UNREADABLE_CERTIFICATE = "unreadable_certificate";
    public static final String UNREADABLE_PRIVATE_KEY = "unreadable_private_key";
    public static final String PASSPHRASE_REQUIRED = "passphrase_required";
    public static final String WRONG_PASSPHRASE = "wrong_passphrase";
    public static final String NOT_A_CA = "not_a_ca";
    public static final String PATH_LENGTH_ZERO = "path_length_zero";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    public static final String KEY_MISMATCH = "key_mismatch";
    public static final String UNSUPPORTED_KEY = "unsupported_key";
    public static final String CSR_TOO_LARGE = "csr_too_large";
    public static final String MALFORMED_CSR = "malformed_csr";
    public static final String BAD_CSR_SIGNATURE = "bad_csr_signature";
    public static final String SIGNING_FAILED = "signing_failed";

    private final String code;

    public PkiException(String code, String message) {
        super(message);
        this.code = code;
    }

    public PkiException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
