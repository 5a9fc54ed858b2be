package org.jams.command.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** The organisation's certificate authority: the root every account certificate chains to. */
public record OrganisationCa(X509Certificate certificate, PrivateKey privateKey) {

    public OrganisationCa {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Describes the certificate only, so the private key never lands in a log line. */
    @Override
    public String toString() {
        return "OrganisationCa[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }
}
