package org.jams.gateway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * The implementation that serves TLS, from {@code jams.tls.engine}: {@code auto} (the default) takes Netty's OpenSSL
 * engine (BoringSSL, from netty-tcnative) where its native library loads, else the JDK's (JSSE); {@code jdk} and
 * {@code openssl} choose one, and {@code openssl} where it cannot load stops the start rather than silently serving
 * with the other.
 *
 * <p>Why OpenSSL by default: a Jami client opens a new TLS connection for each request, so the server pays a full
 * handshake for each enrollment and login; see the README, "Benchmark", for the two engines' figures.
 */
public record TlsEngine(SslProvider provider) {

    public static final String PROPERTY = "jams.tls.engine";

    public static TlsEngine fromSetting(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> new TlsEngine(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
            case "jdk" -> new TlsEngine(SslProvider.JDK);
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=openssl, but Netty's OpenSSL engine cannot load "
                            + "on this platform", OpenSsl.unavailabilityCause());
                }
                yield new TlsEngine(SslProvider.OPENSSL);
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, jdk or openssl, not '"
                    + setting + "'");
        };
    }

    /** For the start-up log: which engine, and which library or JCA provider does its work. */
    public String describe() {
        if (provider == SslProvider.JDK) {
            return "JDK (JSSE; signatures by the JCA provider "
                    + jcaProviderOf("SHA256withRSA") + ")";
        }
        return "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)";
    }

    private static String jcaProviderOf(String algorithm) {
        try {
            return java.security.Signature.getInstance(algorithm).getProvider().getName();
        } catch (java.security.NoSuchAlgorithmException e) {
            return "none for " + algorithm;
        }
    }
}
