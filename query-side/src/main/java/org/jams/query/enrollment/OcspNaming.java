package org.jams.query.enrollment;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jams.command.pki.Pem;

/** Whether a certificate names an OCSP responder: what a Jami peer needs to learn of its revocation. */
final class OcspNaming {

    private OcspNaming() {
    }

    /** False also for a certificate that does not parse: it names nothing a peer could use. */
    static boolean namesOcsp(String certificatePem) {
        try {
            X509Certificate certificate = Pem.parseCertificate(certificatePem);
            AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(
                    new X509CertificateHolder(certificate.getEncoded()).getExtensions());
            if (access == null) {
                return false;
            }
            for (AccessDescription description : access.getAccessDescriptions()) {
                if (X509ObjectIdentifiers.ocspAccessMethod.equals(description.getAccessMethod())) {
                    return true;
                }
            }
            return false;
        } catch (CertificateEncodingException | java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
