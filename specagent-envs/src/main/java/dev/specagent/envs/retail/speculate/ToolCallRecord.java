package dev.specagent.envs.retail.speculate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;

import java.util.Objects;

/**
 * One tool call of an agent with its output: the tool name, the keyword arguments (a JSON object) and
 * the observation text ({@code null} while the call has not returned). Domain-agnostic; the arguments
 * must not be mutated.
 */
public record ToolCallRecord(String name, ObjectNode kwargs, String output) {

    /**
     * The only argument of a recorded call whose arguments were not a JSON object (an agent model's malformed
     * output): it holds the raw text. Such a call can be neither predicted nor learned from.
     */
    public static final String UNPARSED_ARGUMENTS = "$unparsed_arguments";

    public ToolCallRecord {
        Objects.requireNonNull(name, "name");
        kwargs = kwargs != null ? kwargs : JsonNodeFactory.instance.objectNode();
    }

    /** A call not yet answered. */
    public static ToolCallRecord pending(String name, ObjectNode kwargs) {
        return new ToolCallRecord(name, kwargs, null);
    }

    /** A recorded call whose arguments text did not parse as a JSON object. */
    public static ToolCallRecord unparsed(String name, String rawArguments, String output) {
        ObjectNode kwargs = JsonNodeFactory.instance.objectNode().put(UNPARSED_ARGUMENTS, rawArguments);
        return new ToolCallRecord(name, kwargs, output);
    }

    /** Whether this call's recorded arguments did not parse ({@link #unparsed}). */
    public boolean hasUnparsedArguments() {
        return kwargs.has(UNPARSED_ARGUMENTS);
    }

    /** This call as a core {@link Call} (canonical equality: same name, JSON-equal arguments). */
    public Call call() {
        return Call.of(name, (JsonNode) kwargs);
    }

    /** This call with its output. */
    public ToolCallRecord withOutput(String observation) {
        return new ToolCallRecord(name, kwargs, observation);
    }
}
