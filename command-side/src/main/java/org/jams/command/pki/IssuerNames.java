package org.jams.command.pki;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;

/** The issuer name for a certificate signed by a given certificate's key. */
final class IssuerNames {

    private IssuerNames() {
    }

    /**
     * Copies the issuing certificate's subject from its DER bytes, never through a string form: the Jami
     * client chains certificates by comparing issuer and subject byte for byte, and a string round trip
     * may change attribute order or string types.
     */
    static X500Name subjectOf(X509Certificate issuer) {
        return X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    }
}
