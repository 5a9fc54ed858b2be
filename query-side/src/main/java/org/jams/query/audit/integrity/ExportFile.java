package org.jams.query.audit.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jams.command.audit.AuditKeys;
import org.jams.command.audit.Canonical;
import org.jams.command.audit.StoredEvent;

/**
 * Offline verification of an {@link IntegrityExport} file with the audit public key: nothing else of the server, no
 * database. The file is read twice: first to check its structure and collect the checkpoints, then streamed through
 * the same {@link IntegrityVerifier} the server uses, so a file can be as large as the event store.
 */
public final class ExportFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportFile() {
    }

    /** A line that is not what the format says: the file was edited or cut. */
    private static final class Malformed extends Exception {
        final Long globalIndex;

        Malformed(long lineNumber, Long globalIndex, String problem) {
            super("Line " + lineNumber + " of the export " + problem, null, false, false);
            this.globalIndex = globalIndex;
        }
    }

    /** What the first pass learns. */
    private record Structure(List<Checkpoint> checkpoints, long chainHead, String fingerprint) {
    }

    public static VerificationReport verify(Path file, PublicKey key) throws IOException {
        Structure structure;
        try {
            structure = scan(file);
        } catch (Malformed malformed) {
            return new VerificationReport(false, 0, malformed.globalIndex, malformed.getMessage(), null, null, null,
                    AuditKeys.fingerprint(key));
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            VerificationReport report = IntegrityVerifier.verify(new Lines(reader), structure.chainHead(),
                    structure.checkpoints(), key);
            if (report.valid() && structure.fingerprint() != null
                    && !structure.fingerprint().equals(AuditKeys.fingerprint(key))) {
                // cannot happen with valid signatures and at least one event, but say it plainly if it does
                return new VerificationReport(false, report.checkedEvents(), null, "The export names audit key "
                        + structure.fingerprint() + ", not the key given.", report.coveredFrom(),
                        report.coveredTo(), report.lastCheckpoint(), report.publicKeyFingerprint());
            }
            return report;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Structure scan(Path file) throws IOException, Malformed {
        List<Checkpoint> checkpoints = new ArrayList<>();
        long chainHead = 0;
        long lastIndex = Long.MIN_VALUE;
        long events = 0;
        long links = 0;
        String fingerprint = null;
        JsonNode end = null;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(line, lineNumber);
                String kind = node.path("kind").asText();
                if (end != null) {
                    throw new Malformed(lineNumber, null, "follows its end line.");
                }
                if (lineNumber == 1) {
                    if (!kind.equals("header") || !IntegrityExport.FORMAT.equals(node.path("format").asText())
                            || node.path("version").asInt() != IntegrityExport.VERSION) {
                        throw new Malformed(1, null, "is not the header of a version " + IntegrityExport.VERSION
                                + " " + IntegrityExport.FORMAT + " file.");
                    }
                    fingerprint = node.path("publicKeyFingerprint").asText(null);
                    continue;
                }
                switch (kind) {
                    case "event", "chain" -> {
                        IntegrityVerifier.Entry entry = entry(node, lineNumber);
                        if (entry.globalIndex() <= lastIndex) {
                            throw new Malformed(lineNumber, entry.globalIndex(), "has global index "
                                    + entry.globalIndex() + " after " + lastIndex + ": the events were reordered.");
                        }
                        lastIndex = entry.globalIndex();
                        events += entry.event() == null ? 0 : 1;
                        if (entry.link() != null) {
                            links++;
                            chainHead = entry.globalIndex();
                        }
                    }
                    case "checkpoint" -> checkpoints.add(checkpoint(node, lineNumber));
                    case "end" -> end = node;
                    default -> throw new Malformed(lineNumber, null, "has an unknown kind '" + kind + "'.");
                }
            }
        }
        if (lineNumber == 0) {
            throw new Malformed(1, null, "is missing: the file is empty.");
        }
        if (end == null || end.path("events").asLong(-1) != events || end.path("chainLinks").asLong(-1) != links
                || end.path("checkpoints").asLong(-1) != checkpoints.size()) {
            throw new Malformed(lineNumber, null, "is not the end line counting " + events + " events, " + links
                    + " chain links and " + checkpoints.size() + " checkpoints: the file was cut or edited.");
        }
        return new Structure(checkpoints, chainHead, fingerprint);
    }

    private static JsonNode parse(String line, long lineNumber) throws Malformed {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new Malformed(lineNumber, null, "is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new Malformed(lineNumber, null, "is not valid JSON.");
        }
    }

    private static IntegrityVerifier.Entry entry(JsonNode node, long lineNumber) throws Malformed {
        if (!node.path("globalIndex").canConvertToExactIntegral()) {
            throw new Malformed(lineNumber, null, "has no global index.");
        }
        long index = node.path("globalIndex").asLong();
        try {
            ChainLink link = node.path("chainHash").isTextual() && node.path("eventHash").isTextual()
                    ? new ChainLink(index, Canonical.unhex(node.path("eventHash").asText()),
                    Canonical.unhex(node.path("chainHash").asText())) : null;
            StoredEvent event = null;
            if (node.path("kind").asText().equals("event")) {
                byte[] metadata = node.hasNonNull("metadataBase64")
                        ? Base64.getDecoder().decode(node.path("metadataBase64").asText())
                        : node.hasNonNull("metadata")
                        ? node.path("metadata").asText().getBytes(StandardCharsets.UTF_8) : null;
                event = new StoredEvent(index, text(node, "eventIdentifier"), text(node, "aggregateIdentifier"),
                        node.path("sequenceNumber").asLong(), text(node, "type"), text(node, "timestamp"),
                        text(node, "payloadType"), text(node, "payloadRevision"),
                        Base64.getDecoder().decode(node.path("payload").asText()), metadata);
            } else if (link == null) {
                throw new Malformed(lineNumber, index, "is a chain line without hashes.");
            }
            return new IntegrityVerifier.Entry(index, event, link);
        } catch (IllegalArgumentException e) {
            throw new Malformed(lineNumber, index, "has a field that is not valid hex or base64.");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Checkpoint checkpoint(JsonNode node, long lineNumber) throws Malformed {
        try {
            return new Checkpoint(node.path("sequence").asLong(), Canonical.unhex(node.path("chainHash").asText()),
                    Instant.parse(node.path("createdAt").asText()),
                    Base64.getDecoder().decode(node.path("signature").asText()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new Malformed(lineNumber, node.path("sequence").asLong(), "is not a readable checkpoint.");
        }
    }

    /** The event and chain lines, in file order (already checked by the first pass). */
    private static final class Lines implements Iterator<IntegrityVerifier.Entry> {
        private final BufferedReader reader;
        private IntegrityVerifier.Entry next;
        private long lineNumber;

        Lines(BufferedReader reader) {
            this.reader = reader;
            advance();
        }

        private void advance() {
            next = null;
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = parse(line, lineNumber);
                    String kind = node.path("kind").asText();
                    if (kind.equals("event") || kind.equals("chain")) {
                        next = entry(node, lineNumber);
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Malformed e) {
                // the first pass read the same file: it changed in between
                throw new UncheckedIOException(new IOException("The export changed while it was verified", e));
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public IntegrityVerifier.Entry next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            IntegrityVerifier.Entry current = next;
            advance();
            return current;
        }
    }
}
