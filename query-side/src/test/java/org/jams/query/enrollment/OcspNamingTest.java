package org.jams.query.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jams.command.pki.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OcspNamingTest {

    private static KeyPair keys;

    @BeforeAll
    static void createKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        keys = generator.generateKeyPair();
    }

    @Test
    void aCertificateWithAnOcspResponderNamesOne() throws Exception {
        assertThat(OcspNaming.namesOcsp(certificate(X509ObjectIdentifiers.ocspAccessMethod, false))).isTrue();
    }

    @Test
    void anAccessExtensionMarkedCriticalIsReadToo() throws Exception {
        assertThat(OcspNaming.namesOcsp(certificate(X509ObjectIdentifiers.ocspAccessMethod, true))).isTrue();
    }

    @Test
    void anAccessExtensionNamingOnlyTheIssuersCertificateNamesNoResponder() throws Exception {
        assertThat(OcspNaming.namesOcsp(certificate(X509ObjectIdentifiers.id_ad_caIssuers, false))).isFalse();
    }

    @Test
    void aCertificateWithoutTheExtensionNamesNoResponder() throws Exception {
        assertThat(OcspNaming.namesOcsp(certificate(null, false))).isFalse();
    }

    @Test
    void textThatIsNoCertificateNamesNoResponder() {
        assertThat(OcspNaming.namesOcsp("not a certificate")).isFalse();
        assertThat(OcspNaming.namesOcsp(null)).isFalse();
    }

    /** A small self-signed certificate whose Authority Information Access has one entry of the method, or none. */
    private static String certificate(ASN1ObjectIdentifier accessMethod, boolean critical) throws Exception {
        X500Name name = new X500Name("CN=device");
        Instant now = Instant.parse("2026-12-05T00:00:00Z");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now),
                Date.from(now.plusSeconds(86_400)), name, keys.getPublic());
        if (accessMethod != null) {
            GeneralName location = new GeneralName(GeneralName.uniformResourceIdentifier, "https://jams.example.org/x");
            builder.addExtension(Extension.authorityInfoAccess, critical,
                    new AuthorityInformationAccess(accessMethod, location));
        }
        return Pem.encodeCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(keys.getPrivate())).getEncoded());
    }
}
