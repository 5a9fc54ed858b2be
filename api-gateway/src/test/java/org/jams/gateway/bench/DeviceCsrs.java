package org.jams.gateway.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Device CSRs, each for a key of its own, RSA-4096 as real Jami devices have. A benchmark of new devices needs
 * thousands, so the CSRs are kept in {@code target/bench-device-csrs-<bits>.pem} and later runs reuse them
 * ({@code mvn clean} removes the file; the next run makes it again).
 */
final class DeviceCsrs {

    /** A whole PEM block: one cut short by an interrupted run is skipped. */
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN NEW CERTIFICATE REQUEST-----\\R[A-Za-z0-9+/=\\r\\n]+-----END NEW CERTIFICATE REQUEST-----\\R");

    private static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65_537);

    private DeviceCsrs() {
    }

    static List<String> load(int count, int keyBits) throws Exception {
        Path cache = Path.of("target", "bench-device-csrs-" + keyBits + ".pem");
        List<String> csrs = read(cache);
        if (csrs.size() < count) {
            int missing = count - csrs.size();
            System.out.printf("generating %d RSA-%d device keys and CSRs into %s (reused by later runs)%n", missing,
                    keyBits, cache.toAbsolutePath());
            long started = System.nanoTime();
            Files.createDirectories(cache.getParent());
            Files.writeString(cache, String.join("", csrs));
            csrs.addAll(generate(missing, keyBits, cache));
            System.out.printf("  took %.0f s%n", (System.nanoTime() - started) / 1e9);
        } else {
            System.out.printf("%d RSA-%d device CSRs from %s%n", count, keyBits, cache.toAbsolutePath());
        }
        return csrs.subList(0, count);
    }

    private static List<String> read(Path cache) throws IOException {
        List<String> csrs = new ArrayList<>();
        if (Files.exists(cache)) {
            Matcher pem = PEM.matcher(Files.readString(cache));
            while (pem.find()) {
                csrs.add(pem.group());
            }
        }
        return csrs;
    }

    /**
     * Appends each CSR to the cache as soon as it is made, so an interrupted run keeps what it generated. The keys are
     * built from pairs of generated primes: n primes give n(n-1)/2 distinct keys, so the thousands of RSA-4096 device
     * keys a benchmark of new devices needs take a minute rather than an hour of key generation. Two keys that share
     * a prime are no secret from each other, which does not matter to a benchmark; to the server each is an RSA key
     * like any other (it verifies the CSR's signature and certifies the public key).
     */
    private static List<String> generate(int count, int keyBits, Path cache) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<BigInteger> primes = primes(primesFor(count), keyBits / 2, workers);
            List<Future<String>> csrs = new ArrayList<>();
            for (int i = 0; i < primes.size() && csrs.size() < count; i++) {
                for (int j = i + 1; j < primes.size() && csrs.size() < count; j++) {
                    BigInteger p = primes.get(i);
                    BigInteger q = primes.get(j);
                    csrs.add(workers.submit(() -> append(cache, csr(keyPair(p, q)))));
                }
            }
            List<String> pems = new ArrayList<>();
            for (Future<String> csr : csrs) {
                pems.add(csr.get());
            }
            return pems;
        } finally {
            workers.shutdown();
        }
    }

    /** The fewest primes whose pairs make {@code keys} keys. */
    static int primesFor(int keys) {
        int primes = 2;
        while ((long) primes * (primes - 1) / 2 < keys) {
            primes++;
        }
        return primes;
    }

    /**
     * Primes of {@code bits} bits with their two top bits set, so that the product of any two has twice as many
     * bits, and with p - 1 prime to the public exponent.
     */
    private static List<BigInteger> primes(int count, int bits, ExecutorService workers) throws Exception {
        BigInteger floor = BigInteger.valueOf(3).shiftLeft(bits - 2);
        List<Future<BigInteger>> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            found.add(workers.submit(() -> {
                SecureRandom random = new SecureRandom();
                while (true) {
                    BigInteger prime = BigInteger.probablePrime(bits, random);
                    if (prime.compareTo(floor) >= 0
                            && prime.subtract(BigInteger.ONE).gcd(PUBLIC_EXPONENT).equals(BigInteger.ONE)) {
                        return prime;
                    }
                }
            }));
        }
        List<BigInteger> primes = new ArrayList<>();
        for (Future<BigInteger> prime : found) {
            primes.add(prime.get());
        }
        return primes;
    }

    /** The RSA key pair of the primes p and q, through the JCA's key factory. */
    static KeyPair keyPair(BigInteger p, BigInteger q) throws Exception {
        BigInteger n = p.multiply(q);
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        BigInteger lcm = pMinus1.divide(pMinus1.gcd(qMinus1)).multiply(qMinus1);
        BigInteger d = PUBLIC_EXPONENT.modInverse(lcm);
        KeyFactory factory = KeyFactory.getInstance("RSA");
        return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(n, PUBLIC_EXPONENT)),
                factory.generatePrivate(new RSAPrivateCrtKeySpec(n, PUBLIC_EXPONENT, d, p, q, d.mod(pMinus1),
                        d.mod(qMinus1), q.modInverse(p))));
    }

    private static synchronized String append(Path cache, String csr) throws IOException {
        Files.writeString(cache, csr, StandardOpenOption.APPEND);
        return csr;
    }

    /** A CSR as the Jami client sends it: PEM labelled NEW CERTIFICATE REQUEST. */
    static String csr(KeyPair pair) throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("CN=Jami device"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA384withRSA").build(pair.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        return pem.toString().replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    }
}
