package org.jams.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jams.command.pki.Pem;
import org.jams.gateway.JamsServer;
import org.jams.gateway.it.TestHomes;
import org.jams.gateway.tls.Https.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HTTPS served by each TLS engine ({@code jams.tls.engine}): a device enrolls without a client certificate, then
 * logs in with its certificate chain over mutual TLS, which {@link ClientCertificates} reads from the TLS session;
 * a chain the server never issued passes the handshake and gets the application's 401.
 */
class TlsEnginesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin:tls-admin-password";
    private static final String ALICE = "alice:alice-password";

    @TempDir
    Path tls;

    @ParameterizedTest(name = "jams.tls.engine={0}, server key {1}")
    @CsvSource({"jdk, RSA-2048", "openssl, RSA-2048", "jdk, ECDSA P-256", "openssl, ECDSA P-256"})
    void aDeviceEnrollsThenLogsInWithItsCertificate(String engine, String serverKey) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SelfSignedServerCertificate certificate = serverKey.startsWith("ECDSA")
                ? SelfSignedServerCertificate.writeEcdsa(tls.resolve("server"))
                : SelfSignedServerCertificate.write(tls.resolve("server"), 2048);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--jams.home=" + TestHomes.create("jams-tls-" + engine + "-"), "--jams.keys.pool-size=1",
                "--logging.level.root=WARN", "--jams.tls.engine=" + engine));
        arguments.addAll(certificate.serverArguments());
        try (ConfigurableApplicationContext server = SpringApplication.run(JamsServer.class,
                arguments.toArray(String[]::new))) {
            assertThat(server.getBean(TlsEngine.class).provider().name()).isEqualTo(engine.toUpperCase(Locale.ROOT));
            Https https = Https.trusting("https://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port"),
                    certificate.certificate());
            setUpWithAlice(https);

            KeyPair device = rsa2048();
            Reply enrolled = https.post("/api/auth/device", ALICE, JSON.writeValueAsString(java.util.Map.of(
                    "csr", csr(device), "deviceName", "alice-laptop")));
            assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
            List<X509Certificate> chain = Pem.parseCertificates(json(enrolled).get("certificateChain").asText());

            Reply login = https.presenting(device.getPrivate(), chain).post("/api/login", null, "{}");
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(json(login).get("scope").asText()).isEqualTo("DEVICE");

            SelfSignedServerCertificate stranger = SelfSignedServerCertificate.write(tls.resolve("stranger"), 2048);
            Reply refused = https.presenting(Pem.parsePrivateKey(Files.readString(stranger.keyFile()), null),
                    List.of(stranger.certificate())).post("/api/login", null, "{}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(https.post("/api/login", null, "{}").status()).as("no certificate, no password")
                    .isEqualTo(401);
        }
    }

    @Test
    void autoTakesOpenSslWhereItsLibraryLoads() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative's library for this platform loads: %s",
                OpenSsl.unavailabilityCause()).isTrue();
        assertThat(TlsEngine.fromSetting("auto").provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsEngine.fromSetting(" JDK ").provider()).isEqualTo(SslProvider.JDK);
        assertThatThrownBy(() -> TlsEngine.fromSetting("boringssl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, jdk or openssl");
    }

    private static void setUpWithAlice(Https https) {
        expect(201, https.post("/api/setup/admin", null, "{\"username\":\"admin\",\"password\":\"tls-admin-password\"}"));
        expect(201, https.post("/api/setup/ca", ADMIN,
                "{\"mode\":\"generate\",\"commonName\":\"TLS Test CA\",\"validityDays\":30}"));
        expect(201, https.post("/api/setup/directory", ADMIN, "{\"type\":\"local\"}"));
        expect(201, https.post("/api/setup/settings", ADMIN, "{\"deviceLifetimeDays\":30,\"userLifetimeDays\":30,"
                + "\"crlLifetimeMinutes\":5,\"corsOrigin\":\"\"}"));
        expect(201, https.post("/api/admin/users", ADMIN,
                "{\"username\":\"alice\",\"password\":\"alice-password\",\"displayName\":\"Alice\"}"));
    }

    private static void expect(int status, Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    }

    private static JsonNode json(Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    private static KeyPair rsa2048() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String csr(KeyPair keys) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Jami device"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return pem.toString();
    }
}
