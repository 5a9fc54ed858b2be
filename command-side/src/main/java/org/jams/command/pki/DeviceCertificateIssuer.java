package org.jams.command.pki;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;

/** Signs a device certificate with the account key: the leaf of the Jami chain. */
public final class DeviceCertificateIssuer {

    static final String DEVICE_COMMON_NAME = "Jami device";

    private DeviceCertificateIssuer() {
    }

    /** @return the device certificate, DER-encoded, naming no OCSP responder */
    public static byte[] issue(X509Certificate accountCertificate, PrivateKey accountKey, DeviceCsr csr,
                               Instant notBefore, Instant notAfter, BigInteger serial) {
        return issue(accountCertificate, accountKey, csr, notBefore, notAfter, serial, null, null);
    }

    /**
     * @param ocspUrl where relying parties ask whether the certificate was revoked (Authority Information Access,
     *                id-ad-ocsp: the Jami client asks it on every handshake with the device), or null for none
     * @param crlUrl  the account's CRL distribution point, or null for none
     * @return the device certificate, DER-encoded
     */
    public static byte[] issue(X509Certificate accountCertificate, PrivateKey accountKey, DeviceCsr csr,
                               Instant notBefore, Instant notAfter, BigInteger serial, String ocspUrl,
                               String crlUrl) {
        // The requested subject is ignored: the device is named by its key alone.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, DEVICE_COMMON_NAME)
                .addRDN(BCStyle.UID, csr.sha1Id())
                .build();
        CertificateDraft draft = new CertificateDraft(IssuerNames.subjectOf(accountCertificate), serial, notBefore,
                notAfter, subject, csr.publicKey());
        if (ocspUrl != null) {
            draft.nonCritical(Extension.authorityInfoAccess, new AuthorityInformationAccess(
                    X509ObjectIdentifiers.ocspAccessMethod, new GeneralName(GeneralName.uniformResourceIdentifier,
                            ocspUrl)));
        }
        if (crlUrl != null) {
            draft.nonCritical(Extension.cRLDistributionPoints, CrlDistributionPoints.of(crlUrl));
        }
        return draft
                .critical(Extension.basicConstraints, new BasicConstraints(false))
                .critical(Extension.keyUsage, new KeyUsage(
                        KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment))
                .nonCritical(Extension.subjectKeyIdentifier,
                        KeyIdentifiers.subjectKeyIdentifier(csr.publicKey()))
                .nonCritical(Extension.authorityKeyIdentifier,
                        KeyIdentifiers.authorityKeyIdentifier(accountCertificate))
                .signToDer(accountKey);
    }
}
