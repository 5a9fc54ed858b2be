package org.jams.api.stored;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The JSON that events, snapshots and tokens are stored in (Jackson 2): ISO-8601 times, tolerant of fields added
 * later, fields visible whatever their modifier. The server's Axon configuration and every reader of stored rows
 * outside Axon (trails, offline rebuilds, tests of stored samples) use these, so they read what Axon wrote.
 */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    }

    /** Event payloads and metadata. */
    public static Serializer eventSerializer() {
        return JacksonSerializer.builder().objectMapper(mapper()).build();
    }

    /** Snapshots and tracking tokens: typed, since a token's class is not always named beside it. */
    public static Serializer typedSerializer() {
        return JacksonSerializer.builder().objectMapper(mapper()).defaultTyping().build();
    }
}
