package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.gateway.it.JamsClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jams.command.pki.Pem;
import org.jams.query.revocation.CrlSource;
import org.junit.jupiter.api.Test;

/**
 * The CRLs at the distribution points new certificates name, through the real OpenSSL: {@code openssl verify
 * -crl_check_all} accepts a device while nothing is revoked, refuses it once revoked (and its owner's other device
 * once the person is revoked); each new CRL has a greater number, is an event, and is the same bytes the as-of view
 * builds from the events for its moment; caches get an ETag and a lifetime.
 */
class CrlTest extends SharedServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> fetch(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String distributionPoint(X509Certificate certificate) throws Exception {
        CRLDistPoint points = CRLDistPoint.fromExtensions(new X509CertificateHolder(certificate.getEncoded())
                .getExtensions());
        assertThat(points).as("a CRL distribution point").isNotNull();
        DistributionPoint[] all = points.getDistributionPoints();
        assertThat(all).hasSize(1);
        return GeneralNames.getInstance(all[0].getDistributionPoint().getName()).getNames()[0].getName().toString();
    }

    private JsonNode enroll(OpenSsl tool, String person, String keyName) {
        return client.post("/api/auth/device").basic(person, USER_PASSWORD)
                .json(json("csr", tool.deviceCsr(keyName), "deviceName", keyName)).send().json();
    }

    /** Saves the CRL served at url as PEM under name and answers it; asserts what every CRL answer carries. */
    private HttpResponse<byte[]> saveCrl(OpenSsl tool, String url, String name) throws Exception {
        HttpResponse<byte[]> answer = fetch(url);
        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(answer.headers().firstValue("Cache-Control")).get().asString().contains("public")
                .containsPattern("max-age=\\d+");
        assertThat(answer.headers().firstValue("ETag")).isPresent();
        assertThat(answer.headers().firstValue("Last-Modified")).isPresent();
        Files.write(tool.directory().resolve(name + ".der"), answer.body());
        tool.run("crl", "-inform", "DER", "-in", name + ".der", "-out", name + ".pem");
        return answer;
    }

    @Test
    void certificatesNameTheirCrlsWhichOpensslChecksAndEveryNewCrlIsAnEventTheAsOfViewRebuilds() throws Exception {
        String base = "http://localhost:" + port;
        SetupSteps.setPublicUrl(client, ADMIN, jdbc, base);
        OpenSsl tool = openssl();
        String person = SetupSteps.unique("crl");
        SetupSteps.createUser(client, ADMIN, person, "Crl Person");
        JsonNode laptop = enroll(tool, person, person + "-laptop");
        JsonNode phone = enroll(tool, person, person + "-phone");
        List<X509Certificate> laptopChain = Pem.parseCertificates(laptop.get("certificateChain").asText());
        X509Certificate phoneCertificate = Pem.parseCertificates(phone.get("certificateChain").asText()).get(0);
        X509Certificate account = laptopChain.get(1);
        String jamiId = SetupSteps.sha1Id(account.getPublicKey());
        String accountCrlUrl = base + "/api/crl/" + jamiId;
        assertThat(distributionPoint(laptopChain.get(0))).as("a device names its account's CRL")
                .isEqualTo(accountCrlUrl);
        String caCrlUrl = distributionPoint(account);
        String caKeyId = caCrlUrl.substring(caCrlUrl.lastIndexOf('/') + 1);
        assertThat(caCrlUrl).as("an account names the organisation CA's CRL").isEqualTo(base + "/api/crl/" + caKeyId);
        assertThat(caKeyId).isEqualTo(jdbc.queryForObject("SELECT ca_key_id FROM users WHERE username = ?",
                String.class, person).trim());

        String prefix = person + "-";
        tool.write(prefix + "laptop.pem", Pem.encodeCertificate(laptopChain.get(0).getEncoded()));
        tool.write(prefix + "phone.pem", Pem.encodeCertificate(phoneCertificate.getEncoded()));
        tool.write(prefix + "account.pem", Pem.encodeCertificate(account.getEncoded()));
        tool.write(prefix + "ca.pem", organisationCa().get("certificate").asText());

        HttpResponse<byte[]> first = saveCrl(tool, accountCrlUrl, prefix + "account-crl-1");
        saveCrl(tool, caCrlUrl, prefix + "ca-crl-1");
        assertThat(tool.run("crl", "-in", prefix + "account-crl-1.pem", "-CAfile", prefix + "account.pem", "-noout"))
                .as("signed by the account key").contains("verify OK");
        assertThat(tool.run("verify", "-crl_check_all", "-CAfile", prefix + "ca.pem", "-untrusted",
                prefix + "account.pem", "-CRLfile", prefix + "account-crl-1.pem", "-CRLfile", prefix + "ca-crl-1.pem",
                prefix + "laptop.pem")).contains(prefix + "laptop.pem: OK");

        // Unchanged, it is the same CRL: no new number, no new event; a cache's copy is still good.
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = fetch(accountCrlUrl);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(fetch(accountCrlUrl, "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> pem = fetch(accountCrlUrl + ".pem");
        assertThat(pem.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
        assertThat(new String(pem.body(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN X509 CRL-----\n");

        String laptopId = jdbc.queryForObject("SELECT device_id FROM devices WHERE username = ? AND serial = ?",
                String.class, person, laptopChain.get(0).getSerialNumber().toString(16));
        assertThat(client.delete("/api/admin/devices/" + laptopId + "?reason=stolen").as(ADMIN).send().status())
                .isEqualTo(200);
        HttpResponse<byte[]> second = saveCrl(tool, accountCrlUrl, prefix + "account-crl-2");
        assertThat(second.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
        BigInteger firstNumber = new BigInteger(first.headers().firstValue("X-CRL-Number").orElseThrow());
        BigInteger secondNumber = new BigInteger(second.headers().firstValue("X-CRL-Number").orElseThrow());
        assertThat(secondNumber).isGreaterThan(firstNumber);
        X509CRLHolder revokedOne = new X509CRLHolder(second.body());
        assertThat(revokedOne.getRevokedCertificate(laptopChain.get(0).getSerialNumber())).isNotNull();
        assertThat(revokedOne.getRevokedCertificate(phoneCertificate.getSerialNumber())).isNull();
        OpenSsl.Result refused = tool.tryRun("verify", "-crl_check_all", "-CAfile", prefix + "ca.pem", "-untrusted",
                prefix + "account.pem", "-CRLfile", prefix + "account-crl-2.pem", "-CRLfile", prefix + "ca-crl-1.pem",
                prefix + "laptop.pem");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(tool.run("verify", "-crl_check_all", "-CAfile", prefix + "ca.pem", "-untrusted",
                prefix + "account.pem", "-CRLfile", prefix + "account-crl-2.pem", "-CRLfile", prefix + "ca-crl-1.pem",
                prefix + "phone.pem")).contains(prefix + "phone.pem: OK");

        // Each CRL published is an event, and the as-of view builds it again from the events, to the byte.
        JsonNode publications = client.get("/api/audit/crls?issuer=" + jamiId).as(ADMIN).send().json();
        assertThat(publications).hasSize(2);
        assertThat(publications.get(0).get("number").asText()).isEqualTo(secondNumber.toString());
        assertThat(publications.get(0).get("sha256").asText()).isEqualTo(CrlSource.sha256(second.body()));
        assertThat(publications.get(0).get("entries").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE '%CrlPublishedEvent'", Integer.class, "crl:" + jamiId)).isEqualTo(2);
        String basic = "Basic " + Base64.getEncoder().encodeToString((ADMIN.username() + ":" + ADMIN.password())
                .getBytes(StandardCharsets.UTF_8));
        for (BigInteger number : List.of(firstNumber, secondNumber)) {
            byte[] asOf = fetch(base + "/api/audit/as-of/crl?issuer=" + jamiId + "&at=" + URLEncoder.encode(
                    Instant.ofEpochMilli(number.longValueExact()).toString(), StandardCharsets.US_ASCII),
                    "Authorization", basic).body();
            assertThat(asOf).as("CRL %s built again from the events", number)
                    .isEqualTo(number.equals(secondNumber) ? second.body() : first.body());
        }
        // Once its validity has ended, a revoked certificate is no longer listed (the as-of view of a later moment).
        assertThat(jdbc.queryForObject("SELECT not_after FROM revoked_certificates WHERE serial = ?",
                java.sql.Timestamp.class, laptopChain.get(0).getSerialNumber().toString(16)).toInstant())
                .isEqualTo(laptopChain.get(0).getNotAfter().toInstant());
        Instant afterExpiry = laptopChain.get(0).getNotAfter().toInstant().plusSeconds(1);
        X509CRLHolder later = new X509CRLHolder(fetch(base + "/api/audit/as-of/crl?issuer=" + jamiId + "&at="
                + afterExpiry, "Authorization", basic).body());
        assertThat(later.getRevokedCertificate(laptopChain.get(0).getSerialNumber())).isNull();
        JsonNode inForce = client.get("/api/audit/crls?issuer=" + jamiId + "&at="
                + Instant.ofEpochMilli(secondNumber.longValueExact() - 1)).as(ADMIN).send().json();
        assertThat(inForce.get(0).get("number").asText()).as("the CRL in force just before").isEqualTo(
                firstNumber.toString());

        // The person revoked: the CA's CRL lists the account certificate, the account's the phone too.
        assertThat(client.delete("/api/admin/users/" + person + "?reason=left").as(ADMIN).send().status())
                .isEqualTo(200);
        saveCrl(tool, accountCrlUrl, prefix + "account-crl-3");
        HttpResponse<byte[]> caCrl = saveCrl(tool, caCrlUrl, prefix + "ca-crl-2");
        assertThat(new X509CRLHolder(caCrl.body()).getRevokedCertificate(account.getSerialNumber())).isNotNull();
        OpenSsl.Result phoneRefused = tool.tryRun("verify", "-crl_check_all", "-CAfile", prefix + "ca.pem",
                "-untrusted", prefix + "account.pem", "-CRLfile", prefix + "account-crl-3.pem", "-CRLfile",
                prefix + "ca-crl-2.pem", prefix + "phone.pem");
        assertThat(phoneRefused.exitCode()).isNotZero();
        assertThat(phoneRefused.output()).contains("certificate revoked");
        // OCSP says the same at once: the account certificate (signed by the CA) and the phone (by the account key).
        String ocsp = base + "/api/ocsp";
        assertThat(tool.run("ocsp", "-issuer", prefix + "ca.pem", "-cert", prefix + "account.pem", "-url", ocsp,
                "-VAfile", prefix + "ca.pem")).contains(prefix + "account.pem: revoked");
        assertThat(tool.run("ocsp", "-issuer", prefix + "account.pem", "-cert", prefix + "phone.pem", "-url", ocsp,
                "-VAfile", prefix + "account.pem")).contains(prefix + "phone.pem: revoked");
    }

    @Test
    void aRenewalSupersedesTheOlderCertificateWithThatReason() throws Exception {
        OpenSsl tool = openssl();
        String person = SetupSteps.unique("crl-renew");
        SetupSteps.createUser(client, ADMIN, person, "Renewing Person");
        String keyName = person + "-device";
        JsonNode first = enroll(tool, person, keyName);
        // The same key asks again, three times: the oldest certificate is superseded.
        for (int i = 0; i < 2; i++) {
            String csrName = person + "-renewal-" + i;
            Files.copy(tool.directory().resolve(keyName + ".key"), tool.directory().resolve(csrName + ".key"));
            tool.run("req", "-new", "-key", csrName + ".key", "-subj", "/CN=renewal", "-out", csrName + ".csr");
            assertThat(client.post("/api/auth/device").basic(person, USER_PASSWORD)
                    .json(json("csr", tool.read(csrName + ".csr"), "deviceName", keyName)).send().status())
                    .isEqualTo(200);
        }
        List<X509Certificate> chain = Pem.parseCertificates(first.get("certificateChain").asText());
        String jamiId = SetupSteps.sha1Id(chain.get(1).getPublicKey());
        HttpResponse<byte[]> answer = saveCrl(tool, "http://localhost:" + port + "/api/crl/" + jamiId + ".crl",
                person + "-crl");
        assertThat(new X509CRLHolder(answer.body()).getRevokedCertificate(chain.get(0).getSerialNumber()))
                .isNotNull();
        assertThat(tool.run("crl", "-in", person + "-crl.pem", "-noout", "-text")).contains("Superseded");
    }

    @Test
    void badIssuersAreRefusedPlainly() throws Exception {
        String base = "http://localhost:" + port + "/api/crl/";
        HttpResponse<byte[]> malformed = fetch(base + "not-a-key-id");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new String(malformed.body(), StandardCharsets.UTF_8)).contains("invalid_issuer");
        HttpResponse<byte[]> unknown = fetch(base + "0123456789abcdef0123456789abcdef01234567");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("issuer_not_found");
        assertThat(client.get("/api/audit/crls?issuer=x").as(ADMIN).send().status()).isEqualTo(400);
        assertThat(client.get("/api/audit/crls?issuer=0123456789abcdef0123456789abcdef01234567").send().status())
                .as("publications are for admins and auditors").isEqualTo(401);
    }
}
