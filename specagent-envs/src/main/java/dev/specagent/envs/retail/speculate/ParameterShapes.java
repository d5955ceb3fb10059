package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each parameter's values looked like in the calls observed: their {@link ValueExtractor#shape shapes} (and
 * those of its arrays' elements), and the key sets of the records it took as a list, so that a list of records in
 * the transcript can be offered trimmed to those keys. Not thread-safe.
 */
final class ParameterShapes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Set<String>> paramShapes = new HashMap<>();
    /** The key sets of the records each parameter has taken as a list (e.g. flights → [date, flight_number]). */
    private final Map<String, Set<List<String>>> recordKeys = new HashMap<>();

    /** Learns the shape of {@code v}, given to {@code param}, and the key set {@code keys} of its records (or null). */
    void observe(String param, JsonNode v, List<String> keys) {
        if (keys != null) {
            recordKeys.computeIfAbsent(param, x -> new HashSet<>()).add(keys);
        }
        paramShapes.computeIfAbsent(param, x -> new HashSet<>()).add(ValueExtractor.shape(v));
        if (v.isArray()) {
            v.forEach(e -> paramShapes.computeIfAbsent(param + "[]", x -> new HashSet<>())
                    .add(ValueExtractor.shape(e)));
        }
    }

    /** Whether {@code param} has taken a list of records. */
    boolean takesRecords(String param) {
        return recordKeys.containsKey(param);
    }

    /** The key sets of the records {@code param} has taken as a list. */
    Set<List<String>> recordKeySets(String param) {
        return recordKeys.getOrDefault(param, Set.of());
    }

    /**
     * The shapes seen for a parameter's values ({@code element}: for the elements of its arrays), and of the
     * values under output keys named like it; array shapes only for a whole array parameter.
     */
    Set<String> known(String param, boolean element, boolean arrayParam, Map<String, Set<String>> keyShapes) {
        Set<String> known = new HashSet<>(paramShapes.getOrDefault(element ? param + "[]" : param, Set.of()));
        String stem = SourceRates.stem(param);
        boolean wantArray = arrayParam && !element;
        keyShapes.forEach((key, shapes) -> {
            if (SourceRates.stem(key).equals(stem)) {
                shapes.stream().filter(shape -> shape.startsWith("[") == wantArray).forEach(known::add);
            }
        });
        return known;
    }

    static String fit(Set<String> known, ValueSource s) {
        if (known.isEmpty()) {
            return "unknown";
        }
        return known.contains(s.shape()) ? "fit" : "misfit";
    }

    /** Shapes of the values under each output key of the transcript. */
    static Map<String, Set<String>> keyShapes(List<ValueSource> sources) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ValueSource s : sources) {
            if ((s.kind() == ValueSource.Kind.OUTPUT || s.kind() == ValueSource.Kind.ARGUMENT) && !isRecords(s)) {
                out.computeIfAbsent(s.key(), k -> new HashSet<>()).add(s.shape());
            }
        }
        return out;
    }

    static boolean isRecords(ValueSource s) {
        return s.isArray() && s.value().get(0).isObject();
    }

    /** The sorted keys shared by every record of a non-empty list of objects; null for any other value. */
    static List<String> recordKeys(JsonNode v) {
        if (!v.isArray() || v.isEmpty() || !v.get(0).isObject()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        v.get(0).fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        for (JsonNode e : v) {
            if (!e.isObject() || e.size() != keys.size() || !keys.stream().allMatch(e::has)) {
                return null;
            }
        }
        return List.copyOf(keys);
    }

    /** Each record of {@code records} reduced to {@code keys}; null when one lacks a key. */
    static JsonNode project(JsonNode records, List<String> keys) {
        var out = NODES.arrayNode();
        for (JsonNode e : records) {
            ObjectNode trimmed = NODES.objectNode();
            for (String k : keys) {
                if (!e.has(k)) {
                    return null;
                }
                trimmed.set(k, e.get(k));
            }
            out.add(trimmed);
        }
        return out;
    }
}
