package org.jams.query.audit.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.jams.api.audit.AuditMetaData;
import org.jams.command.audit.StoredEvent;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.eventstore.StoredEventReader;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Turns stored events into {@link AuditEntry audit entries}: the payload is deserialized with the event store's own
 * serializer (so it reads exactly as the aggregates and projections read it), then shown as JSON with every
 * password hash, password, private key, secret and token redacted, wherever it sits in the event.
 */
@Component
public class AuditEntries {

    /** Jackson 2, configured as the event store's mapper: ISO-8601 times, record fields. */
    public static final ObjectMapper MAPPER = org.jams.api.stored.EventJson.mapper();

    public static final String REDACTED = "[REDACTED]";
    private static final Set<String> SECRET_FIELDS = Set.of("passwordhash", "password", "passphrase", "privatekey",
            "privatekeypem", "sealedkey", "secret", "token", "accesstoken");

    private final StoredEventReader rows;

    public AuditEntries(@Qualifier("eventSerializer") Serializer serializer) {
        this.rows = new StoredEventReader(serializer);
    }

    public AuditEntry entry(StoredEvent event) {
        JsonNode meta = metaData(event);
        return new AuditEntry(event.globalIndex(), event.timestamp(),
                AuditIndexProjection.typeName(rows.payloadType(event)), text(meta, AuditMetaData.ACTOR),
                text(meta, AuditMetaData.SOURCE_ADDRESS), text(meta, AuditMetaData.USER_AGENT),
                text(meta, AuditMetaData.AUTH_METHOD), text(meta, AuditMetaData.CORRELATION_ID),
                text(meta, AuditMetaData.TRACE_ID), redact(data(event)));
    }

    public List<AuditEntry> entries(List<StoredEvent> events) {
        List<AuditEntry> entries = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            entries.add(entry(event));
        }
        return entries;
    }

    /**
     * The event's payload as today's Java type, upcast if stored in an older shape or under an older name (an
     * {@link UnknownSerializedType} when this server lacks the class).
     */
    public Object payload(StoredEvent event) {
        return rows.payload(event);
    }

    /**
     * The payload as stored (JSON, of whatever revision it was written in), as a tree, unredacted: what the auditor
     * sees is exactly what the store holds, read in one pass.
     */
    JsonNode data(StoredEvent event) {
        return readTree(event.payload());
    }

    /** Replaces the value of every secret-bearing field, at any depth, by {@value #REDACTED}. */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                if (SECRET_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    object.set(field.getKey(), TextNode.valueOf(REDACTED));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(AuditEntries::redact);
        }
        return node;
    }

    private static JsonNode metaData(StoredEvent event) {
        return event.metadata() == null ? MAPPER.createObjectNode() : readTree(event.metadata());
    }

    private static String text(JsonNode meta, String key) {
        JsonNode value = meta.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored event is not JSON", e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
