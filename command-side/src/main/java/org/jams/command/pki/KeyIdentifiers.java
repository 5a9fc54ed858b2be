package org.jams.command.pki;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Subject and authority key identifier extensions, linking each certificate to its issuer. */
final class KeyIdentifiers {

    private KeyIdentifiers() {
    }

    /**
     * SHA-1 of the whole DER SubjectPublicKeyInfo, i.e. the key's Jami ID, which is what OpenDHT puts
     * in the certificates it generates. Not JcaX509ExtensionUtils.createSubjectKeyIdentifier: that one
     * follows RFC 5280 method 1 and hashes only the subjectPublicKey bit string.
     */
    static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
        return new SubjectKeyIdentifier(KeyIds.sha1(key));
    }

    /**
     * The issuer's own SKI as a key-identifier-only AKI. Taken from the issuer certificate when present
     * because an imported CA may use another SKI method; computed otherwise.
     */
    static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer) {
        return new AuthorityKeyIdentifier(subjectKeyIdOf(issuer));
    }

    static byte[] subjectKeyIdOf(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return subjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
        }
        try {
            return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                    .getKeyIdentifier();
        } catch (IOException e) {
            throw new PkiException(PkiException.UNREADABLE_CERTIFICATE,
                    "The issuer certificate has an unreadable subject key identifier.", e);
        }
    }
}
