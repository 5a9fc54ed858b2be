package org.jams.gateway.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request bodies are read as they are typed: a number, boolean, array or object where a string belongs (or text where
 * a number or boolean belongs) is a 400 naming the field, never coerced; a string may not hold a NUL character, which
 * PostgreSQL cannot store in text.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new SimpleModule("jams-strict-strings").addDeserializer(String.class, new Text()));
    }

    /** Only a JSON string is a string, and it holds no NUL. */
    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            String text = parser.getString();
            if (text.indexOf('\0') >= 0) {
                throw MismatchedInputException.from(parser, String.class, "A NUL character is not allowed");
            }
            return text;
        }
    }
}
