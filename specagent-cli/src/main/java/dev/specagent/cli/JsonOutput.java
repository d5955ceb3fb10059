package dev.specagent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one way the command line writes JSON (its {@code --json} output, JSONL files, the data of reports): a figure
 * that is no number (NaN, an infinity: a ratio to nothing, a mean of nothing) is written as {@code null}.
 * Jackson's default writes it as the string {@code "NaN"} (or, with that feature off, as a bare {@code NaN}
 * token that is not JSON), which a script reading a number cannot use. A record (or other bean) is written with its
 * property names in snake_case ({@code RunFigures.savedPct} as {@code saved_pct}), as every field name of the
 * command line's JSON is; the keys of maps and trees are written as they are.
 *
 * <p>Build trees with {@link #object()}, {@link #array()} or {@link #valueToTree(Object)} and write them with
 * {@link #line(Object)} or {@link #pretty(Object)}; a tree built here also prints through this class from its
 * {@code toString()}, so {@code out.println(node)} is safe, whatever nodes were set into it from elsewhere.
 * {@code JsonOutputTest} fails the build when a command-line source builds or writes JSON another way.
 */
public final class JsonOutput {

    private static final JsonNodeFactory NODES = new FiniteNodeFactory();

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .addDecorator((factory, generator) -> new FiniteNumbers(generator)).build())
            .nodeFactory(NODES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** A new, empty JSON object. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new, empty JSON array. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * {@code value} (a record, map, list, number...) as a tree; a non-finite double in it becomes null, a record's
     * property names are snake_case.
     */
    public static JsonNode valueToTree(Object value) {
        return value == null ? NODES.nullNode() : MAPPER.valueToTree(value);
    }

    /**
     * An object of alternating keys and values, in the order given; each value anything {@link #valueToTree} takes.
     *
     * @throws IllegalArgumentException when the count is odd or a key is not a string
     */
    public static ObjectNode object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("key, value pairs expected, got " + keysAndValues.length + " arguments");
        }
        ObjectNode out = object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("argument " + i + " is a key, so a String, but is " + keysAndValues[i]);
            }
            out.set(key, valueToTree(keysAndValues[i + 1]));
        }
        return out;
    }

    /** {@code value} (a tree or any value Jackson serialises) as compact JSON on one line. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code value} as indented JSON. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes objects and arrays that print through {@link JsonOutput}. */
    private static final class FiniteNodeFactory extends JsonNodeFactory {

        @Override
        public ObjectNode objectNode() {
            return new Obj(this);
        }

        @Override
        public ArrayNode arrayNode() {
            return new Arr(this, 0);
        }

        @Override
        public ArrayNode arrayNode(int capacity) {
            return new Arr(this, capacity);
        }
    }

    /** An object whose text is {@link JsonOutput}'s. */
    private static final class Obj extends ObjectNode {
        Obj(JsonNodeFactory nodes) {
            super(nodes);
        }

        @Override
        public String toString() {
            return line(this);
        }

        @Override
        public String toPrettyString() {
            return pretty(this);
        }
    }

    /** An array whose text is {@link JsonOutput}'s. */
    private static final class Arr extends ArrayNode {
        Arr(JsonNodeFactory nodes, int capacity) {
            super(nodes, capacity);
        }

        @Override
        public String toString() {
            return line(this);
        }

        @Override
        public String toPrettyString() {
            return pretty(this);
        }
    }

    /** Writes a NaN or infinite number as null, whether it comes from a tree, a record or an array. */
    private static final class FiniteNumbers extends JsonGeneratorDelegate {
        FiniteNumbers(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                delegate.writeNumber(v);
            } else {
                delegate.writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                delegate.writeNumber(v);
            } else {
                delegate.writeNull();
            }
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeNumber(array[i]);
            }
            writeEndArray();
        }
    }
}
