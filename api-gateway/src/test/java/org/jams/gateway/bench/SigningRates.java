package org.jams.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jams.command.pki.NativeCrypto;

/**
 * RSA-4096 SHA512withRSA signatures per second on every core, by two signers: the JCA provider this JVM (so the
 * server) signs with, measured in a JVM of its own, and OpenSSL ({@code openssl speed}, a native reference). The
 * machine's rate drifts by several percent over minutes (a shared virtual machine), so a benchmark measures them right
 * before and after its load.
 */
final class SigningRates {

    /** One measurement; {@code openssl} is NaN where the command is missing or its output is not understood. */
    record Rates(double jca, double openssl) {

        double fastest() {
            return Double.isNaN(openssl) ? jca : Math.max(jca, openssl);
        }

        Rates meanWith(Rates other) {
            return new Rates((jca + other.jca) / 2, (openssl + other.openssl) / 2);
        }
    }

    private static final double SECONDS = 3.0;

    private final int threads;
    private final String provider;

    private SigningRates(int threads, String provider) {
        this.threads = threads;
        this.provider = provider;
    }

    /** Call once the server runs: it may have put another JCA provider first, which the measurements then use. */
    static SigningRates onAllCores() throws Exception {
        return onAllCores(signingProvider());
    }

    /** Measures {@code provider}: a server in a process of its own says which it signs with. */
    static SigningRates onAllCores(String provider) {
        return new SigningRates(Runtime.getRuntime().availableProcessors(), provider);
    }

    int threads() {
        return threads;
    }

    /** The name of the JCA provider that {@code Signature.getInstance("SHA512withRSA")} gives. */
    String provider() {
        return provider;
    }

    Rates measure() throws Exception {
        return new Rates(jca(), openssl());
    }

    /**
     * Measured in a JVM of its own on the same provider, so that none of the measurement's code runs in the server's
     * JVM: its signing loop shares call sites with the server's signing, whose profiles (and so the JIT's work during
     * the measured phases) it would change.
     */
    private double jca() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SigningRates.class.getName(), Integer.toString(threads),
                provider).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // It prints one short line, which the pipe holds until it ends, so waiting first cannot block it.
        if (!child.waitFor(120, TimeUnit.SECONDS) || child.exitValue() != 0) {
            child.destroyForcibly();
            throw new IllegalStateException("The JCA signing rate could not be measured (see the child's errors)");
        }
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().lines()
                .toList();
        return Double.parseDouble(lines.get(lines.size() - 1)); // the rate is the last line, after anything logged
    }

    /** In the child JVM: the rate of {@code args[1]}, the server's provider, on {@code args[0]} threads. */
    public static void main(String[] args) throws Exception {
        String expected = args[1];
        if (!signingProvider().equals(expected)) {
            NativeCrypto.install(true);
        }
        if (!signingProvider().equals(expected)) {
            System.err.println("This JVM signs with " + signingProvider() + ", not " + expected);
            System.exit(2);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(4096);
        System.out.println(signingRate(Integer.parseInt(args[0]), generator.generateKeyPair().getPrivate()));
    }

    private static String signingProvider() throws Exception {
        return Signature.getInstance("SHA512withRSA").getProvider().getName();
    }

    private static double signingRate(int threads, PrivateKey key) throws Exception {
        byte[] data = new byte[1200];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong count = new AtomicLong();
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + (long) (SECONDS * 1e9);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Signature signature = Signature.getInstance("SHA512withRSA");
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        signature.initSign(key);
                        signature.update(data);
                        signature.sign();
                        if (now > warmupEnd) {
                            count.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return count.get() / SECONDS;
    }

    /** {@code openssl speed -multi <cores> -seconds 3 rsa4096}: signs, then verifies, for 3 s each. */
    private double openssl() throws InterruptedException {
        try {
            Process speed = new ProcessBuilder("openssl", "speed", "-multi", Integer.toString(threads), "-seconds",
                    Integer.toString((int) SECONDS), "rsa4096").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(speed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!speed.waitFor(60, TimeUnit.SECONDS) || speed.exitValue() != 0) {
                speed.destroy();
                return Double.NaN;
            }
            return signaturesPerSecond(output);
        } catch (IOException e) {
            return Double.NaN; // no openssl command
        }
    }

    /**
     * The sign/s figure of the {@code rsa 4096 bits} line, found by the header's column name: OpenSSL 3.0 prints
     * {@code sign verify sign/s verify/s}, later versions add encryption columns before the rates.
     */
    static double signaturesPerSecond(String speedOutput) {
        List<String> header = null;
        for (String line : speedOutput.lines().toList()) {
            List<String> words = PlainText.words(line);
            if (words.contains("sign/s")) {
                header = words;
            } else if (header != null && line.startsWith("rsa 4096 bits ")) {
                List<String> figures = words.subList(3, words.size());
                return Double.parseDouble(figures.get(header.indexOf("sign/s")));
            }
        }
        return Double.NaN;
    }
}
