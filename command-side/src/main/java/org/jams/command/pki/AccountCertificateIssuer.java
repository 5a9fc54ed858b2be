package org.jams.command.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/** Signs a Jami account certificate: a CA for the account's own devices, below the organisation CA. */
public final class AccountCertificateIssuer {

    private AccountCertificateIssuer() {
    }

    public static X509Certificate issue(OrganisationCa ca, PublicKey accountKey, String username,
                                        Instant notBefore, Instant notAfter, BigInteger serial) {
        return issue(ca, accountKey, username, notBefore, notAfter, serial, null);
    }

    /** @param crlUrl the organisation CA's CRL distribution point, or null to name none */
    public static X509Certificate issue(OrganisationCa ca, PublicKey accountKey, String username,
                                        Instant notBefore, Instant notAfter, BigInteger serial, String crlUrl) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("An account certificate needs a username");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, username)
                .addRDN(BCStyle.UID, KeyIds.sha1Id(accountKey))
                .build();
        CertificateDraft draft = new CertificateDraft(IssuerNames.subjectOf(ca.certificate()), serial, notBefore,
                notAfter, subject, accountKey);
        if (crlUrl != null) {
            draft.nonCritical(Extension.cRLDistributionPoints, CrlDistributionPoints.of(crlUrl));
        }
        return draft
                // CA without pathLen: the account signs its device certificates.
                .critical(Extension.basicConstraints, new BasicConstraints(true))
                .critical(Extension.keyUsage,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                .nonCritical(Extension.subjectKeyIdentifier, KeyIdentifiers.subjectKeyIdentifier(accountKey))
                .nonCritical(Extension.authorityKeyIdentifier,
                        KeyIdentifiers.authorityKeyIdentifier(ca.certificate()))
                .signWith(ca.privateKey());
    }
}
