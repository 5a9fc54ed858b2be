package org.jams.gateway.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id password hashes (Spring Security's encoder over BouncyCastle). Slow on purpose: call off the event loop. */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    // Compared against when the account does not exist, so a wrong username costs as long as a wrong password.
    private final String decoy = encoder.encode("decoy-password-never-used");

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Constant-time comparison inside the encoder; a null hash still spends the same work. */
    public boolean matches(String password, String hashOrNull) {
        if (password == null) {
            return false;
        }
        if (hashOrNull == null) {
            encoder.matches(password, decoy);
            return false;
        }
        return encoder.matches(password, hashOrNull);
    }
}
