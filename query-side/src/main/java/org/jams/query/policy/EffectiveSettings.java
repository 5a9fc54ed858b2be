package org.jams.query.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's Jami client settings: the default blueprint's beneath, then the blueprints of their groups from the
 * lowest precedence to the highest, each key taken from the last that sets it. Deterministic: precedences are unique.
 *
 * @param settings  key → value, sorted by key
 * @param sources   key → where its value came from
 * @param delivered blueprint → version, of every blueprint that gave a key
 */
public record EffectiveSettings(Map<String, String> settings, Map<String, Source> sources,
                                Map<String, Integer> delivered) {

    /** A blueprint version and the group it came through (null for the default blueprint). */
    public record Source(String blueprint, int version, String group) {
    }

    /** A blueprint version in effect for a person, through a group (null and precedence 0 for the default). */
    public record Layer(String group, int precedence, String blueprint, int version, Map<String, String> settings) {
    }

    public static final EffectiveSettings NONE = new EffectiveSettings(Map.of(), Map.of(), Map.of());

    public static EffectiveSettings of(List<Layer> layers) {
        List<Layer> ordered = new ArrayList<>(layers);
        ordered.sort(Comparator.comparingInt(Layer::precedence));
        Map<String, String> settings = new TreeMap<>();
        Map<String, Source> sources = new TreeMap<>();
        for (Layer layer : ordered) {
            layer.settings().forEach((key, value) -> {
                settings.put(key, value);
                sources.put(key, new Source(layer.blueprint(), layer.version(), layer.group()));
            });
        }
        Map<String, Integer> delivered = new TreeMap<>();
        sources.values().forEach(source -> delivered.put(source.blueprint(), source.version()));
        return new EffectiveSettings(java.util.Collections.unmodifiableMap(settings),
                java.util.Collections.unmodifiableMap(sources), java.util.Collections.unmodifiableMap(delivered));
    }
}
