package org.jams.command.pki;

import java.security.Provider;
import java.security.Security;
import java.security.Signature;

/**
 * Which JCA provider does this process's RSA and Ed25519 arithmetic. An enrollment costs three RSA-4096 signatures
 * by the account key and little else; AWS-LC, through Amazon Corretto Crypto Provider (ACCP), signs them several
 * times faster than the JDK's provider. Installed first in the provider list, ACCP serves every RSA key generation,
 * key factory, signature and verification that asks the JCA by algorithm name, BouncyCastle's certificate, CRL and
 * CSR operators included, and JSSE's handshakes; certificate parsing and SHA digests stay with the JDK, which has no
 * rival there in ACCP (its SHA-256 was slower than the JDK's here).
 *
 * <p>ACCP's jar carries the native library of one platform. Where the library does not load (another operating
 * system or CPU, a {@code noexec} temporary directory), nothing is installed and the JDK's providers sign, as they
 * would without ACCP; {@link #status()} says why.
 */
public final class NativeCrypto {

    /** The property that turns ACCP off: {@code jams.crypto.native=false}. */
    public static final String PROPERTY = "jams.crypto.native";

    /**
     * What signs in this process.
     *
     * @param provider the provider of SHA512withRSA signatures, e.g. {@code AmazonCorrettoCryptoProvider 2.5.0}
     * @param nativeCode whether ACCP's native library serves the JCA
     * @param reason why ACCP does not, or {@code null} when it does
     * @param wanted whether ACCP was asked for: when it was and does not serve, that deserves a warning
     */
    public record Status(String provider, boolean nativeCode, String reason, boolean wanted) {

        /** ACCP was asked for and the JDK's providers sign instead. */
        public boolean fellBack() {
            return wanted && !nativeCode;
        }

        /** One line for the start-up log. */
        public String describe() {
            return nativeCode ? "Signing with " + provider + " (AWS-LC, native code)"
                    : "Signing with " + provider + " (the JDK's providers): " + reason;
        }
    }

    private static Status status = jdk("ACCP was not installed in this process", false);
    /** Decided at each install, read on every audit signature verification: no provider lookup per event. */
    private static volatile Provider ed25519 = BouncyCastle.PROVIDER;

    private NativeCrypto() {
    }

    /**
     * Makes ACCP the first JCA provider, once per process, when {@code wanted} and its native library works;
     * otherwise leaves the JDK's providers in charge. Must run before anything creates a key or a signature, so no
     * key is an object of another provider.
     */
    public static synchronized Status install(boolean wanted) {
        if (status.nativeCode()) {
            return status;
        }
        if (!wanted) {
            status = jdk("ACCP is turned off (" + PROPERTY + "=false)", false);
            return status;
        }
        try {
            status = Accp.install();
        } catch (LinkageError missing) {
            status = jdk("ACCP's classes are not on the class path: " + missing, true);
        }
        if (status.nativeCode()) {
            ed25519 = Accp.ed25519();
        }
        return status;
    }

    public static synchronized Status status() {
        return status;
    }

    /**
     * The provider for Ed25519 (the audit key). ACCP signs in about a third of BouncyCastle's time and verifies in
     * half; the JDK 17's own Ed25519 is some twenty times slower than BouncyCastle, so BouncyCastle stays the fallback.
     */
    public static Provider ed25519() {
        return ed25519;
    }

    private static Status jdk(String reason, boolean wanted) {
        return new Status(rsaSigner(), false, reason, wanted);
    }

    static String rsaSigner() {
        try {
            Provider provider = Signature.getInstance("SHA512withRSA").getProvider();
            return provider == null ? "the JDK's default provider" : provider.getName() + " " + provider.getVersionStr();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK must provide SHA512withRSA", e);
        }
    }

    /** The only class that names ACCP's: where its jar is absent, loading this class fails and nothing else. */
    private static final class Accp {

        static final String NAME = "AmazonCorrettoCryptoProvider";

        static Status install() {
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider accp =
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loading = accp.getLoadingError();
            if (loading != null) {
                return jdk("ACCP's native library did not load: " + loading.getMessage(), true);
            }
            try {
                // Known-answer self-tests of every algorithm: a library that loads but computes wrongly stays out.
                accp.assertHealthy();
            } catch (RuntimeException unhealthy) {
                return jdk("ACCP's self-tests failed: " + unhealthy.getMessage(), true);
            }
            if (Security.getProvider(NAME) == null) {
                Security.insertProviderAt(accp, 1);
            }
            return new Status(rsaSigner(), true, null, true);
        }

        static Provider ed25519() {
            Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            return accp.getService("Signature", "Ed25519") != null ? accp : BouncyCastle.PROVIDER;
        }
    }
}
