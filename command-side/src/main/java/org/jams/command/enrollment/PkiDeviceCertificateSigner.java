package org.jams.command.enrollment;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jams.api.error.DomainException;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.CertificateLifetimes;
import org.jams.command.pki.CertificateLocations;
import org.jams.command.pki.DeviceCertificateIssuer;
import org.jams.command.pki.DeviceCsr;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaSource;
import org.jams.command.pki.Pem;
import org.jams.command.pki.PkiException;
import org.jams.command.pki.SerialNumbers;

/** Signs device CSRs with the user's account key from the vault. */
public class PkiDeviceCertificateSigner implements DeviceCertificateSigner {

    private final AccountKeyVault vault;
    private final OrganisationCaSource caSource;
    private final CertificateLifetimes lifetimes;
    private final CertificateLocations locations;
    private final SerialNumbers serials;
    private final Clock clock;

    public PkiDeviceCertificateSigner(AccountKeyVault vault, OrganisationCaSource caSource,
                                      CertificateLifetimes lifetimes, SerialNumbers serials, Clock clock) {
        this(vault, caSource, lifetimes, CertificateLocations.NONE, serials, clock);
    }

    public PkiDeviceCertificateSigner(AccountKeyVault vault, OrganisationCaSource caSource,
                                      CertificateLifetimes lifetimes, CertificateLocations locations,
                                      SerialNumbers serials, Clock clock) {
        this.locations = locations;
        this.vault = vault;
        this.caSource = caSource;
        this.lifetimes = lifetimes;
        this.serials = serials;
        this.clock = clock;
    }

    @Override
    public SignedDeviceCertificate sign(String jamiId, String accountCertificatePem, String csrPem) {
        DeviceCsr csr;
        try {
            csr = DeviceCsr.parse(csrPem == null ? "" : csrPem);
        } catch (PkiException e) {
            throw DomainException.invalid(e.code(), e.getMessage());
        }
        X509Certificate account = Pem.parseCertificate(accountCertificatePem);
        PrivateKey accountKey = vault.load(jamiId);
        // X.509 times are whole seconds: truncate first, so the recorded validity is exactly the certificate's.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(lifetimes.backdating());
        Instant notAfter = now.plus(lifetimes.device());
        if (notAfter.isAfter(account.getNotAfter().toInstant())) {
            notAfter = account.getNotAfter().toInstant(); // a device cannot outlive its account certificate
        }
        BigInteger serial = serials.next();
        byte[] device = DeviceCertificateIssuer.issue(account, accountKey, csr, notBefore, notAfter, serial,
                locations.ocspUrl().orElse(null), locations.crlUrl(jamiId).orElse(null));
        String caPem = caSource.current().map(OrganisationCa::certificate).map(Pem::encodeCertificate).orElse(null);
        return new SignedDeviceCertificate(csr.sha256Id(), csr.sha1Id(), serial.toString(16), notBefore, notAfter,
                Pem.encodeCertificate(device), caPem);
    }
}
