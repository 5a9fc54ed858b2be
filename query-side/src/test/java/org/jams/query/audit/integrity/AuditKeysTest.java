package org.jams.query.audit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.jams.command.audit.AuditKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit key on disk, and signatures any Ed25519 implementation (here the JDK's own) verifies. */
class AuditKeysTest {

    @TempDir
    Path home;

    @Test
    void createdOnceOwnerOnlyAndReloadedIdentically() throws Exception {
        AuditKeys created = AuditKeys.loadOrCreate(home);
        Path audit = home.resolve("audit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit.resolve("audit-key.pem"))))
                .isEqualTo("rw-------");
        AuditKeys reloaded = AuditKeys.loadOrCreate(home);
        assertThat(reloaded.fingerprint()).isEqualTo(created.fingerprint()).hasSize(64);
        assertThat(Files.readString(audit.resolve("audit-public-key.pem"))).isEqualTo(created.publicKeyPem());
        try (var files = Files.list(audit)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("audit-key.pem", "audit-public-key.pem");
        }
    }

    @Test
    void aKeyFileWithMismatchedHalvesIsRefused() throws Exception {
        AuditKeys.loadOrCreate(home);
        Path file = home.resolve("audit").resolve("audit-key.pem");
        String mine = Files.readString(file);
        String otherPublic = AuditKeys.generate().publicKeyPem();
        Files.writeString(file, mine.substring(0, mine.indexOf("-----BEGIN PUBLIC KEY-----")) + otherPublic);
        assertThatThrownBy(() -> AuditKeys.loadOrCreate(home)).hasMessageContaining("do not match");
    }

    @Test
    void signaturesVerifyWithTheJdkOwnEd25519() throws Exception {
        AuditKeys keys = AuditKeys.generate();
        byte[] data = "some canonical content".getBytes(StandardCharsets.UTF_8);
        byte[] signature = keys.sign(data);
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(keys.publicKeyPem().replaceAll("-----[A-Z ]+-----", ""))));
        Signature jdk = Signature.getInstance("Ed25519", "SunEC");
        jdk.initVerify(jdkKey);
        jdk.update(data);
        assertThat(jdk.verify(signature)).isTrue();
        assertThat(AuditKeys.verify(keys.publicKey(), data, signature)).isTrue();
        data[0] ^= 1;
        assertThat(AuditKeys.verify(keys.publicKey(), data, signature)).isFalse();
        assertThat(AuditKeys.verify(keys.publicKey(), data, new byte[] {1, 2, 3})).isFalse();

        Checkpoint checkpoint = Checkpoint.sign(42, new byte[32], Instant.parse("2030-05-06T07:08:09.123456Z"), keys);
        assertThat(checkpoint.createdAt()).isEqualTo(Instant.parse("2030-05-06T07:08:09.123Z"));
        assertThat(checkpoint.signatureValid(keys.publicKey())).isTrue();
        assertThat(new Checkpoint(43, checkpoint.chainHash(), checkpoint.createdAt(), checkpoint.signature())
                .signatureValid(keys.publicKey())).isFalse();
    }
}
