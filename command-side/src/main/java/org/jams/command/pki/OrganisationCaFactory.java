package org.jams.command.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/** Creates the organisation CA, either freshly generated or imported from the administrator's PEM files. */
public final class OrganisationCaFactory {

    static final int MAX_COMMON_NAME_LENGTH = 64; // ub-common-name, RFC 5280
    static final int MAX_VALIDITY_DAYS = 36_500;
    // Backdating absorbs clock skew between the server and devices that validate the chain right away.
    static final Duration BACKDATING = Duration.ofMinutes(5);

    private final Supplier<KeyPair> keyPairs;
    private final SerialNumbers serialNumbers;

    public OrganisationCaFactory() {
        this(RsaKeyPairs::generate4096, new SerialNumbers());
    }

    /** Package-visible so tests can supply faster, smaller keys. */
    OrganisationCaFactory(Supplier<KeyPair> keyPairs, SerialNumbers serialNumbers) {
        this.keyPairs = keyPairs;
        this.serialNumbers = serialNumbers;
    }

    /** A self-signed RSA-4096 CA with no path length limit, valid from five minutes before {@code now}. */
    public OrganisationCa generate(String commonName, int validityDays, Instant now) {
        requireValidRequest(commonName, validityDays);
        KeyPair keyPair = keyPairs.get();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509Certificate certificate = new CertificateDraft(subject, serialNumbers.next(),
                now.minus(BACKDATING), now.plus(Duration.ofDays(validityDays)), subject, keyPair.getPublic())
                // No pathLen: account certificates are CAs themselves and sign device certificates.
                .critical(Extension.basicConstraints, new BasicConstraints(true))
                .critical(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .nonCritical(Extension.subjectKeyIdentifier,
                        KeyIdentifiers.subjectKeyIdentifier(keyPair.getPublic()))
                .signWith(keyPair.getPrivate());
        return new OrganisationCa(certificate, keyPair.getPrivate());
    }

    /**
     * An existing CA, accepted only if it can actually sign the Jami chain at {@code now}.
     *
     * @param passphraseOrNull needed only when the key is encrypted
     */
    public OrganisationCa importPem(String certificatePem, String privateKeyPem, char[] passphraseOrNull,
                                    Instant now) {
        X509Certificate certificate = Pem.parseCertificate(certificatePem);
        PrivateKey privateKey = Pem.parsePrivateKey(privateKeyPem, passphraseOrNull);
        ImportedCaChecks.check(certificate, privateKey, now);
        return new OrganisationCa(certificate, privateKey);
    }

    private static void requireValidRequest(String commonName, int validityDays) {
        if (commonName == null || commonName.isBlank()) {
            throw new PkiException(PkiException.INVALID_CA_REQUEST, "The CA needs a common name.");
        }
        if (commonName.length() > MAX_COMMON_NAME_LENGTH) {
            throw new PkiException(PkiException.INVALID_CA_REQUEST,
                    "The CA common name must be at most " + MAX_COMMON_NAME_LENGTH + " characters.");
        }
        if (validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
            throw new PkiException(PkiException.INVALID_CA_REQUEST,
                    "The CA validity must be between 1 and " + MAX_VALIDITY_DAYS + " days.");
        }
    }
}
