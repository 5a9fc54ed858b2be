package org.jams.query.audit.integrity;

import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;

/**
 * A signed checkpoint ({@code audit_checkpoint}): the chain hash at global index {@code sequence}, when it was made,
 * and the audit key's Ed25519 signature over {@link Canonical#checkpointText}. Whoever lacks the audit private key
 * cannot make one, so history up to a checkpoint can no longer be changed, reordered or cut without verify noticing,
 * even by someone who rewrites {@code audit_chain}.
 */
public record Checkpoint(long sequence, byte[] chainHash, Instant createdAt, byte[] signature) {

    /** Makes and signs a checkpoint; the time is kept to the millisecond so it reads back identically everywhere. */
    public static Checkpoint sign(long sequence, byte[] chainHash, Instant now, AuditKeys keys) {
        Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        return new Checkpoint(sequence, chainHash, createdAt,
                keys.sign(Canonical.checkpointText(sequence, chainHash, formatTime(createdAt))));
    }

    public boolean signatureValid(PublicKey key) {
        return AuditKeys.verify(key, Canonical.checkpointText(sequence, chainHash, formatTime(createdAt)), signature);
    }

    public String chainHashHex() {
        return Canonical.hex(chainHash);
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    public static String formatTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
