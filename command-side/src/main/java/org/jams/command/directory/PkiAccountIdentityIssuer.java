package org.jams.command.directory;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jams.api.error.DomainException;
import org.jams.command.pki.AccountCertificateIssuer;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.CertificateLifetimes;
import org.jams.command.pki.CertificateLocations;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.KeyPairPool;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaSource;
import org.jams.command.pki.Pem;
import org.jams.command.pki.SerialNumbers;

/** Issues account identities from pre-generated RSA-4096 keys, certified by the organisation CA. */
public class PkiAccountIdentityIssuer implements AccountIdentityIssuer {

    private final KeyPairPool keyPairs;
    private final OrganisationCaSource caSource;
    private final AccountKeyVault vault;
    private final CertificateLifetimes lifetimes;
    private final CertificateLocations locations;
    private final SerialNumbers serials;
    private final Clock clock;

    public PkiAccountIdentityIssuer(KeyPairPool keyPairs, OrganisationCaSource caSource, AccountKeyVault vault,
                                    CertificateLifetimes lifetimes, SerialNumbers serials, Clock clock) {
        this(keyPairs, caSource, vault, lifetimes, CertificateLocations.NONE, serials, clock);
    }

    public PkiAccountIdentityIssuer(KeyPairPool keyPairs, OrganisationCaSource caSource, AccountKeyVault vault,
                                    CertificateLifetimes lifetimes, CertificateLocations locations,
                                    SerialNumbers serials, Clock clock) {
        this.locations = locations;
        this.keyPairs = keyPairs;
        this.caSource = caSource;
        this.vault = vault;
        this.lifetimes = lifetimes;
        this.serials = serials;
        this.clock = clock;
    }

    @Override
    public AccountIdentity issue(String username) {
        OrganisationCa ca = caSource.current().orElseThrow(() -> DomainException.conflict("setup_incomplete",
                "The organisation CA is not configured yet; finish the server setup first."));
        KeyPair account = keyPairs.take();
        // X.509 times are whole seconds: truncate first, so the recorded validity is exactly the certificate's.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(lifetimes.backdating());
        Instant notAfter = now.plus(lifetimes.account());
        if (notAfter.isAfter(ca.certificate().getNotAfter().toInstant())) {
            notAfter = ca.certificate().getNotAfter().toInstant(); // an account cannot outlive its CA
        }
        BigInteger serial = serials.next();
        String caKeyId = KeyIds.sha1Id(ca.certificate().getPublicKey());
        X509Certificate certificate = AccountCertificateIssuer.issue(ca, account.getPublic(), username, notBefore,
                notAfter, serial, locations.crlUrl(caKeyId).orElse(null));
        String jamiId = KeyIds.sha1Id(account.getPublic());
        vault.store(jamiId, account.getPrivate());
        return new AccountIdentity(jamiId, Pem.encodeCertificate(certificate), serial.toString(16), notBefore,
                notAfter, caKeyId);
    }
}
