package dev.specagent.llm.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.internal.WireFormat;

import java.util.Objects;

/**
 * A tool call that the model made: the id the answer must quote, the function name and its
 * arguments as the JSON text the model wrote. {@link ChatClient} rejects a response whose tool
 * call arguments are not valid JSON, so for responses it returns {@link #arguments()} never fails.
 */
public record ToolCall(String id, String name, String argumentsJson) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        id = id == null ? "" : id;
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }

    /**
     * The parsed arguments.
     *
     * @throws LlmException of kind {@link LlmException.Kind#INVALID_TOOL_ARGUMENTS} when they are not JSON
     */
    public JsonNode arguments() {
        try {
            return CanonicalJson.parse(argumentsJson);
        } catch (IllegalArgumentException e) {
            throw new LlmException(LlmException.Kind.INVALID_TOOL_ARGUMENTS, -1,
                    "tool call " + name + (id.isEmpty() ? "" : " (" + id + ")") + " has arguments that are not valid JSON: "
                            + WireFormat.abbreviate(argumentsJson) + " — " + e.getMessage(), null, e);
        }
    }
}
