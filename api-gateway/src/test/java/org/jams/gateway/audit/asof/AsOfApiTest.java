package org.jams.gateway.audit.asof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jams.gateway.audit.trail.AuditHttp.Response;
import org.jams.gateway.audit.trail.AuditHttp;
import org.jams.gateway.audit.trail.AuditTestServer;
import org.jams.query.audit.asof.AsOfQueries;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * State as of any moment, with a controlled clock: events get the times the test gives them (Axon stamps every message
 * with {@link GenericEventMessage#clock}), minutes apart, a little in the future so the certificates issued with the
 * real clock are valid throughout. Two users: U enrolls D1 and D2, loses D1, then is revoked; V enrolls D3 and keeps
 * it. Every step goes through HTTP, every answer is checked against the timeline.
 */
class AsOfApiTest extends AuditTestServer {

    record Timeline(Instant t0, String u, String v, String d1, String d2, String d3, String uJamiId,
                    String uAccountSerial, X509Certificate uAccount, String auditorToken, String userToken) {
        Instant t(int minutes) {
            return t0.plus(Duration.ofMinutes(minutes));
        }
    }

    private static Timeline timeline;

    @Autowired
    private AsOfQueries queries;

    private synchronized Timeline timeline() {
        if (timeline != null) {
            return timeline;
        }
        Instant t0 = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
        String u = unique("asof-u");
        String v = unique("asof-v");
        Clock original = GenericEventMessage.clock;
        try {
            at(t0);
            JsonNode user = createUser(u);
            createUser(v);
            at(t0.plus(Duration.ofMinutes(1)));
            String d1 = enroll(u, "desk");
            String d3 = enroll(v, "tablet");
            at(t0.plus(Duration.ofMinutes(2)));
            String d2 = enroll(u, "phone");
            at(t0.plus(Duration.ofMinutes(3)));
            expect(200, admin(http.delete("/api/admin/devices/" + d1 + "?reason=stolen")).send());
            at(t0.plus(Duration.ofMinutes(5)));
            expect(200, admin(http.delete("/api/admin/users/" + u + "?reason=left")).send());
            at(t0.plus(Duration.ofMinutes(6)));
            String auditor = auditorToken(unique("asof-officer"));
            String userToken = login(v, USER_PASSWORD);
            timeline = new Timeline(t0, u, v, d1, d2, d3, user.get("jamiId").asText(),
                    user.get("accountSerial").asText(), certificate(user.get("accountCertificatePem").asText()),
                    auditor, userToken);
            return timeline;
        } finally {
            GenericEventMessage.clock = original;
        }
    }

    private static void at(Instant instant) {
        GenericEventMessage.clock = Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aUsersStateAndDevicesAreThoseOfTheMomentAsked() {
        Timeline t = timeline();

        JsonNode before = asOf(t.u(), t.t0().minusSeconds(1));
        assertThat(before.get("exists").asBoolean()).isFalse();
        assertThat(before.get("status").asText()).isEqualTo("NOT_REGISTERED");
        assertThat(statuses(before)).containsExactly(t.d1() + "=NOT_YET_ENROLLED", t.d2() + "=NOT_YET_ENROLLED");

        JsonNode registered = asOf(t.u(), t.t0().plusSeconds(30));
        assertThat(registered.get("exists").asBoolean()).isTrue();
        assertThat(registered.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(registered.get("displayName").asText()).isEqualTo("Audit " + t.u());
        assertThat(registered.get("jamiId").asText()).isEqualTo(t.uJamiId());
        assertThat(registered.get("accountCertificate").get("serial").asText()).isEqualTo(t.uAccountSerial());
        assertThat(registered.get("accountCertificate").get("status").asText()).isEqualTo("VALID");
        assertThat(Instant.parse(registered.get("registeredAt").asText())).isEqualTo(t.t0());
        assertThat(statuses(registered)).containsExactly(t.d1() + "=NOT_YET_ENROLLED", t.d2() + "=NOT_YET_ENROLLED");
        assertThat(valid(registered)).isEmpty();

        JsonNode oneDevice = asOf(t.u(), t.t(1).plusSeconds(30));
        assertThat(statuses(oneDevice)).containsExactly(t.d1() + "=ACTIVE", t.d2() + "=NOT_YET_ENROLLED");
        assertThat(valid(oneDevice)).containsExactly(t.d1());
        assertThat(oneDevice.get("devices").get(0).get("name").asText()).isEqualTo("desk");

        assertThat(valid(asOf(t.u(), t.t(2).plusSeconds(30)))).containsExactly(t.d1(), t.d2());
        assertThat(valid(asOf(t.u(), t.t(3).minusMillis(1)))).as("just before the revocation")
                .containsExactly(t.d1(), t.d2());

        JsonNode revokedDevice = asOf(t.u(), t.t(3));
        assertThat(statuses(revokedDevice)).as("at the very moment of the revocation")
                .containsExactly(t.d1() + "=REVOKED", t.d2() + "=ACTIVE");
        assertThat(revokedDevice.get("devices").get(0).get("revokeReason").asText()).isEqualTo("stolen");
        assertThat(valid(revokedDevice)).containsExactly(t.d2());
        assertThat(queries.devicesValidAt(t.u(), t.t(4))).as("the Java service").containsExactly(t.d2());

        JsonNode revokedUser = asOf(t.u(), t.t(5).plusSeconds(30));
        assertThat(revokedUser.get("status").asText()).isEqualTo("REVOKED");
        assertThat(revokedUser.get("revokeReason").asText()).isEqualTo("left");
        assertThat(revokedUser.get("accountCertificate").get("status").asText()).isEqualTo("REVOKED");
        assertThat(statuses(revokedUser)).containsExactly(t.d1() + "=REVOKED", t.d2() + "=REVOKED");
        assertThat(valid(revokedUser)).isEmpty();
    }

    @Test
    void certificatesExpireInThePastAsTheyWillInTheFuture() {
        Timeline t = timeline();
        JsonNode now = asOf(t.v(), t.t(2));
        Instant deviceNotAfter = Instant.parse(now.get("devices").get(0).get("notAfter").asText());
        Instant accountNotAfter = Instant.parse(now.get("accountCertificate").get("notAfter").asText());
        assertThat(valid(now)).containsExactly(t.d3());

        JsonNode deviceExpired = asOf(t.v(), deviceNotAfter.plusSeconds(1));
        assertThat(deviceExpired.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(statuses(deviceExpired)).containsExactly(t.d3() + "=EXPIRED");
        assertThat(valid(deviceExpired)).isEmpty();
        assertThat(valid(asOf(t.v(), deviceNotAfter))).as("valid through its last second").containsExactly(t.d3());

        JsonNode accountExpired = asOf(t.v(), accountNotAfter.plusSeconds(1));
        assertThat(accountExpired.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(accountExpired.get("accountCertificate").get("status").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void anAccountsCrlAtAMomentListsExactlyTheDeviceCertificatesRevokedByThenAndIsByteIdentical() throws Exception {
        Timeline t = timeline();
        BigInteger d1 = serialOf(t.u(), t.d1());
        BigInteger d2 = serialOf(t.u(), t.d2());

        assertThat(serials(crl(t.uJamiId(), t.t(2).plusSeconds(30), t.uAccount()))).isEmpty();
        Instant moment = t.t(3).plusMillis(12_345);
        byte[] first = crlBytes(t.uJamiId(), moment);
        byte[] again = crlBytes(t.uJamiId(), moment);
        assertThat(again).as("the same moment, the same bytes").isEqualTo(first);
        X509CRL afterD1 = parse(first, t.uAccount());
        assertThat(serials(afterD1)).containsExactly(d1);
        assertThat(afterD1.getThisUpdate().toInstant()).isEqualTo(moment.truncatedTo(ChronoUnit.SECONDS));
        assertThat(afterD1.getNextUpdate().toInstant()).isEqualTo(moment.truncatedTo(ChronoUnit.SECONDS)
                .plus(Duration.ofMinutes(5)));
        assertThat(afterD1.getRevokedCertificate(d1).getRevocationDate().toInstant()).isEqualTo(t.t(3));
        assertThat(afterD1.getIssuerX500Principal()).isEqualTo(t.uAccount().getSubjectX500Principal());
        assertThat(serials(crl(t.uJamiId(), t.t(5).plusSeconds(30), t.uAccount()))).containsExactlyInAnyOrder(d1, d2);
        assertThat(crlBytes(t.uJamiId(), moment.plusMillis(1))).as("another moment").isNotEqualTo(first);
    }

    @Test
    void theCaCrlAtAMomentListsExactlyTheAccountCertificatesRevokedByThen() throws Exception {
        Timeline t = timeline();
        String caKeyId = organisationCa().get("caKeyId").asText();
        X509Certificate ca = certificate(organisationCa().get("certificate").asText());
        BigInteger u = new BigInteger(t.uAccountSerial(), 16);

        Set<BigInteger> beforeU = serials(crl(caKeyId, t.t(4), ca));
        assertThat(beforeU).doesNotContain(u).isEqualTo(revokedAccountsUpTo(t.t(4)));
        Set<BigInteger> afterU = serials(crl(caKeyId, t.t(5), ca));
        assertThat(afterU).contains(u).isEqualTo(revokedAccountsUpTo(t.t(5)));
        assertThat(crlBytes(caKeyId, t.t(5))).isEqualTo(crlBytes(caKeyId, t.t(5)));
        assertThat(crl(caKeyId, t.t(5), ca).getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    }

    @Test
    void asOfQueriesAreForAdminsAndAuditorsAndExplainWhatIsWrong() {
        Timeline t = timeline();
        String at = t.t(2).toString();

        expect(200, http.get("/api/audit/as-of?at=" + at + "&user=" + t.u()).bearer(t.auditorToken()).send());
        expect(200, http.get("/api/audit/as-of/crl?at=" + at + "&issuer=" + t.uJamiId()).bearer(t.auditorToken())
                .send());
        expect(401, http.get("/api/audit/as-of?at=" + at + "&user=" + t.u()).send());
        expect(403, http.get("/api/audit/as-of?at=" + at + "&user=" + t.u()).bearer(t.userToken()).send());
        expect(403, http.get("/api/audit/as-of/crl?at=" + at + "&issuer=" + t.uJamiId()).bearer(t.userToken()).send());
        expect(404, admin(http.get("/api/audit/as-of?at=" + at + "&user=never-" + t.u())).send());
        expect(400, admin(http.get("/api/audit/as-of?user=" + t.u())).send());
        expect(400, admin(http.get("/api/audit/as-of?at=3%20March&user=" + t.u())).send());
        expect(400, admin(http.get("/api/audit/as-of?at=" + at)).send());
        expect(404, admin(http.get("/api/audit/as-of/crl?at=" + at + "&issuer=" + "0f".repeat(20))).send());
        expect(404, admin(http.get("/api/audit/as-of/crl?at=" + t.t0().minusSeconds(1) + "&issuer=" + t.uJamiId()))
                .send());
        expect(400, admin(http.get("/api/audit/as-of/crl?at=" + at + "&issuer=nope")).send());
        Response offset = expect(200, admin(http.get("/api/audit/as-of?user=" + t.u() + "&at="
                + AuditHttp.q(t.t(2).atOffset(ZoneOffset.ofHours(2)).toString()))).send());
        assertThat(offset.json().get("at").asText()).isEqualTo(t.t(2).toString());
    }

    private JsonNode asOf(String user, Instant at) {
        return expect(200, admin(http.get("/api/audit/as-of?at=" + at + "&user=" + user)).send()).json();
    }

    private byte[] crlBytes(String issuer, Instant at) {
        Response response = expect(200, admin(http.get("/api/audit/as-of/crl?at=" + at + "&issuer=" + issuer))
                .send());
        assertThat(response.contentType()).isEqualTo("application/pkix-crl");
        return response.bytes();
    }

    private X509CRL crl(String issuer, Instant at, X509Certificate issuerCertificate) throws Exception {
        return parse(crlBytes(issuer, at), issuerCertificate);
    }

    /** Parses with the JDK and verifies the signature with the issuer's public key. */
    private static X509CRL parse(byte[] der, X509Certificate issuer) throws Exception {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(issuer.getPublicKey());
        return crl;
    }

    private static Set<BigInteger> serials(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? Set.of() : crl.getRevokedCertificates().stream()
                .map(X509CRLEntry::getSerialNumber).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The oracle for the CA's CRL: the users read model's revoked accounts, revoked at or before {@code at}. */
    private Set<BigInteger> revokedAccountsUpTo(Instant at) {
        return jdbc.queryForList("SELECT account_serial FROM users WHERE status = 'REVOKED' AND revoked_at <= ?",
                String.class, Timestamp.from(at)).stream().map(s -> new BigInteger(s, 16))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private BigInteger serialOf(String user, String device) {
        return new BigInteger(jdbc.queryForObject("SELECT serial FROM devices WHERE username = ? AND device_id = ?",
                String.class, user, device), 16);
    }

    private static List<String> statuses(JsonNode state) {
        List<String> statuses = new ArrayList<>();
        state.get("devices").forEach(d -> statuses.add(d.get("deviceId").asText() + "=" + d.get("status").asText()));
        return statuses;
    }

    private static List<String> valid(JsonNode state) {
        List<String> ids = new ArrayList<>();
        state.get("validDevices").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
