package org.jams.query.enrollment;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.jams.command.pki.Pem;

/** Whether a certificate names an OCSP responder: what a Jami peer needs to learn of its revocation. */
final class OcspNaming {

    private static final String AUTHORITY_INFO_ACCESS = Extension.authorityInfoAccess.getId();

    private OcspNaming() {
    }

    /** False also for a certificate that does not parse: it names nothing a peer could use. */
    static boolean namesOcsp(String certificatePem) {
        try {
            X509Certificate certificate = Pem.parseCertificate(certificatePem);
            // Asked for an extension a certificate lacks, the JDK's certificate throws and catches two exceptions
            // inside; this runs in every enrollment, so the OID is looked up first. Only the extension is decoded
            // again, not the whole certificate.
            if (!namesExtension(certificate, AUTHORITY_INFO_ACCESS)) {
                return false;
            }
            byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
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

    private static boolean namesExtension(X509Certificate certificate, String oid) {
        Set<String> nonCritical = certificate.getNonCriticalExtensionOIDs();
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        return nonCritical != null && nonCritical.contains(oid) || critical != null && critical.contains(oid);
    }
}
