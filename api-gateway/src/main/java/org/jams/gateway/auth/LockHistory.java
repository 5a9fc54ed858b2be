package org.jams.gateway.auth;

import java.time.Instant;
import org.springframework.web.server.ServerWebExchange;

/** Records an account's locks and unlocks in the person's history (as events). */
public interface LockHistory {

    /** The account was locked by its failed attempts; {@code exchange} is the attempt that locked it. */
    void locked(String username, int failedAttempts, Instant lockedUntil, ServerWebExchange exchange);

    /**
     * The account's lock was lifted by {@code unlockedBy} at {@code unlockedAt}: an admin ({@code admin} is then the
     * caller who did), or the command line or the lock's expiry, noticed during {@code exchange}.
     */
    void unlocked(String username, String unlockedBy, Instant unlockedAt, Caller admin, ServerWebExchange exchange);
}
