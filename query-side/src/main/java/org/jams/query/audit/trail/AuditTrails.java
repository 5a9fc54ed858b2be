package org.jams.query.audit.trail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jams.api.error.DomainException;
import org.jams.query.audit.AuditEventReader.AuditFilter;
import org.jams.query.audit.AuditEventReader;
import org.springframework.stereotype.Component;

/**
 * Audit trails, the audit feed and exports, as a Java service (the HTTP API and the CLI both use it). Events are
 * selected through the audit index and read from the event store, in global order (oldest first), in chunks: nothing
 * loads a whole history into memory except the convenience methods named so.
 */
@Component
public class AuditTrails {

    /** How many events one read takes. */
    public static final int CHUNK = 500;

    public enum Format {
        JSONL, CSV;

        public static Format parse(String value) {
            try {
                return Format.valueOf((value == null ? "jsonl" : value).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("invalid_format", "format is jsonl or csv.");
            }
        }

        /** What comes before the first record: the CSV header line. */
        public String header() {
            return this == CSV ? Csv.record(AuditEntry.COLUMNS) : "";
        }

        /** One record: a JSON object on one line, or a CSV record (CRLF-terminated). */
        public String line(AuditEntry entry) {
            return this == CSV ? Csv.record(entry.csvFields())
                    : new String(AuditEntries.bytes(entry.toJson()), StandardCharsets.UTF_8) + "\n";
        }
    }

    /** A page of the feed; hasMore tells whether a next page holds anything. */
    public record FeedPage(List<AuditEntry> events, long page, int size, boolean hasMore) {
    }

    private final AuditEventReader reader;
    private final AuditEntries entries;

    public AuditTrails(AuditEventReader reader, AuditEntries entries) {
        this.reader = reader;
        this.entries = entries;
    }

    /** The newest indexed event now: pass it as {@code upTo} so one read sees a fixed range of history. */
    public long upperBound() {
        return reader.lastIndexed();
    }

    /** Matching events after {@code after} up to {@code upTo} (global indexes), oldest first, at most limit. */
    public List<AuditEntry> chunk(AuditFilter filter, long after, long upTo, int limit) {
        return entries.entries(reader.matching(filter, after, upTo, limit));
    }

    public FeedPage page(AuditFilter filter, long page, int size, boolean newestFirst) {
        List<AuditEntry> found = entries.entries(reader.page(filter, page * size, size + 1, newestFirst));
        boolean hasMore = found.size() > size;
        return new FeedPage(hasMore ? found.subList(0, size) : found, page, size, hasMore);
    }

    /** A device's whole trail in memory (for the CLI and tests; the HTTP API streams it). */
    public List<AuditEntry> deviceHistory(String deviceId) {
        return all(AuditFilter.device(deviceId));
    }

    /** A user's whole trail in memory (for the CLI and tests; the HTTP API streams it). */
    public List<AuditEntry> userHistory(String username) {
        return all(AuditFilter.user(username));
    }

    /** Writes every matching event to {@code out}, chunk by chunk; returns how many. Blocking. */
    public long export(AuditFilter filter, Format format, OutputStream out) throws IOException {
        long upTo = upperBound();
        out.write(format.header().getBytes(StandardCharsets.UTF_8));
        long after = -1;
        long count = 0;
        while (true) {
            List<AuditEntry> chunk = chunk(filter, after, upTo, CHUNK);
            StringBuilder text = new StringBuilder();
            for (AuditEntry entry : chunk) {
                text.append(format.line(entry));
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            count += chunk.size();
            if (chunk.size() < CHUNK) {
                out.flush();
                return count;
            }
            after = chunk.get(chunk.size() - 1).sequence();
        }
    }

    private List<AuditEntry> all(AuditFilter filter) {
        long upTo = upperBound();
        List<AuditEntry> all = new ArrayList<>();
        long after = -1;
        while (true) {
            List<AuditEntry> chunk = chunk(filter, after, upTo, CHUNK);
            all.addAll(chunk);
            if (chunk.size() < CHUNK) {
                return all;
            }
            after = chunk.get(chunk.size() - 1).sequence();
        }
    }
}
