package org.jams.command.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges two views of one conversation or conversation request, field by field: timestamps (numbers) keep the
 * newest, flags once set stay set, nested maps are united, lists are united without duplicates, and other values
 * take the incoming one.
 */
public final class ConversationMerge {

    private ConversationMerge() {
    }

    public static Map<String, Object> merge(Map<String, Object> known, Map<String, Object> incoming) {
        if (known == null) {
            return new LinkedHashMap<>(incoming);
        }
        Map<String, Object> merged = new LinkedHashMap<>(known);
        incoming.forEach((field, value) -> merged.merge(field, value, ConversationMerge::mergeValue));
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(Object mine, Object theirs) {
        if (mine instanceof Number a && theirs instanceof Number b) {
            return a.longValue() >= b.longValue() ? mine : theirs;
        }
        if (mine instanceof Boolean a && theirs instanceof Boolean b) {
            return a || b;
        }
        if (mine instanceof Map<?, ?> a && theirs instanceof Map<?, ?> b) {
            Map<String, Object> union = new LinkedHashMap<>((Map<String, Object>) a);
            ((Map<String, Object>) b).forEach((k, v) -> union.merge(k, v, ConversationMerge::mergeValue));
            return union;
        }
        if (mine instanceof List<?> a && theirs instanceof List<?> b) {
            List<Object> union = new ArrayList<>(a);
            b.stream().filter(item -> union.stream().noneMatch(existing -> Objects.equals(existing, item)))
                    .forEach(union::add);
            return union;
        }
        return theirs == null ? mine : theirs;
    }
}
