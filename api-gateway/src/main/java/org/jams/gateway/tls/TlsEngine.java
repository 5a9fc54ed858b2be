package org.jams.gateway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.jams.command.pki.NativeCrypto;

/**
 * The implementation that serves TLS, from {@code jams.tls.engine}: {@code auto} (the default) takes Netty's OpenSSL
 * engine (BoringSSL, from netty-tcnative) where its native library loads, else the JDK's (JSSE); {@code jdk} and
 * {@code openssl} choose one, and {@code openssl} where it cannot load stops the start rather than silently serving
 * with the other.
 *
 * <p>Why OpenSSL by default: a Jami client opens a new TLS connection for each request, so the server pays a full
 * handshake for each enrollment and login. With {@code EnrollmentBenchmark} (two busy cores, RSA-2048 server
 * certificate, two runs per engine), a new connection per enrollment instead of kept-alive ones added 3.0 to 3.2 ms
 * of CPU per enrollment to the event-loop threads, which run TLS, with OpenSSL, and 4.9 to 5.9 ms with the JDK's
 * engine (the client side, OpenSSL, the same in both). Enrollments/s moved more with the machine's load than with
 * the engine: see the README, "Benchmark".
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
            return "JDK (JSSE; signatures by " + NativeCrypto.status().provider() + ")";
        }
        return "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)";
    }
}
