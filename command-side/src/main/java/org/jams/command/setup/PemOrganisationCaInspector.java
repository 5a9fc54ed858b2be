package org.jams.command.setup;

import java.security.cert.X509Certificate;
import org.jams.api.error.DomainException;
import org.jams.command.pki.Pem;
import org.jams.command.pki.PkiException;

/** Summarises a PEM CA certificate for the setup event. The CA's suitability was checked when it was made or read. */
public class PemOrganisationCaInspector implements OrganisationCaInspector {

    @Override
    public CaSummary inspect(String certificatePem) {
        X509Certificate certificate;
        try {
            certificate = Pem.parseCertificate(certificatePem);
        } catch (PkiException e) {
            throw DomainException.invalid(e.code(), e.getMessage());
        }
        if (certificate.getBasicConstraints() < 0) {
            throw DomainException.invalid("not_a_ca", "The certificate is not a CA certificate.");
        }
        return new CaSummary(certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }
}
