package org.jams.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opaque bearer tokens, stored only as SHA-256 hashes in the shared database so any node can check them.
 */
@Component
public class AccessTokens {

    public record IssuedToken(String token, long expiresInSeconds, Scope scope) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    public AccessTokens(JdbcTemplate jdbc, Clock clock, @Value("${jams.tokens.lifetime:1h}") Duration lifetime) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public IssuedToken issue(String subject, Scope scope) {
        return issue(new Caller(subject, scope, "password"));
    }

    public IssuedToken issue(Caller caller) {
        String subject = caller.subject();
        Scope scope = caller.scope();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        jdbc.update("DELETE FROM access_token WHERE expires_at < ?", Timestamp.from(now));
        jdbc.update("""
                INSERT INTO access_token (token_hash, subject, scope, device_id, expires_at) VALUES (?, ?, ?, ?, ?)""",
                hash(token), subject, scope.name(), caller.deviceId(), Timestamp.from(now.plus(lifetime)));
        return new IssuedToken(token, lifetime.toSeconds(), scope);
    }

    /**
     * The caller behind a token, if it is unexpired and its holder is still in good standing: a USER or DEVICE
     * token dies with its user's revocation, a DEVICE token with its device's.
     */
    public Optional<Caller> resolve(String token) {
        return jdbc.query("""
                SELECT t.subject, t.scope, t.device_id FROM access_token t
                WHERE t.token_hash = ? AND t.expires_at > ?
                  AND (t.scope IN ('ADMIN', 'AUDITOR')
                       OR EXISTS (SELECT 1 FROM users u WHERE u.username = t.subject AND u.status = 'ACTIVE'))
                  AND (t.device_id IS NULL
                       OR EXISTS (SELECT 1 FROM devices d WHERE d.username = t.subject AND d.device_id = t.device_id
                                  AND d.status = 'ACTIVE'))""",
                (rs, i) -> new Caller(rs.getString(1), Scope.valueOf(rs.getString(2)), "bearer", rs.getString(3)),
                hash(token), Timestamp.from(clock.instant())).stream().findFirst();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
