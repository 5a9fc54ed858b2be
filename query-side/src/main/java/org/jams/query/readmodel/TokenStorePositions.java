package org.jams.query.readmodel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tracking processors' tokens as stored in the shared token store ({@code tokenentry}), read without claiming a
 * segment: where each processor is, whichever node runs it.
 */
@Component
public class TokenStorePositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public TokenStorePositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The token of each of the processor's segments (null for a segment that has processed nothing yet). */
    public List<TrackingToken> tokens(String processor) {
        return jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (rs, i) -> deserialize(rs.getBytes(1), rs.getString(2)), processor);
    }

    /**
     * For each tracking processor ({@link ReadModels#TRACKING}), the global index up to which all its segments have
     * read: the lowest segment position, 0 for a processor that has read nothing yet or has no token. One query.
     */
    public Map<String, Long> positions() {
        Map<String, Long> lowest = new HashMap<>();
        jdbc.query("SELECT processorname, token, tokentype FROM tokenentry WHERE processorname = ANY(?)", rs -> {
            TrackingToken token = deserialize(rs.getBytes(2), rs.getString(3));
            long position = token == null ? 0 : token.position().orElse(0);
            lowest.merge(rs.getString(1), position, Math::min);
        }, (Object) ReadModels.TRACKING.toArray(String[]::new));
        Map<String, Long> positions = new LinkedHashMap<>();
        ReadModels.TRACKING.forEach(processor -> positions.put(processor, lowest.getOrDefault(processor, 0L)));
        return positions;
    }

    private TrackingToken deserialize(byte[] token, String type) {
        if (token == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class,
                new SimpleSerializedType(type, null)));
    }
}
