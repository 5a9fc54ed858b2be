package org.jams.query.audit.integrity;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;

/**
 * The self-contained integrity export, JSON Lines (UTF-8, one JSON object per line), all from one consistent
 * snapshot of the database. With the audit public key it is all an outside auditor needs ({@link ExportFile}).
 *
 * <pre>
 * {"kind":"header","format":"jams-audit-integrity-export","version":1,"exportedAt":"…","algorithm":"Ed25519",
 *  "publicKeyFingerprint":"&lt;SHA-256 hex of the server's audit public key&gt;"}
 * {"kind":"event","globalIndex":n,"eventIdentifier":…,"aggregateIdentifier":…,"sequenceNumber":n,"type":…,
 *  "timestamp":…,"payloadType":…,"payloadRevision":…,"payload":"&lt;base64 of the stored bytes&gt;",
 *  "metadata":"&lt;the stored metadata JSON text&gt;" (or "metadataBase64" if it is not UTF-8),
 *  "eventHash":"&lt;hex&gt;"|null,"chainHash":"&lt;hex&gt;"|null}        one per event, in global order
 * {"kind":"chain","globalIndex":n,"eventHash":…,"chainHash":…}   a chain link whose event is not in the store
 * {"kind":"checkpoint","sequence":n,"chainHash":"&lt;hex&gt;","createdAt":"…","signature":"&lt;base64&gt;"}
 * {"kind":"end","events":n,"chainLinks":n,"checkpoints":n}
 * </pre>
 */
public final class IntegrityExport {

    public static final String FORMAT = "jams-audit-integrity-export";
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private IntegrityExport() {
    }

    /** Writes the export of the database behind {@code connection}; returns the number of events written. */
    public static long write(Connection connection, OutputStream out, String publicKeyFingerprint)
            throws SQLException, IOException {
        try {
            return AuditStore.inSnapshot(connection, () -> {
                try {
                    return writeSnapshot(connection, out, publicKeyFingerprint);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long writeSnapshot(Connection connection, OutputStream out, String fingerprint)
            throws SQLException, IOException {
        List<Checkpoint> checkpoints = AuditStore.checkpoints(connection);
        long events = 0;
        long links = 0;
        try (JsonGenerator json = JSON.createGenerator(new NoClose(out), JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            json.writeStartObject();
            json.writeStringField("kind", "header");
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("exportedAt", Instant.now().toString());
            json.writeStringField("algorithm", AuditKeys.ALGORITHM);
            json.writeStringField("publicKeyFingerprint", fingerprint);
            json.writeEndObject();
            json.writeRaw('\n');
            try (AuditStore.Entries entries = AuditStore.entries(connection)) {
                while (entries.hasNext()) {
                    IntegrityVerifier.Entry entry = entries.next();
                    StoredEvent event = entry.event();
                    ChainLink link = entry.link();
                    json.writeStartObject();
                    json.writeStringField("kind", event == null ? "chain" : "event");
                    json.writeNumberField("globalIndex", entry.globalIndex());
                    if (event != null) {
                        events++;
                        json.writeStringField("eventIdentifier", event.eventIdentifier());
                        json.writeStringField("aggregateIdentifier", event.aggregateIdentifier());
                        json.writeNumberField("sequenceNumber", event.sequenceNumber());
                        json.writeStringField("type", event.type());
                        json.writeStringField("timestamp", event.timestamp());
                        json.writeStringField("payloadType", event.payloadType());
                        json.writeStringField("payloadRevision", event.payloadRevision());
                        json.writeStringField("payload", Base64.getEncoder().encodeToString(event.payload()));
                        String metadata = utf8(event.metadata());
                        if (metadata != null || event.metadata() == null) {
                            json.writeStringField("metadata", metadata);
                        } else {
                            json.writeStringField("metadataBase64",
                                    Base64.getEncoder().encodeToString(event.metadata()));
                        }
                    }
                    if (link != null) {
                        links++;
                    }
                    json.writeStringField("eventHash", link == null ? null : Canonical.hex(link.eventHash()));
                    json.writeStringField("chainHash", link == null ? null : Canonical.hex(link.chainHash()));
                    json.writeEndObject();
                    json.writeRaw('\n');
                }
            }
            for (Checkpoint checkpoint : checkpoints) {
                json.writeStartObject();
                json.writeStringField("kind", "checkpoint");
                json.writeNumberField("sequence", checkpoint.sequence());
                json.writeStringField("chainHash", checkpoint.chainHashHex());
                json.writeStringField("createdAt", Checkpoint.formatTime(checkpoint.createdAt()));
                json.writeStringField("signature", checkpoint.signatureBase64());
                json.writeEndObject();
                json.writeRaw('\n');
            }
            json.writeStartObject();
            json.writeStringField("kind", "end");
            json.writeNumberField("events", events);
            json.writeNumberField("chainLinks", links);
            json.writeNumberField("checkpoints", checkpoints.size());
            json.writeEndObject();
            json.writeRaw('\n');
        }
        out.flush();
        return events;
    }

    /** The bytes as a string if they are valid UTF-8 (always, for Axon's JSON metadata), else null. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Lets the generator flush without closing the caller's stream. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
