package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.jams.command.pki.Pem;
import org.junit.jupiter.api.Test;

/**
 * The OCSP responder through the real OpenSSL client: device certificates name it once the server has a public URL,
 * a device's status is good, then revoked, signed by the account key and with the nonce echoed; an account
 * certificate's is signed by the organisation CA; GET (RFC 5019) answers as POST does; an answer without a nonce is
 * prepared once and served again until the status changes; a serial an issuer of ours never issued is unknown, said by
 * that issuer; another issuer is unauthorized and a request that is not OCSP malformed, as OCSP statuses.
 */
class OcspTest extends SharedServerTestBase {

    private static byte[] post(String url, byte[] request) throws Exception {
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(
                        request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    /** The first certificate's status in a successful answer. */
    private static String status(byte[] response) throws Exception {
        OCSPResp parsed = new OCSPResp(response);
        assertThat(parsed.getStatus()).isZero();
        Object status = ((BasicOCSPResp) parsed.getResponseObject()).getResponses()[0].getCertStatus();
        return status == null ? "good" : status instanceof RevokedStatus ? "revoked" : "unknown";
    }

    @Test
    void devicesAndAccountsAreAnsweredByTheirIssuerAndARevocationShowsAtOnce() throws Exception {
        String base = "http://localhost:" + port;
        JsonNode saved = SetupSteps.setPublicUrl(client, ADMIN, jdbc, base + "/");
        assertThat(saved.get("publicUrl").asText()).as("without its trailing slash").isEqualTo(base);

        String person = SetupSteps.unique("ocsp");
        SetupSteps.createUser(client, ADMIN, person, "Ocsp Person");
        String deviceKeyName = SetupSteps.unique("ocsp-device");
        JsonNode enrolled = client.post("/api/auth/device").basic(person, USER_PASSWORD)
                .json(json("csr", openssl().deviceCsr(deviceKeyName), "deviceName", "laptop")).send().json();
        List<java.security.cert.X509Certificate> chain = Pem.parseCertificates(enrolled.get("certificateChain")
                .asText());
        X509CertificateHolder device = new X509CertificateHolder(chain.get(0).getEncoded());
        AccessDescription[] access = AuthorityInformationAccess.fromExtensions(device.getExtensions())
                .getAccessDescriptions();
        assertThat(access).singleElement().satisfies(description -> {
            assertThat(description.getAccessMethod()).isEqualTo(X509ObjectIdentifiers.ocspAccessMethod);
            assertThat(description.getAccessLocation().getName().toString()).isEqualTo(base + "/api/ocsp");
        });
        assertThat(device.getExtension(Extension.authorityInfoAccess).isCritical()).isFalse();

        OpenSsl tool = openssl();
        String prefix = person + "-";
        tool.write(prefix + "device.pem", Pem.encodeCertificate(chain.get(0).getEncoded()));
        tool.write(prefix + "account.pem", Pem.encodeCertificate(chain.get(1).getEncoded()));
        tool.write(prefix + "ca.pem", organisationCa().get("certificate").asText());
        String url = base + "/api/ocsp";

        String good = tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "device.pem", "-url", url,
                "-VAfile", prefix + "account.pem");
        assertThat(good).contains(prefix + "device.pem: good").contains("Response verify OK");
        assertThat(tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "device.pem", "-url", url,
                "-VAfile", prefix + "account.pem", "-no_nonce")).contains(": good");
        assertThat(tool.run("ocsp", "-issuer", prefix + "ca.pem", "-cert", prefix + "account.pem", "-url", url,
                "-VAfile", prefix + "ca.pem")).as("the account certificate, answered by the CA")
                .contains(prefix + "account.pem: good").contains("Response verify OK");

        // GET, as RFC 5019 describes: the same answer.
        tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "device.pem", "-no_nonce", "-reqout",
                prefix + "request.der");
        byte[] request = Files.readAllBytes(tool.directory().resolve(prefix + "request.der"));
        HttpResponse<byte[]> viaGet = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/"
                + URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII)))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaGet.statusCode()).isEqualTo(200);
        assertThat(viaGet.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        Files.write(tool.directory().resolve(prefix + "response.der"), viaGet.body());
        assertThat(tool.run("ocsp", "-respin", prefix + "response.der", "-issuer", prefix + "account.pem", "-cert",
                prefix + "device.pem", "-VAfile", prefix + "account.pem")).contains(": good")
                .contains("Response verify OK");

        // Without a nonce, the answer is prepared once and served again while the status holds.
        byte[] first = post(url, request);
        assertThat(post(url, request)).as("the same prepared answer").isEqualTo(first);
        assertThat(status(first)).isEqualTo("good");

        // The device renews with the same key: its first certificate is still valid, and still answered.
        String csrName = person + "-renewal";
        Files.copy(tool.directory().resolve(deviceKeyName + ".key"), tool.directory().resolve(csrName + ".key"));
        tool.run("req", "-new", "-key", csrName + ".key", "-subj", "/CN=renewal", "-out", csrName + ".csr");
        JsonNode renewed = client.post("/api/auth/device").basic(person, USER_PASSWORD)
                .json(json("csr", tool.read(csrName + ".csr"), "deviceName", "laptop")).send().json();
        tool.write(prefix + "renewed.pem", Pem.encodeCertificate(Pem.parseCertificates(renewed.get("certificateChain")
                .asText()).get(0).getEncoded()));
        for (String certificate : List.of(prefix + "device.pem", prefix + "renewed.pem")) {
            assertThat(tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", certificate, "-url", url,
                    "-VAfile", prefix + "account.pem")).contains(certificate + ": good");
        }

        String deviceId = jdbc.queryForObject("SELECT device_id FROM devices WHERE username = ?", String.class,
                person);
        assertThat(client.delete("/api/admin/devices/" + deviceId + "?reason=stolen").as(ADMIN).send().status())
                .isEqualTo(200);
        assertThat(tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "device.pem", "-url", url,
                "-VAfile", prefix + "account.pem")).contains(prefix + "device.pem: revoked")
                .contains("Revocation Time").contains("Response verify OK");
        assertThat(tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "renewed.pem", "-url", url,
                "-VAfile", prefix + "account.pem")).contains(prefix + "renewed.pem: revoked");

        assertThat(status(post(url, request))).as("never a prepared answer older than the revocation")
                .isEqualTo("revoked");

        // A serial this account never issued: unknown, said by the account (SHA-1 and SHA-256 CertIDs), and by the CA
        // for a serial it never issued.
        for (String hash : List.of("-sha1", "-sha256")) {
            assertThat(tool.run("ocsp", hash, "-issuer", prefix + "account.pem", "-serial", "0x1234567890abcdef",
                    "-url", url, "-VAfile", prefix + "account.pem")).as(hash).contains("0x1234567890abcdef: unknown")
                    .contains("Response verify OK");
        }
        assertThat(tool.run("ocsp", "-issuer", prefix + "ca.pem", "-serial", "0x1234567890abcdef", "-url", url,
                "-VAfile", prefix + "ca.pem")).contains("0x1234567890abcdef: unknown").contains("Response verify OK");
        // An issuer that is not this server's: it has nothing to say.
        tool.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", prefix + "stranger.key", "-subj",
                "/CN=stranger", "-days", "1", "-out", prefix + "stranger.pem");
        assertThat(tool.tryRun("ocsp", "-issuer", prefix + "stranger.pem", "-serial", "0x1234567890abcdef", "-url",
                url, "-VAfile", prefix + "stranger.pem").output()).contains("unauthorized");
        for (byte[] garbage : List.of("not OCSP".getBytes(StandardCharsets.UTF_8), new byte[20_000])) {
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(garbage)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(new OCSPResp(answer.body()).getStatus()).as("malformedRequest").isEqualTo(1);
        }
    }

    /** A device enrolled while the server had no public URL names no responder: the admin API lists it. */
    @Test
    void devicesWhoseCertificatesNameNoResponderAreListedForTheAdmin() {
        String base = "http://localhost:" + port;
        String person = SetupSteps.unique("no-ocsp");
        SetupSteps.createUser(client, ADMIN, person, "Before The Url");
        OpenSsl tool = openssl();
        SetupSteps.setPublicUrl(client, ADMIN, jdbc, "");
        try {
            assertThat(client.post("/api/auth/device").basic(person, USER_PASSWORD).json(json("csr",
                    tool.deviceCsr(person + "-old"), "deviceName", "old")).send().status()).isEqualTo(200);
        } finally {
            SetupSteps.setPublicUrl(client, ADMIN, jdbc, base);
        }
        assertThat(client.post("/api/auth/device").basic(person, USER_PASSWORD).json(json("csr",
                tool.deviceCsr(person + "-new"), "deviceName", "new")).send().status()).isEqualTo(200);

        JsonNode lacking = client.get("/api/admin/devices?lackingOcsp=true").as(ADMIN).send().json();
        List<String> names = new java.util.ArrayList<>();
        lacking.forEach(device -> {
            if (device.get("username").asText().equals(person)) {
                names.add(device.get("name").asText());
                assertThat(device.get("namesOcsp").asBoolean()).isFalse();
            }
        });
        assertThat(names).containsExactly("old");
        assertThat(client.get("/api/admin/devices?lackingOcsp=true&expiringWithinDays=3").as(ADMIN).send().status())
                .isEqualTo(400);
    }

    /**
     * Several CertIDs in one request: each answered, by the first one's issuer, the other issuer's certificate
     * "unknown"; a SHA-256 CertID as well as SHA-1; a CertID mixing two issuers is unauthorized; another account asked
     * about this one's serial answers unknown.
     */
    @Test
    void severalCertIdsOtherHashesAndWrongIssuersGetPerCertificateAnswers() {
        String base = "http://localhost:" + port;
        SetupSteps.setPublicUrl(client, ADMIN, jdbc, base);
        OpenSsl tool = openssl();
        String[] people = {SetupSteps.unique("ocsp-many"), SetupSteps.unique("ocsp-other")};
        for (String person : people) {
            SetupSteps.createUser(client, ADMIN, person, "Many CertIDs");
            JsonNode enrolled = client.post("/api/auth/device").basic(person, USER_PASSWORD).json(json("csr",
                    tool.deviceCsr(person + "-device"), "deviceName", "laptop")).send().json();
            List<java.security.cert.X509Certificate> chain = Pem.parseCertificates(enrolled.get("certificateChain")
                    .asText());
            try {
                tool.write(person + "-device.pem", Pem.encodeCertificate(chain.get(0).getEncoded()));
                tool.write(person + "-account.pem", Pem.encodeCertificate(chain.get(1).getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        String url = base + "/api/ocsp";
        String mine = people[0];
        String theirs = people[1];

        String both = tool.run("ocsp", "-issuer", mine + "-account.pem", "-cert", mine + "-device.pem",
                "-issuer", theirs + "-account.pem", "-cert", theirs + "-device.pem", "-url", url,
                "-VAfile", mine + "-account.pem");
        assertThat(both).contains(mine + "-device.pem: good").contains(theirs + "-device.pem: unknown")
                .contains("Response verify OK");
        assertThat(tool.run("ocsp", "-sha256", "-issuer", mine + "-account.pem", "-cert", mine + "-device.pem",
                "-url", url, "-VAfile", mine + "-account.pem")).as("a SHA-256 CertID")
                .contains(mine + "-device.pem: good").contains("Response verify OK");
        // OpenSSL names the issuer by the certificate's issuer name and the given issuer's key: no issuer of ours.
        assertThat(tool.tryRun("ocsp", "-issuer", theirs + "-account.pem", "-cert", mine + "-device.pem", "-url",
                url, "-VAfile", theirs + "-account.pem").output()).as("the wrong issuer")
                .contains("unauthorized");
        String mySerial = "0x" + tool.run("x509", "-noout", "-serial", "-in", mine + "-device.pem").trim()
                .substring("serial=".length());
        assertThat(tool.run("ocsp", "-issuer", theirs + "-account.pem", "-serial", mySerial, "-url", url,
                "-VAfile", theirs + "-account.pem")).as("another account of ours, asked about a serial it never issued")
                .contains(mySerial + ": unknown").contains("Response verify OK");
    }
}
