package org.jams.query.enrollment;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.jams.command.pki.Pem;

/** Whether a certificate names an OCSP responder: what a Jami peer needs to learn of its revocation. */
final class OcspNaming {

    private OcspNaming() {
    }

    /** False also for a certificate that does not parse: it names nothing a peer could use. */
    static boolean namesOcsp(String certificatePem) {
        try {
            X509Certificate certificate = Pem.parseCertificate(certificatePem);
            // Only the extension is decoded again, not the whole certificate (this runs in every enrollment).
            byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
            if (extension == null) {
                return false;
            }
            AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension));
            for (AccessDescription description : access.getAccessDescriptions()) {
                if (X509ObjectIdentifiers.ocspAccessMethod.equals(description.getAccessMethod())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
