package dev.specagent.core.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.specagent.core.data.JsonErrors;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: object keys sorted, numbers normalised (so {@code 1}, {@code 1.0} and {@code 1e0}
 * are one value; a double's infinity, which a literal beyond the double range such as {@code 1e400} reads as, is
 * {@code 1E+309}), no insignificant white space; a node that is not JSON becomes the JSON it is written as (bytes
 * their base64 text, a wrapped object its tree), so equal canonical trees hold the same node types. Two JSON values are
 * equal for specagent exactly when their canonical strings are equal.
 */
public final class CanonicalJson {

    /**
     * The shared mapper; thread-safe once configured. It reads exactly one JSON value: text after it other than white
     * space ({@code {"a": 1} junk}, {@code {"a": 1}{"b": 2}}) is an error, where Jackson by default drops it unread.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {
    }

    /**
     * Parses {@code json}, which must be one JSON value (white space around it allowed), throwing
     * {@link IllegalArgumentException} with the line, column and parser's message when it is not JSON or text
     * follows the value.
     */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON at " + JsonErrors.describe(e), e);
        }
    }

    /**
     * The canonical form of {@code node}: a new tree, the input is not changed.
     *
     * @throws IllegalArgumentException when the tree holds a NaN (a Java double made into a node), which JSON cannot
     *                                  spell
     */
    public static JsonNode canonicalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, canonicalize(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode(node.size());
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(canonicalize(it.next()));
            }
            return out;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.isLong() ? node : JsonNodeFactory.instance.numberNode(node.longValue());
        }
        if (node.isBinary()) {
            // bytes are their base64 text in JSON; a call must hand its actor the value its equality compared
            return JsonNodeFactory.instance.textNode(node.asText());
        }
        if (node.isPojo()) {
            return canonicalize(MAPPER.valueToTree(((POJONode) node).getPojo())); // the JSON the object writes as
        }
        if (!node.isNumber()) {
            return node; // the other value nodes (strings, booleans): immutable and already canonical
        }
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("NaN is not a JSON value: JSON has no spelling for it");
            }
            if (Double.isInfinite(d)) {
                // a literal beyond the double range (1e400) reads as infinity, as in Python; written as a number that does too
                return JsonNodeFactory.instance.numberNode(d > 0 ? BEYOND_DOUBLE : BEYOND_DOUBLE.negate());
            }
            if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                // exactly, as Python compares 2.0**60 == 2**60; its shortest spelling would end in ...980, not ...976
                return JsonNodeFactory.instance.numberNode((long) d);
            }
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.scale() <= 0 && value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return JsonNodeFactory.instance.numberNode(value.longValueExact()); // 1e18 as 1000000000000000000
        }
        return JsonNodeFactory.instance.numberNode(value);
    }

    /** The canonical infinity: the first power of ten beyond the double range, so its text reads back as infinity. */
    private static final BigDecimal BEYOND_DOUBLE = new BigDecimal("1E+309");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The canonical string of {@code node}. */
    public static String toCanonicalString(JsonNode node) {
        return writeCanonical(canonicalize(node));
    }

    /** The text of a tree that is already canonical ({@link #canonicalize}d), without copying it again. */
    static String writeCanonical(JsonNode canonical) {
        StringBuilder out = new StringBuilder(64);
        write(canonical, out);
        return out.toString();
    }

    /** Writes a canonical tree compactly; hand-written because it runs for every call the runner sees. */
    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(field.getKey(), out);
                    out.append(':');
                    write(field.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (node.isLong() || node.isInt()) {
                    out.append(node.longValue()); // the same digits as asText(), without a String for each
                } else {
                    out.append(node.isBigDecimal() ? decimalText(node.decimalValue()) : node.asText());
                }
            }
            case BOOLEAN -> out.append(node.booleanValue());
            default -> out.append("null");
        }
    }

    /**
     * The text of a canonical decimal, which reads back as the same value: its own spelling, but for an integer in E
     * notation ({@code 1E+20}, which the parser reads as a double) that no double holds exactly (24 digits ending in a
     * zero, or beyond the double range but for the canonical infinity): then its plain digits, read as an integer.
     */
    private static String decimalText(BigDecimal value) {
        if (value.scale() >= 0 || value.abs().compareTo(BEYOND_DOUBLE) == 0) {
            return value.toString();
        }
        double d = value.doubleValue();
        boolean readsBack = Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(value) == 0;
        return readsBack ? value.toString() : value.toPlainString();
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Converts a plain Java value (map, list, string, number, boolean, record) to a JSON tree. */
    public static JsonNode valueOf(Object value) {
        return switch (value) {
            case null -> JsonNodeFactory.instance.nullNode();
            case JsonNode node -> node;
            case String text -> JsonNodeFactory.instance.textNode(text);
            case Integer i -> JsonNodeFactory.instance.numberNode(i.longValue());
            case Long l -> JsonNodeFactory.instance.numberNode(l);
            case Boolean b -> JsonNodeFactory.instance.booleanNode(b);
            default -> MAPPER.valueToTree(value);
        };
    }

    /**
     * A JSON object built from alternating keys and values, in the order given (as {@link Call#of(String, Object...)}
     * takes them). Each key is a non-null {@code String}; each value anything {@link #valueOf} takes.
     *
     * @throws IllegalArgumentException naming the argument when the count is odd or a key is not a string
     */
    public static ObjectNode object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("key, value pairs expected, got " + keysAndValues.length
                    + " arguments: the key " + describe(keysAndValues[keysAndValues.length - 1]) + " has no value");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key, value pairs expected: argument " + i + " is a key, so a String, "
                        + "but is " + describe(keysAndValues[i]));
            }
            out.set(key, valueOf(keysAndValues[i + 1]));
        }
        return out;
    }

    private static String describe(Object argument) {
        return argument == null ? "null" : argument.getClass().getSimpleName() + " " + argument;
    }

    /** Equality of two JSON values under canonicalisation. */
    public static boolean equal(JsonNode a, JsonNode b) {
        return toCanonicalString(a).equals(toCanonicalString(b));
    }

}
