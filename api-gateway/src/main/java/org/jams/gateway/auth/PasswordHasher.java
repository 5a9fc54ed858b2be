package org.jams.gateway.auth;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Argon2id password hashes (Spring Security's encoder over BouncyCastle). Slow on purpose: call off the event loop.
 * Runs together take at most {@code jams.auth.password-hashing-memory} of heap (a quarter of the heap unless set),
 * and a run that cannot start within {@code jams.auth.password-hashing-wait} is a 503 ({@link HashingMemory}).
 */
@Component
public class PasswordHasher {

    /** Spring Security 5.8's defaults, which every hash stored so far was made with; m is in KiB. */
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;
    private static final int MEMORY_KIB = 1 << 14;
    private static final int ITERATIONS = 2;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
    private final HashingMemory memory;
    // Compared against when the account does not exist, so a wrong username costs as long as a wrong password.
    private final String decoy = encoder.encode("decoy-password-never-used");

    public PasswordHasher(@Value("${jams.auth.password-hashing-memory:}") String allowance,
                          @Value("${jams.auth.password-hashing-wait:10s}") Duration wait) {
        long bytes = allowance.isBlank() ? Runtime.getRuntime().maxMemory() / 4 : DataSize.parse(allowance).toBytes();
        this.memory = new HashingMemory(bytes, wait);
    }

    public String hash(String password) {
        return memory.run(MEMORY_KIB, () -> encoder.encode(password));
    }

    /** Constant-time comparison inside the encoder; a null hash still spends the same work. */
    public boolean matches(String password, String hashOrNull) {
        if (password == null) {
            return false;
        }
        if (hashOrNull == null) {
            memory.run(MEMORY_KIB, () -> encoder.matches(password, decoy));
            return false;
        }
        return memory.run(memoryCostOf(hashOrNull), () -> encoder.matches(password, hashOrNull));
    }

    /** How many hash computations may run at once within the allowance. */
    public int concurrentRuns() {
        return memory.concurrentRuns(MEMORY_KIB);
    }

    /** Hash computations waiting for their share of the allowance now. */
    public int waiting() {
        return memory.waiting();
    }

    /** Requests refused (503) since start because their hash computation could not start in time. */
    public long refused() {
        return memory.refused();
    }

    /**
     * The m parameter (KiB) of a stored hash, {@code $argon2id$v=19$m=16384,t=2,p=1$salt$hash}; ours when the hash
     * does not say (the encoder then refuses it anyway).
     */
    static int memoryCostOf(String storedHash) {
        for (String part : storedHash.split("\\$")) {
            for (String parameter : part.split(",")) {
                if (parameter.startsWith("m=")) {
                    try {
                        return Math.max(1, Integer.parseInt(parameter.substring(2)));
                    } catch (NumberFormatException notANumber) {
                        return MEMORY_KIB;
                    }
                }
            }
        }
        return MEMORY_KIB;
    }
}
