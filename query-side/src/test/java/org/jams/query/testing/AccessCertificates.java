package org.jams.query.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jams.command.pki.Pem;

/**
 * Small self-signed device certificates whose Authority Information Access has one entry, or which have none: what
 * the device list reads to learn whether a certificate names an OCSP responder.
 */
public final class AccessCertificates {

    private static final KeyPair KEYS = ecKeys();

    private AccessCertificates() {
    }

    /** A certificate whose Authority Information Access names {@code location} by {@code accessMethod}. */
    public static String naming(ASN1ObjectIdentifier accessMethod, String location, boolean critical) {
        return certificate(new AuthorityInformationAccess(accessMethod,
                new GeneralName(GeneralName.uniformResourceIdentifier, location)), critical);
    }

    /** A certificate without an Authority Information Access extension. */
    public static String namingNothing() {
        return certificate(null, false);
    }

    private static String certificate(AuthorityInformationAccess access, boolean critical) {
        try {
            X500Name name = new X500Name("CN=device");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                    Date.from(SampleEvents.T0), Date.from(SampleEvents.T0.plus(SampleEvents.DEVICE_LIFETIME)), name,
                    KEYS.getPublic());
            if (access != null) {
                builder.addExtension(Extension.authorityInfoAccess, critical, access);
            }
            return Pem.encodeCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(KEYS.getPrivate())).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException("No test certificate", e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
