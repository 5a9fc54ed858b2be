package org.jams.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Remembers, for a few minutes, that a password matched a stored Argon2 hash, so that a client repeating the same
 * Basic credentials (Jami clients do on every enrollment and revocation) does not pay the KDF each time. Only an
 * HMAC of the password under a key that lives in this process's memory is kept; the entry is bound to the stored
 * hash, so a changed password or a revoked user invalidates it at once.
 */
@Component
public class VerifiedPasswords {

    private record Entry(byte[] mac, String storedHash, Instant expires) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** KDF runs under way, by username, stored hash and password HMAC. */
    private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    public VerifiedPasswords(Clock clock, @Value("${jams.auth.verified-password-cache:5m}") Duration lifetime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Whether this password was verified against this stored hash lately (no KDF runs). */
    public boolean remembers(String username, String password, String storedHash) {
        Entry entry = entries.get(username);
        return entry != null && entry.storedHash.equals(storedHash) && !entry.expires.isBefore(clock.instant())
                && MessageDigest.isEqual(entry.mac, mac(username, password));
    }

    /**
     * Whether the password matches the stored hash: from memory when it was verified lately, else by {@code kdf}.
     * Identical checks that arrive together (a client's parallel first requests) share one run of the KDF, so a burst
     * costs what one request costs; different passwords never share.
     */
    public boolean matches(String username, String password, String storedHash, BooleanSupplier kdf) {
        byte[] mac = mac(username, password);
        Entry entry = entries.get(username);
        if (entry != null && entry.storedHash.equals(storedHash) && !entry.expires.isBefore(clock.instant())
                && MessageDigest.isEqual(entry.mac, mac)) {
            return true;
        }
        String check = username + '\0' + storedHash + '\0' + HexFormat.of().formatHex(mac);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = checking.putIfAbsent(check, mine);
        if (running != null) {
            return joined(running);
        }
        try {
            boolean matches = kdf.getAsBoolean();
            if (matches) {
                remember(username, mac, storedHash);
            }
            mine.complete(matches);
            return matches;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(check, mine);
        }
    }

    private void remember(String username, byte[] mac, String storedHash) {
        if (lifetime.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude but bounded: the cache only saves work, it decides nothing
        }
        entries.put(username, new Entry(mac, storedHash, clock.instant().plus(lifetime)));
    }

    private static boolean joined(CompletableFuture<Boolean> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private byte[] mac(String username, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(username.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
