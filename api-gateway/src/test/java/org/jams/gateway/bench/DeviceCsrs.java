package org.jams.gateway.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
 * Device CSRs, each for a key of its own, RSA-4096 as real Jami devices have. Generating hundreds of RSA-4096 keys
 * takes minutes on two cores, so the CSRs are kept in {@code target/bench-device-csrs-<bits>.pem} and later runs
 * reuse them ({@code mvn clean} removes the file; the next run generates it again).
 */
final class DeviceCsrs {

    /** A whole PEM block: one cut short by an interrupted run is skipped. */
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN NEW CERTIFICATE REQUEST-----\\R[A-Za-z0-9+/=\\r\\n]+-----END NEW CERTIFICATE REQUEST-----\\R");

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

    /** Appends each CSR to the cache as soon as it is made, so an interrupted run keeps what it generated. */
    private static List<String> generate(int count, int keyBits, Path cache) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<String>> csrs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                csrs.add(workers.submit(() -> append(cache, csr(keyBits))));
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

    private static synchronized String append(Path cache, String csr) throws IOException {
        Files.writeString(cache, csr, StandardOpenOption.APPEND);
        return csr;
    }

    /** A CSR as the Jami client sends it: PEM labelled NEW CERTIFICATE REQUEST. */
    private static String csr(int keyBits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(keyBits);
        KeyPair pair = generator.generateKeyPair();
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
