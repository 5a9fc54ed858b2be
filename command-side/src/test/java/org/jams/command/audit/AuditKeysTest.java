package org.jams.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The audit key signs and verifies alike whichever provider does Ed25519 in this JVM (this class also runs in the
 * {@code accp} execution), including keys and signatures another provider made: a key file written by a server
 * that ran without ACCP, and history it signed, still load and verify.
 */
class AuditKeysTest {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final byte[] DATA = "an event's canonical content".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyFileAndSignaturesOfAnotherProviderLoadAndVerify() throws Exception {
        KeyPair bouncyCastle = KeyPairGenerator.getInstance("Ed25519", BOUNCY_CASTLE).generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519", BOUNCY_CASTLE);
        signer.initSign(bouncyCastle.getPrivate());
        signer.update(DATA);
        byte[] theirs = signer.sign();

        AuditKeys keys = AuditKeys.fromPem(AuditKeys.pem("PRIVATE KEY", bouncyCastle.getPrivate().getEncoded())
                + AuditKeys.pem("PUBLIC KEY", bouncyCastle.getPublic().getEncoded()), Path.of("audit-key.pem"));

        assertThat(keys.sign(DATA)).as("Ed25519 is deterministic").isEqualTo(theirs);
        assertThat(AuditKeys.verify(bouncyCastle.getPublic(), DATA, theirs)).isTrue();
        assertThat(AuditKeys.verify(keys.publicKey(), DATA, theirs)).isTrue();
    }

    @Test
    void aChangedByteOrAnotherKeyDoesNotVerify() {
        AuditKeys keys = AuditKeys.generate();
        byte[] signature = keys.sign(DATA);
        byte[] changed = DATA.clone();
        changed[0] ^= 1;

        assertThat(AuditKeys.verify(keys.publicKey(), DATA, signature)).isTrue();
        assertThat(AuditKeys.verify(keys.publicKey(), changed, signature)).isFalse();
        assertThat(AuditKeys.verify(AuditKeys.generate().publicKey(), DATA, signature)).isFalse();
        assertThat(AuditKeys.verify(keys.publicKey(), DATA, new byte[3])).as("malformed").isFalse();
        assertThat(AuditKeys.readPublicKey(keys.publicKeyPem()).getEncoded()).isEqualTo(keys.publicKey()
                .getEncoded());
    }
}
