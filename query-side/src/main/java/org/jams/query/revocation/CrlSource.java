package org.jams.query.revocation;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.OrganisationCaKeys;
import org.jams.command.pki.Pem;
import org.jams.command.revocation.DeterministicCrl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The CRLs served at the distribution points: whether an issuer's published CRL is still current (one lookup, however
 * many certificates it lists), and the DER of a CRL built from the revoked-certificates read model. Built for the same
 * moment from the same entries, a CRL is the same bytes as the one {@code GET /api/audit/as-of/crl} rebuilds from the
 * events ({@link DeterministicCrl}).
 */
@Component
public class CrlSource {

    public static final String ORGANISATION_CA = "ORGANISATION_CA";
    public static final String ACCOUNT = "ACCOUNT";

    /** A CRL published: its number is the milliseconds since the epoch of the moment it describes. */
    public record Publication(String issuerKeyId, String kind, long number, Instant thisUpdate, Instant nextUpdate,
                              int entries, String sha256, Instant publishedAt) {

        public Instant moment() {
            return Instant.ofEpochMilli(number);
        }

        public Duration lifetime() {
            return Duration.between(thisUpdate, nextUpdate);
        }
    }

    /** An issuer, the count of certificates it revoked, and its newest CRL if it published one. */
    public record IssuerState(String keyId, String kind, String certificatePem, int entries,
                              Optional<Publication> latest) {
    }

    /** A CRL built: what its publication records, and its DER. */
    public record BuiltCrl(Publication publication, byte[] der) {
    }

    private final JdbcTemplate jdbc;
    private final AccountKeyVault accountKeys;
    private final OrganisationCaKeys caKeys;

    public CrlSource(JdbcTemplate jdbc, AccountKeyVault accountKeys, OrganisationCaKeys caKeys) {
        this.jdbc = jdbc;
        this.accountKeys = accountKeys;
        this.caKeys = caKeys;
    }

    /** The issuer with this key id (the organisation CA's key id or an account's Jami ID), if there is one. */
    public Optional<IssuerState> state(String keyId) {
        return jdbc.query("""
                SELECT (SELECT certificate_pem FROM organisation_ca WHERE ca_key_id = ?),
                       (SELECT account_certificate_pem FROM users WHERE jami_id = ?),
                       (SELECT entries FROM revocation_issuers WHERE issuer_key_id = ?)""", (rs, row) -> {
            String caPem = rs.getString(1);
            String accountPem = rs.getString(2);
            if (caPem == null && accountPem == null) {
                return Optional.<IssuerState>empty();
            }
            return Optional.of(new IssuerState(keyId, caPem != null ? ORGANISATION_CA : ACCOUNT,
                    caPem != null ? caPem : accountPem, rs.getInt(3), Optional.empty()));
        }, keyId, keyId, keyId).get(0).map(issuer -> new IssuerState(issuer.keyId(), issuer.kind(),
                issuer.certificatePem(), issuer.entries(), latest(keyId)));
    }

    /** The key id of the organisation CA that certified this account. */
    public Optional<String> caKeyIdOf(String jamiId) {
        return jdbc.queryForList("SELECT ca_key_id FROM users WHERE jami_id = ?", String.class, jamiId).stream()
                .findFirst().map(String::trim);
    }

    /** The CRLs this issuer published, newest first, at most {@code limit}; only those by {@code at} if given. */
    public List<Publication> publications(String keyId, Instant at, int limit) {
        return jdbc.query("""
                SELECT issuer_key_id, kind, crl_number, this_update, next_update, entries, sha256, published_at
                FROM crl_publications WHERE issuer_key_id = ? AND crl_number <= ?
                ORDER BY crl_number DESC LIMIT ?""", (rs, row) -> new Publication(rs.getString(1).trim(),
                rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()), keyId,
                at == null ? Long.MAX_VALUE : at.toEpochMilli(), limit);
    }

    private Optional<Publication> latest(String keyId) {
        return publications(keyId, null, 1).stream().findFirst();
    }

    /**
     * The issuer's CRL as of {@code at}, listing every certificate it revoked (from the read model), signed by its
     * key. One RSA signature; the read is one index range however large.
     */
    public BuiltCrl build(IssuerState issuer, Instant at, Duration lifetime) {
        List<DeterministicCrl.Revoked> revoked = jdbc.query("""
                SELECT serial, revoked_at, reason, not_after FROM revoked_certificates WHERE issuer_key_id = ?""",
                (rs, row) -> new DeterministicCrl.Revoked(new BigInteger(rs.getString(1), 16),
                        rs.getTimestamp(2).toInstant(), RevokedCertificateProjection.SUPERSEDED.equals(
                        rs.getString(3)) ? Integer.valueOf(CRLReason.superseded) : null,
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()), issuer.keyId());
        X509Certificate certificate = Pem.parseCertificate(issuer.certificatePem());
        PrivateKey key = ORGANISATION_CA.equals(issuer.kind()) ? caKeys.load(issuer.keyId())
                : accountKeys.load(issuer.keyId());
        byte[] der = DeterministicCrl.build(certificate, key, at, lifetime, revoked);
        Instant thisUpdate = at.truncatedTo(ChronoUnit.SECONDS);
        return new BuiltCrl(new Publication(issuer.keyId(), issuer.kind(), DeterministicCrl.crlNumber(at)
                .longValueExact(), thisUpdate, thisUpdate.plus(lifetime), revoked.size(), sha256(der), null), der);
    }

    public static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
