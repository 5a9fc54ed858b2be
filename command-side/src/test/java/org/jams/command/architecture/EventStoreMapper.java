package org.jams.command.architecture;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The event store's JSON mapper, replicated from the gateway's Axon configuration. */
final class EventStoreMapper {

    static final String JAVA_TIME_MODULE = "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule";

    private EventStoreMapper() {
    }

    /**
     * As {@code AxonJdbcConfiguration.axonObjectMapper()} in the gateway: ISO-8601 times, tolerant of fields added
     * later, fields visible whatever their modifier.
     */
    static ObjectMapper create() {
        return new ObjectMapper()
                .registerModule(javaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    }

    /**
     * Jackson's JavaTimeModule, which the gateway registers. command-side does not have jackson-datatype-jsr310 on
     * its classpath, so until it does this falls back to a module writing and reading {@link Instant} exactly as
     * JavaTimeModule does with WRITE_DATES_AS_TIMESTAMPS disabled (ISO_INSTANT text, e.g.
     * "2025-03-14T10:00:00.123Z"). The events hold no other java.time type.
     */
    static Module javaTimeModule() {
        try {
            return (Module) Class.forName(JAVA_TIME_MODULE).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException absent) {
            return new SimpleModule("iso-instant-as-JavaTimeModule")
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        @Override
                        public void serialize(Instant value, JsonGenerator json, SerializerProvider provider)
                                throws IOException {
                            json.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
                        }
                    })
                    .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
                        @Override
                        public Instant deserialize(JsonParser json, DeserializationContext context)
                                throws IOException {
                            if (json.currentToken() != JsonToken.VALUE_STRING) {
                                return (Instant) context.handleUnexpectedToken(Instant.class, json);
                            }
                            return DateTimeFormatter.ISO_INSTANT.parse(json.getText(), Instant::from);
                        }
                    });
        }
    }
}
