package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jams.gateway.it.JamsClient.Credentials;
import org.jams.gateway.it.JamsClient.Response;
import org.springframework.jdbc.core.JdbcTemplate;

/** The README's setup walkthrough and user creation, each step checked for its documented success status. */
final class SetupSteps {

    static final String USER_PASSWORD = "user-password-1";

    private static final ExecutorService PARALLEL = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "it-parallel");
        thread.setDaemon(true);
        return thread;
    });

    private SetupSteps() {
    }

    static void createAdmin(JamsClient client, Credentials admin) {
        Response response = client.post("/api/setup/admin")
                .json(json("username", admin.username(), "password", admin.password())).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(response.json().get("username").asText()).isEqualTo(admin.username().toLowerCase());
    }

    static JsonNode generateCa(JamsClient client, Credentials admin, String commonName) {
        Response response = client.post("/api/setup/ca").as(admin)
                .json(json("mode", "generate", "commonName", commonName, "validityDays", 3650)).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    static JsonNode importCa(JamsClient client, Credentials admin, String certificatePem, String keyPem,
                             String passphrase) {
        Response response = client.post("/api/setup/ca").as(admin)
                .json(json("mode", "import", "certificate", certificatePem, "privateKey", keyPem,
                        "passphrase", passphrase)).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    static void configureDirectory(JamsClient client, Credentials admin) {
        Response response = client.post("/api/setup/directory").as(admin).json(json("type", "local")).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    static void configureSettings(JamsClient client, Credentials admin) {
        Response response = client.post("/api/setup/settings").as(admin).json(json("deviceLifetimeDays", 365,
                "userLifetimeDays", 730, "crlLifetimeMinutes", 5, "corsOrigin", "")).send();
        assertThat(response.status()).as("%s", response).isEqualTo(201);
    }

    /** Keeps the lifetimes and CORS origin the server has, and sets its public URL. */
    static JsonNode setPublicUrl(JamsClient client, Credentials admin, JdbcTemplate jdbc, String publicUrl) {
        Map<String, Object> settings = jdbc.queryForMap("SELECT device_lifetime_days, user_lifetime_days,"
                + " crl_lifetime_minutes, cors_origin FROM server_settings WHERE id = 1");
        Response saved = client.post("/api/setup/settings").as(admin).json(json("deviceLifetimeDays",
                settings.get("device_lifetime_days"), "userLifetimeDays", settings.get("user_lifetime_days"),
                "crlLifetimeMinutes", settings.get("crl_lifetime_minutes"), "corsOrigin", settings.get("cors_origin"),
                "publicUrl", publicUrl)).send();
        assertThat(saved.status()).as("%s", saved).isEqualTo(201);
        return saved.json();
    }

    static JsonNode createUser(JamsClient client, Credentials admin, String username, String displayName) {
        Response response = client.post("/api/admin/users").as(admin)
                .json(json("username", username, "password", USER_PASSWORD, "displayName", displayName)).send();
        assertThat(response.status()).as("creating %s: %s", username, response).isEqualTo(201);
        return response.json();
    }

    static String login(JamsClient client, String username, String password, String expectedScope) {
        Response response = client.post("/api/login").basic(username, password).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("scope").asText()).isEqualTo(expectedScope);
        return body.get("access_token").asText();
    }

    /** A username nobody else in this JVM uses: prefix, '-', 8 random hex digits (at most 32 characters). */
    static String unique(String prefix) {
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Runs the tasks concurrently and returns their results in order. Writes wait for the read models, so writes to
     * different aggregates done together cost about one wait instead of several.
     */
    @SafeVarargs
    static <T> List<T> inParallel(Supplier<T>... tasks) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Supplier<T> task : tasks) {
            futures.add(CompletableFuture.supplyAsync(task, PARALLEL));
        }
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            try {
                results.add(future.join());
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
        return results;
    }

    static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError("Not a PEM certificate: " + pem, e);
        }
    }

    /** SHA-1 of the DER SubjectPublicKeyInfo, lower-case hex: a Jami ID, or a CA key id. */
    static String sha1Id(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(key.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
