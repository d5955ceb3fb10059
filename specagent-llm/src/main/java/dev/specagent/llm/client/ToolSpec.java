package dev.specagent.llm.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;

import java.util.Objects;

/**
 * A function the model may call: its name, a description for the model, and the JSON Schema of its
 * arguments (sent as {@code tools[].function.parameters}). Immutable.
 */
public record ToolSpec(String name, String description, JsonNode parameters) {

    public ToolSpec {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a tool name must be 1-64 letters, digits, _ or -: " + name);
        }
        description = description == null ? "" : description;
        parameters = parameters == null ? CanonicalJson.object("type", "object", "properties", CanonicalJson.object())
                : parameters.deepCopy();
        Objects.requireNonNull(parameters);
    }

    /** The JSON Schema of the arguments: a copy, so that changing it leaves this tool as it is. */
    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** A tool whose argument schema is the JSON text {@code parametersJson}. */
    public static ToolSpec of(String name, String description, String parametersJson) {
        return new ToolSpec(name, description, CanonicalJson.parse(parametersJson));
    }
}
