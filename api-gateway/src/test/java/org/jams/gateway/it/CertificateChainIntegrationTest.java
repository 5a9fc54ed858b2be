package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** An account certificate from the API chains to the organisation CA from the setup response, for openssl and the JDK. */
class CertificateChainIntegrationTest extends SharedServerTestBase {

    @Test
    void accountCertificateChainsToTheOrganisationCa() throws Exception {
        String username = SetupSteps.unique("chain");
        createUser(username);
        JsonNode user = client.get("/api/admin/users/" + username).as(ADMIN).send().json();
        String jamiId = user.get("jamiId").asText();
        String accountPem = user.get("accountCertificatePem").asText();
        String caPem = organisationCa().get("certificate").asText();

        OpenSsl openssl = openssl();
        String caFile = username + "-ca.pem";
        String accountFile = username + "-account.pem";
        openssl.write(caFile, caPem);
        openssl.write(accountFile, accountPem);
        String verified = openssl.run("verify", "-CAfile", caFile, accountFile);
        assertThat(verified.trim()).isEqualTo(accountFile + ": OK");
        // ... and it is not merely accepted: another CA does not verify it
        openssl.rsaKey(username + "-other.key", 2048);
        openssl.selfSigned(username + "-other.pem", username + "-other.key", "JAMS IT Org CA", 30,
                OpenSsl.CA_EXTENSIONS);
        assertThat(openssl.tryRun("verify", "-CAfile", username + "-other.pem", accountFile).exitCode()).isNotZero();
        String subject = openssl.run("x509", "-in", accountFile, "-noout", "-subject", "-nameopt", "RFC2253");
        assertThat(subject.trim()).isEqualTo("subject=UID=" + jamiId + ",CN=" + username);

        X509Certificate ca = SetupSteps.certificate(caPem);
        X509Certificate account = SetupSteps.certificate(accountPem);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(account)), parameters);
        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(ca);
        account.verify(ca.getPublicKey());

        // subject CN=<username>, UID=<Jami ID> (in that order in the certificate), issued by the CA
        assertThat(account.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .isEqualTo("UID=" + jamiId + ",CN=" + username);
        assertThat(account.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(SetupSteps.sha1Id(account.getPublicKey())).as("Jami ID = SHA-1 of the account SPKI")
                .isEqualTo(jamiId);
        assertThat(((RSAPublicKey) account.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(account.getBasicConstraints()).as("the account certificate is a CA for its devices")
                .isGreaterThanOrEqualTo(0);
        assertThat(account.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(account.getNotAfter()).isBeforeOrEqualTo(ca.getNotAfter());
        assertThat(account.getSerialNumber().toString(16)).isEqualTo(user.get("accountSerial").asText());
        account.checkValidity();

        // the CA of the setup response: self-signed RSA-4096, CA without a path length limit, id = SHA-1 of its SPKI
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(organisationCa().get("caKeyId").asText()).isEqualTo(SetupSteps.sha1Id(ca.getPublicKey()));
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=JAMS IT Org CA");
        assertThat(organisationCa().get("subject").asText()).isEqualTo("CN=JAMS IT Org CA");
    }
}
