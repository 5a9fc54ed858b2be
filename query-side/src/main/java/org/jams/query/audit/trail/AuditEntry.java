package org.jams.query.audit.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * One event as audit trails, the feed and exports show it: its global index ({@code sequence}), time, simple type
 * name, the audit metadata of whoever caused it, and its data with password hashes and keys redacted.
 */
public record AuditEntry(long sequence, String time, String type, String actor, String source, String userAgent,
                         String authMethod, String correlationId, String traceId, JsonNode data) {

    /** The CSV columns, in order; {@code data} is the event's JSON. */
    public static final List<String> COLUMNS = List.of("sequence", "time", "type", "actor", "source", "userAgent",
            "authMethod", "correlationId", "traceId", "data");

    public ObjectNode toJson() {
        ObjectNode json = AuditEntries.MAPPER.createObjectNode();
        json.put("sequence", sequence);
        json.put("time", time);
        json.put("type", type);
        json.put("actor", actor);
        json.put("source", source);
        json.put("userAgent", userAgent);
        json.put("authMethod", authMethod);
        json.put("correlationId", correlationId);
        json.put("traceId", traceId);
        json.set("data", data);
        return json;
    }

    public List<String> csvFields() {
        return Arrays.asList(Long.toString(sequence), time, type, actor, source, userAgent, authMethod, correlationId,
                traceId, data == null ? null : data.toString());
    }
}
