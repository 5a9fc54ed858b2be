package org.jams.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jams.gateway.it.OpenSsl;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged server signs with ACCP where its native library loads, with the JDK's providers when told to or when
 * the library cannot load (forced here by making ACCP look for a system library that does not exist): it starts either
 * way, says which provider signs in its log and in {@code /actuator/info}, and the chain it gives an enrolling device
 * passes the JDK's PKIX validator and {@code openssl verify}.
 */
class SigningProviderIT {

    private static final String ADMIN = "admin:provider-pw-1";

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path home;
    @TempDir
    Path work;

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("default", List.of(), List.of(), "AmazonCorrettoCryptoProvider", true, "INFO"),
                Arguments.of("turned off", List.of(), List.of("--jams.crypto.native=false"), "SunRsaSign", false,
                        "INFO"),
                Arguments.of("native library cannot load",
                        List.of("-Dcom.amazon.corretto.crypto.provider.useExternalLib=true"), List.of(), "SunRsaSign",
                        false, "WARN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void signsWithTheProviderItReportsAndItsChainsVerify(String situation, List<String> jvmOptions,
            List<String> arguments, String expectedProvider, boolean nativeCode, String logLevel)
            throws Exception {
        try (ServerProcess server = ServerProcess.start(home, jvmOptions, arguments.toArray(String[]::new))) {
            setUp(server);

            JsonNode crypto = json.readTree(server.send("GET", "/actuator/info", ADMIN, null, 200)).get("crypto");
            assertThat(crypto.get("signingProvider").asText()).startsWith(expectedProvider + " ");
            assertThat(crypto.get("nativeCode").asBoolean()).isEqualTo(nativeCode);
            assertThat(crypto.has("reason")).isEqualTo(!nativeCode);
            assertThat(server.log().lines().filter(line -> line.contains("Signing with ")))
                    .singleElement().satisfies(line -> assertThat(line).contains(logLevel)
                            .contains("Signing with " + expectedProvider + " "));

            OpenSsl openssl = new OpenSsl(work);
            String csr = openssl.deviceCsr("device");
            JsonNode enrolled = json.readTree(server.send("POST", "/api/auth/device", "dora:dora-pw-1",
                    json.createObjectNode().put("csr", csr).put("deviceName", "laptop").toString(), 200));
            List<X509Certificate> chain = certificates(enrolled.get("certificateChain").asText());
            assertThat(chain).hasSize(3);

            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain.get(2), null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 2)), parameters);
            openssl.write("ca.pem", pem(chain.get(2)));
            openssl.write("account.pem", pem(chain.get(1)));
            openssl.write("device.pem", pem(chain.get(0)));
            assertThat(openssl.run("verify", "-CAfile", "ca.pem", "-untrusted", "account.pem", "device.pem").trim())
                    .isEqualTo("device.pem: OK");
        }
    }

    private static void setUp(ServerProcess server) throws Exception {
        server.send("POST", "/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"provider-pw-1\"}", 201);
        server.send("POST", "/api/setup/ca", ADMIN,
                "{\"mode\":\"generate\",\"commonName\":\"Provider CA\",\"validityDays\":30}", 201);
        server.send("POST", "/api/setup/directory", ADMIN, "{\"type\":\"local\"}", 201);
        server.send("POST", "/api/admin/users", ADMIN,
                "{\"username\":\"dora\",\"password\":\"dora-pw-1\",\"displayName\":\"Dora D\"}", 201);
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (var certificate : factory.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
