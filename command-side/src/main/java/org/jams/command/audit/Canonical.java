package org.jams.command.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.api.audit.AuditMetaData;

/**
 * The byte forms that are signed and hashed. They are the specification an outside auditor needs, so they are spelled
 * out here and never change for a given version tag:
 *
 * <pre>
 * field(x)          = int32 length of x (big-endian) || x       (length -1 and nothing else for null)
 * string(s)         = field(UTF-8 bytes of s)
 * signed content    = string("JAMS-AUDIT-EVENT-1") || string(eventIdentifier) || string(aggregateIdentifier)
 *                     || int64 sequenceNumber || string(type) || string(timestamp) || string(payloadType)
 *                     || string(payloadRevision) || field(payload bytes as stored)
 *                     || field(canonical metadata)
 * canonical metadata = the stored metadata JSON object without the "auditSignature" entry, re-written compactly
 *                     with object keys sorted (recursively), numbers kept as written; null if no metadata
 * auditSignature    = base64(Ed25519(signed content)), stored in the metadata under "auditSignature"
 * event hash        = SHA-256(signed content || string(auditSignature as stored, or null))
 * chain hash        = SHA-256(previous chain hash || int64 globalIndex || event hash), the previous chain hash of
 *                     the first chained event being 32 zero bytes
 * checkpoint text   = "JAMS-AUDIT-CHECKPOINT-1\n" sequence "\n" hex(chain hash) "\n" createdAt (ISO-8601 UTC, ms)
 * </pre>
 *
 * The timestamp is the string Axon stores ({@code DateTimeUtils.formatInstant}); the global index is not signed (it
 * is only known after the insert) but is bound by the chain.
 */
public final class Canonical {

    public static final String SIGNATURE_KEY = AuditMetaData.SIGNATURE;
    static final String EVENT_TAG = "JAMS-AUDIT-EVENT-1";
    static final String CHECKPOINT_TAG = "JAMS-AUDIT-CHECKPOINT-1";
    private static final byte[] GENESIS = new byte[32];

    /** Parses metadata keeping numbers exactly as written; writes maps with sorted keys, compactly. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Canonical() {
    }

    /**
     * What verification needs of one row: the signed content, the signature found in the metadata (null if none),
     * the event hash, and a problem if the row cannot even be read as an event (metadata that is not JSON).
     */
    public record Digest(byte[] signedContent, String signature, byte[] eventHash, String problem) {
    }

    public static Digest digest(StoredEvent event) {
        String problem = null;
        String signature = null;
        byte[] canonicalMetadata;
        try {
            Map<String, Object> metadata = parseMetadata(event.metadata());
            Object found = metadata == null ? null : metadata.remove(SIGNATURE_KEY);
            signature = found instanceof String text ? text : null;
            canonicalMetadata = metadata == null ? null : JSON.writeValueAsBytes(metadata);
        } catch (IOException | ClassCastException e) {
            problem = "its metadata is not a JSON object";
            canonicalMetadata = event.metadata();
        }
        byte[] signed = signedContent(event, canonicalMetadata);
        String storedSignature = signature;
        byte[] hash = sha256(signed, encode(out -> string(out, storedSignature)));
        return new Digest(signed, storedSignature, hash, problem);
    }

    /** The signed content of an event about to be stored, given its metadata serialized as it will be stored. */
    static byte[] signedContentForAppend(StoredEvent event) throws IOException {
        Map<String, Object> metadata = parseMetadata(event.metadata());
        if (metadata != null) {
            metadata.remove(SIGNATURE_KEY);
        }
        return signedContent(event, metadata == null ? null : JSON.writeValueAsBytes(metadata));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseMetadata(byte[] stored) throws IOException {
        if (stored == null) {
            return null;
        }
        Object parsed = JSON.readValue(stored, Object.class);
        if (!(parsed instanceof Map)) {
            throw new IOException("metadata is not a JSON object");
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }

    private static byte[] signedContent(StoredEvent event, byte[] canonicalMetadata) {
        return encode(out -> {
            string(out, EVENT_TAG);
            string(out, event.eventIdentifier());
            string(out, event.aggregateIdentifier());
            out.writeLong(event.sequenceNumber());
            string(out, event.type());
            string(out, event.timestamp());
            string(out, event.payloadType());
            string(out, event.payloadRevision());
            field(out, event.payload());
            field(out, canonicalMetadata);
        });
    }

    public static byte[] chainHash(byte[] previous, long globalIndex, byte[] eventHash) {
        return sha256(previous, ByteBuffer.allocate(8).putLong(globalIndex).array(), eventHash);
    }

    public static byte[] checkpointText(long sequence, byte[] chainHash, String createdAt) {
        return (CHECKPOINT_TAG + "\n" + sequence + "\n" + hex(chainHash) + "\n" + createdAt)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    public static byte[] unhex(String text) {
        return text == null ? null : HexFormat.of().parseHex(text);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory: does not happen
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    /** The chain hash before the first event: 32 zero bytes. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }
}
