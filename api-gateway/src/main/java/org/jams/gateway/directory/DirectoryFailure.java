package org.jams.gateway.directory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Why the directory could not answer, in words an admin can act on. Never carries a password. */
public class DirectoryFailure extends RuntimeException {

    public enum Kind {
        CANNOT_CONNECT("cannot_connect"),
        TLS("tls_failed"),
        TIMEOUT("timeout"),
        BIND_REFUSED("bind_refused"),
        BASE_DN_NOT_FOUND("base_dn_not_found"),
        NO_USER_MATCHES("no_user_matches"),
        SIZE_LIMIT("size_limit"),
        FAILED("directory_error");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    DirectoryFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * What went wrong while reaching {@code url}, read from the exception's causes: the most telling cause wins
     * wherever it is in the chain (JNDI wraps a TLS failure in a CommunicationException, for one).
     */
    static DirectoryFailure of(Throwable failure, String url, int connectTimeoutMillis, int readTimeoutMillis) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && chain.size() < 20; cause = cause.getCause()) {
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            if (cause instanceof SSLException) {
                return new DirectoryFailure(Kind.TLS, "The TLS handshake with " + url + " failed: "
                        + tlsReason(chain) + ".");
            }
        }
        for (Throwable cause : chain) {
            if (cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).contains("connect")) {
                return cannotConnect(url, "no answer within " + connectTimeoutMillis + " ms");
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return cannotConnect(url, "connection refused");
            }
            if (cause instanceof UnknownHostException) {
                return cannotConnect(url, "unknown host");
            }
        }
        for (Throwable cause : chain) {
            if (cause instanceof javax.naming.AuthenticationException
                    || cause instanceof javax.naming.AuthenticationNotSupportedException) {
                return new DirectoryFailure(Kind.BIND_REFUSED, "The directory refused the bind of the read-only "
                        + "account (bindDn and bindPassword); a directory that requires TLS refuses plain binds.");
            }
            if (cause instanceof javax.naming.NameNotFoundException) {
                return new DirectoryFailure(Kind.BASE_DN_NOT_FOUND, "The directory has no entry at the base DN.");
            }
        }
        for (Throwable cause : chain) {
            if (cause instanceof javax.naming.SizeLimitExceededException) {
                return new DirectoryFailure(Kind.SIZE_LIMIT, "The directory at " + url + " stopped a listing at its "
                        + "size limit for the read-only account; let that account page through every person (OpenLDAP: "
                        + "limits ... size.prtotal=unlimited).");
            }
        }
        for (Throwable cause : chain) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("timed out") || message.contains("timeout")) {
                return new DirectoryFailure(Kind.TIMEOUT, "The directory at " + url + " did not answer within "
                        + readTimeoutMillis + " ms.");
            }
        }
        for (Throwable cause : chain) {
            if (cause instanceof javax.naming.CommunicationException
                    || cause instanceof javax.naming.ServiceUnavailableException) {
                return cannotConnect(url, "the connection failed");
            }
        }
        return new DirectoryFailure(Kind.FAILED, "The directory at " + url + " answered with an error ("
                + failure.getClass().getSimpleName() + ").");
    }

    /** The handshake's failure in words, not the TLS library's message. */
    private static String tlsReason(List<Throwable> chain) {
        for (Throwable cause : chain) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof java.security.cert.CertificateException && message.contains("No subject alternative")
                    || message.contains("No name matching") || message.contains("No subject alternative")) {
                return "the directory's certificate does not name the host of the url";
            }
            if (cause instanceof java.security.cert.CertPathBuilderException
                    || cause instanceof java.security.cert.CertPathValidatorException || message.contains("PKIX")) {
                return "the directory's certificate is not signed by a trusted CA (give its CA as trustedCertificate)";
            }
            if (message.contains("expired") || message.contains("NotAfter")) {
                return "the directory's certificate has expired";
            }
        }
        return "the directory and this server found no TLS version or cipher in common, or the connection was cut";
    }

    private static DirectoryFailure cannotConnect(String url, String why) {
        return new DirectoryFailure(Kind.CANNOT_CONNECT, "Cannot connect to the directory at " + url + ": " + why
                + ".");
    }
}
