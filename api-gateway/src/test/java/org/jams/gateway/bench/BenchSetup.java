package org.jams.gateway.bench;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The scale benchmark's server setup over HTTP, its people, and device CSRs as a Jami client sends them. */
final class BenchSetup {

    static final String ADMIN = "admin:bench-admin-pw";

    /** The benchmarks enroll the same few people hundreds of times a minute, which the per-person limit refuses. */
    static final String NO_ENROLLMENT_LIMIT = "--jams.enrollment.per-person.max-per-window=0";

    private BenchSetup() {
    }

    /** Admin, a generated RSA-4096 CA, the local directory and lifetimes as an organisation would set them. */
    static void complete(BenchHttp http) {
        http.post("/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"bench-admin-pw\"}", 201);
        http.post("/api/setup/ca", ADMIN, "{\"mode\":\"generate\",\"commonName\":\"Scale Bench CA\","
                + "\"validityDays\":3650}", 201);
        http.post("/api/setup/directory", ADMIN, "{\"type\":\"local\"}", 201);
        http.post("/api/setup/settings", ADMIN, "{\"deviceLifetimeDays\":365,\"userLifetimeDays\":730,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}", 201);
    }

    static void createUser(BenchHttp http, String username, String password, String displayName) {
        http.post("/api/admin/users", ADMIN, "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"displayName\":\"" + displayName + "\"}", 201);
    }

    /** The body of {@code POST /api/auth/device}. */
    static String enrollmentBody(String csrPem, String deviceName) {
        return "{\"csr\":\"" + csrPem.replace("\n", "\\n") + "\",\"deviceName\":\"" + deviceName + "\"}";
    }

    /** CSRs of fresh RSA device keys of {@code bits}, generated on every core. */
    static List<String> deviceCsrs(int count, int bits) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<String>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                pending.add(workers.submit(() -> deviceCsr(bits)));
            }
            List<String> csrs = new ArrayList<>();
            for (Future<String> csr : pending) {
                csrs.add(csr.get());
            }
            return csrs;
        } finally {
            workers.shutdown();
        }
    }

    private static String deviceCsr(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        KeyPair pair = generator.generateKeyPair();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Jami device"),
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA512withRSA").build(pair.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        // Jami's own label for a CSR.
        return pem.toString().replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    }
}
