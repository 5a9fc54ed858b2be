package org.jams.query.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.security.PrivateKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.OrganisationCaKeys;
import org.jams.command.pki.Pem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers OCSP requests (RFC 6960) about the certificates this server issued: a device certificate's status signed by
 * its account key (what the Jami client verifies, protocol doc §8), an account certificate's by the organisation CA.
 * good, revoked (time and reason) or unknown (an expired certificate, a serial its issuer never issued, or a CertID
 * whose issuer does not match); the request's nonce is echoed. A request naming no issuer of this server is answered
 * {@code unauthorized}, one that is not an OCSP request {@code malformedRequest}: OCSP statuses, never an HTTP error. Statuses come from the read models
 * (revoked and issued certificates, users), by serial.
 */
@Component
public class OcspResponder {

    /** How long an answer may be reused (nextUpdate): a device revoked meanwhile is seen at most this late. */
    static final Duration VALIDITY = Duration.ofMinutes(5);
    /** CertIDs answered in one request at most: the Jami client sends one. */
    static final int MAX_CERT_IDS = 20;

    /** The users column holding an account key's hash, by the CertID hash algorithm: the two relying parties use. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_HASH_COLUMNS = Map.of(
            OIWObjectIdentifiers.idSHA1, "account_key_sha1", NISTObjectIdentifiers.id_sha256, "account_key_sha256");

    private record Issuer(String keyId, X509CertificateHolder certificate, boolean certificateAuthority) {
    }

    private record Status(Issuer issuer, CertificateStatus status) {
    }

    private final JdbcTemplate jdbc;
    private final AccountKeyVault accountKeys;
    private final OrganisationCaKeys caKeys;
    private final Clock clock;
    private final DigestCalculatorProvider digests;
    private final Cache<String, Issuer> issuers = Caffeine.newBuilder().maximumSize(10_000).build();

    public OcspResponder(JdbcTemplate jdbc, AccountKeyVault accountKeys, OrganisationCaKeys caKeys, Clock clock) {
        this.jdbc = jdbc;
        this.accountKeys = accountKeys;
        this.caKeys = caKeys;
        this.clock = clock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("No digest calculators", e);
        }
    }

    /**
     * A request looked up: either its answer already ({@code immediate}: malformedRequest, unauthorized), or the
     * statuses to sign. {@code reusable} answers (no nonce) may be served again while {@code key} (the CertIDs, their
     * statuses and the signer) is the same.
     */
    public static final class Lookup {
        private final byte[] immediate;
        private final Req[] requests;
        private final Status[] statuses;
        private final Issuer signer;
        private final Extension nonce;
        private final String key;
        private final String immediateStatus;

        private Lookup(byte[] immediate, String immediateStatus, Req[] requests, Status[] statuses, Issuer signer,
                       Extension nonce, String key) {
            this.immediate = immediate;
            this.immediateStatus = immediateStatus;
            this.requests = requests;
            this.statuses = statuses;
            this.signer = signer;
            this.nonce = nonce;
            this.key = key;
        }

        /** An answer without responses: its OCSP status, and that status's name. */
        private static Lookup immediate(int ocspStatus, String name) {
            return new Lookup(status(ocspStatus), name, null, null, null, null, null);
        }

        public byte[] immediate() {
            return immediate;
        }

        /** The name of an immediate answer's status (malformedRequest, unauthorized), or null. */
        public String immediateStatus() {
            return immediateStatus;
        }

        public boolean reusable() {
            return nonce == null;
        }

        /** The first certificate's status, as the answer gives it: good, revoked or unknown. */
        public String firstStatus() {
            Status first = statuses == null || statuses.length == 0 ? null : statuses[0];
            if (first == null || !first.issuer().keyId().equals(signer.keyId())) {
                return "unknown";
            }
            return first.status() instanceof RevokedStatus ? "revoked"
                    : first.status() == CertificateStatus.GOOD ? "good" : "unknown";
        }

        public String key() {
            return key;
        }
    }

    /** The DER OCSPResponse to a DER OCSPRequest, signed now. Blocking. */
    public byte[] respond(byte[] request) {
        Lookup lookup = lookup(request);
        return lookup.immediate() != null ? lookup.immediate() : sign(lookup);
    }

    /** Parses the request and finds each certificate's status and issuer: SQL only, no signature. Blocking. */
    public Lookup lookup(byte[] request) {
        OCSPReq ocspRequest;
        try {
            ocspRequest = new OCSPReq(request);
        } catch (IOException | RuntimeException e) {
            return Lookup.immediate(OCSPRespBuilder.MALFORMED_REQUEST, "malformedRequest");
        }
        Req[] requests = ocspRequest.getRequestList();
        if (requests.length == 0 || requests.length > MAX_CERT_IDS) {
            return Lookup.immediate(OCSPRespBuilder.MALFORMED_REQUEST, "malformedRequest");
        }
        Instant now = clock.instant();
        Status[] statuses = new Status[requests.length];
        Issuer signer = null;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < requests.length; i++) {
            CertificateID id = requests[i].getCertID();
            statuses[i] = statusOf(id, now);
            if (signer == null && statuses[i] != null) {
                signer = statuses[i].issuer();
            }
            key.append(id.getHashAlgOID()).append(':').append(Base64.getEncoder().encodeToString(id.getIssuerKeyHash()))
                    .append(':').append(Base64.getEncoder().encodeToString(id.getIssuerNameHash())).append(':')
                    .append(id.getSerialNumber().toString(16)).append('=').append(describe(statuses[i])).append(';');
        }
        if (signer == null) {
            return Lookup.immediate(OCSPRespBuilder.UNAUTHORIZED, "unauthorized");
        }
        key.append("by ").append(signer.keyId());
        return new Lookup(null, null, requests, statuses, signer,
                ocspRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce), key.toString());
    }

    /** Signs the looked-up statuses with their issuer's key. Blocking, and the costly part. */
    public byte[] sign(Lookup lookup) {
        Issuer signer = lookup.signer;
        try {
            BasicOCSPRespBuilder answer = new BasicOCSPRespBuilder(new RespID(
                    signer.certificate().getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
            Instant now = clock.instant();
            Date thisUpdate = Date.from(now);
            Date nextUpdate = Date.from(now.plus(VALIDITY));
            for (int i = 0; i < lookup.requests.length; i++) {
                Status status = lookup.statuses[i];
                // Only the signer's certificates can be vouched for in this answer.
                CertificateStatus answered = status != null && status.issuer().keyId().equals(signer.keyId())
                        ? status.status() : new UnknownStatus();
                answer.addResponse(lookup.requests[i].getCertID(), answered, thisUpdate, nextUpdate, null);
            }
            if (lookup.nonce != null) {
                answer.setResponseExtensions(new Extensions(lookup.nonce));
            }
            PrivateKey key = signer.certificateAuthority() ? caKeys.load(signer.keyId())
                    : accountKeys.load(signer.keyId());
            BasicOCSPResp basic = answer.build(new JcaContentSignerBuilder("SHA256withRSA").build(key),
                    null, thisUpdate);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("The OCSP answer could not be built", e);
        }
    }

    private static String describe(Status status) {
        if (status == null) {
            return "none";
        }
        if (status.status() instanceof RevokedStatus revoked) {
            return "revoked@" + revoked.getRevocationTime().getTime() + "/"
                    + (revoked.hasRevocationReason() ? revoked.getRevocationReason() : -1);
        }
        return status.status() == CertificateStatus.GOOD ? "good" : "unknown";
    }

    /** An answer with no response: malformedRequest, unauthorized, tryLater or internalError. */
    public static byte[] status(int ocspStatus) {
        try {
            return new OCSPRespBuilder().build(ocspStatus, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("The OCSP status answer could not be built", e);
        }
    }

    /**
     * The certificate's status and its issuer, or null when the CertID names no issuer of this server: one query over
     * the revoked certificates, the device certificates issued and the account certificates by serial, revoked first,
     * then the accounts and organisation CAs by the CertID's issuer key hash. A serial none of them issued, under an
     * issuer of ours, is unknown (RFC 6960 §2.2), answered by that issuer.
     */
    private Status statusOf(CertificateID id, Instant now) {
        String serial = id.getSerialNumber().toString(16);
        String keyHashColumn = KEY_HASH_COLUMNS.get(id.getHashAlgOID());
        List<Object[]> rows = jdbc.query("""
                SELECT 0, issuer_key_id, kind = 'ACCOUNT', revoked_at, reason FROM revoked_certificates WHERE serial = ?
                UNION ALL SELECT 1, issuer_key_id, false, not_after, NULL FROM issued_certificates WHERE serial = ?
                UNION ALL SELECT 2, ca_key_id, true, certificate_not_after, NULL FROM users WHERE account_serial = ?
                UNION ALL SELECT 3, jami_id, false, NULL, NULL FROM users WHERE %s = CAST(? AS BYTEA)
                UNION ALL SELECT 4, ca_key_id, true, NULL, NULL FROM organisation_ca
                ORDER BY 1""".formatted(keyHashColumn == null ? "NULL" : keyHashColumn),
                (rs, row) -> new Object[] {rs.getInt(1), rs.getString(2).trim(), rs.getBoolean(3),
                rs.getTimestamp(4), rs.getString(5)}, serial, serial, serial, id.getIssuerKeyHash());
        for (Object[] row : rows) {
            Optional<Issuer> issuer = issuer((String) row[1], (Boolean) row[2]);
            if (issuer.isEmpty() || !matches(id, issuer.get())) {
                continue;
            }
            Timestamp time = (Timestamp) row[3];
            int kind = (Integer) row[0];
            if (kind == 0) {
                int reason = RevokedCertificateProjection.SUPERSEDED.equals(row[4]) ? CRLReason.superseded
                        : CRLReason.unspecified;
                return new Status(issuer.get(), new RevokedStatus(new Date(time.getTime()), reason));
            }
            return new Status(issuer.get(), kind >= 3 || expired(time, now) ? new UnknownStatus()
                    : CertificateStatus.GOOD);
        }
        return null;
    }

    private static boolean expired(Timestamp notAfter, Instant now) {
        return notAfter != null && notAfter.toInstant().isBefore(now);
    }

    /**
     * The organisation CA of this key id, or the account (by Jami ID) whose key issued device certificates. A key id's
     * certificate never changes, so it is parsed once and kept (a bounded number of them).
     */
    private Optional<Issuer> issuer(String keyId, boolean certificateAuthority) {
        String cacheKey = (certificateAuthority ? "ca:" : "account:") + keyId;
        Issuer known = issuers.getIfPresent(cacheKey);
        if (known != null) {
            return Optional.of(known);
        }
        String sql = certificateAuthority ? "SELECT certificate_pem FROM organisation_ca WHERE ca_key_id = ?"
                : "SELECT account_certificate_pem FROM users WHERE jami_id = ?";
        Optional<Issuer> found = jdbc.queryForList(sql, String.class, keyId).stream().findFirst().map(pem -> {
            try {
                return new Issuer(keyId, new X509CertificateHolder(Pem.parseCertificate(pem).getEncoded()),
                        certificateAuthority);
            } catch (IOException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("A stored certificate does not encode", e);
            }
        });
        found.ifPresent(issuer -> issuers.put(cacheKey, issuer));
        return found;
    }

    private boolean matches(CertificateID id, Issuer issuer) {
        try {
            return id.matchesIssuer(issuer.certificate(), digests);
        } catch (OCSPException e) {
            return false; // a hash algorithm we do not compute: not this issuer, as far as we can tell
        }
    }
}
