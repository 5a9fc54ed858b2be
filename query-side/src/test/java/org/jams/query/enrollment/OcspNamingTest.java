package org.jams.query.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.jams.query.testing.AccessCertificates;
import org.junit.jupiter.api.Test;

class OcspNamingTest {

    private static final String LOCATION = "https://jams.example.org/x";

    @Test
    void aCertificateWithAnOcspResponderNamesOne() {
        assertThat(OcspNaming.namesOcsp(
                AccessCertificates.naming(X509ObjectIdentifiers.ocspAccessMethod, LOCATION, false))).isTrue();
    }

    @Test
    void anAccessExtensionMarkedCriticalIsReadToo() {
        assertThat(OcspNaming.namesOcsp(
                AccessCertificates.naming(X509ObjectIdentifiers.ocspAccessMethod, LOCATION, true))).isTrue();
    }

    @Test
    void anAccessExtensionNamingOnlyTheIssuersCertificateNamesNoResponder() {
        assertThat(OcspNaming.namesOcsp(
                AccessCertificates.naming(X509ObjectIdentifiers.id_ad_caIssuers, LOCATION, false))).isFalse();
    }

    @Test
    void aCertificateWithoutTheExtensionNamesNoResponder() {
        assertThat(OcspNaming.namesOcsp(AccessCertificates.namingNothing())).isFalse();
    }

    @Test
    void textThatIsNoCertificateNamesNoResponder() {
        assertThat(OcspNaming.namesOcsp("not a certificate")).isFalse();
        assertThat(OcspNaming.namesOcsp(null)).isFalse();
    }
}
