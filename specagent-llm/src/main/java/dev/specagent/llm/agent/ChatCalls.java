package dev.specagent.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.client.ToolSpec;
import dev.specagent.llm.internal.WireFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The default mapping between agent {@link Call}s and chat requests used by {@link LlmActor}: a call
 * of tool {@value #TOOL} whose arguments are a chat-completions request body ({@code messages},
 * optional {@code tools}, {@code tool_choice}, {@code temperature}, {@code max_tokens},
 * {@code reasoning_effort}, {@code response_format}, {@code seed}); and an answer's value, which is
 * the text for a plain answer, or {@code {"content": text, "tool_calls": [{"name", "arguments"}]}} when the model
 * called tools (without the servers' tool-call ids: see {@link #valueOf}).
 */
public final class ChatCalls {

    /** The tool name of a chat call. */
    public static final String TOOL = "chat";

    private ChatCalls() {
    }

    /** The call that asks for {@code request} (the model and streaming are left to the client). */
    public static Call callOf(ChatRequest request) {
        ObjectNode body = WireFormat.requestBody(request.toBuilder().model("").stream(false).build(),
                LlmEndpoint.of("http://localhost/v1", "unused"));
        body.remove("model");
        return Call.of(TOOL, body);
    }

    /**
     * The request a chat call asks for.
     *
     * @throws IllegalArgumentException when the call's arguments are not a request body, or a numeric field
     *     ({@code temperature}, {@code max_tokens}, {@code max_completion_tokens}, {@code seed}) is not a number of its
     *     kind; the message names the field (a caller that read the call from a file adds the file and line)
     */
    public static ChatRequest requestOf(Call call) {
        JsonNode args = call.args();
        if (!args.path("messages").isArray() || args.path("messages").isEmpty()) {
            throw new IllegalArgumentException("call " + call.tool() + " has no \"messages\" array: an LLM actor "
                    + "needs a prompt function for it");
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(WireFormat.messages(args));
        for (JsonNode t : args.path("tools")) {
            JsonNode fn = t.path("function");
            b.tool(new ToolSpec(fn.path("name").asText(), fn.path("description").asText(""), fn.get("parameters")));
        }
        JsonNode choice = args.get("tool_choice");
        if (choice != null) {
            b.toolChoice(choice.isTextual() ? choice.asText() : choice.path("function").path("name").asText());
        }
        JsonNode temperature = number(call, "temperature", false);
        if (temperature != null) {
            b.temperature(temperature.asDouble());
        }
        JsonNode max = number(call, "max_tokens", true);
        JsonNode maxCompletion = number(call, "max_completion_tokens", true);
        if (max != null || maxCompletion != null) {
            JsonNode tokens = max != null ? max : maxCompletion;
            if (!tokens.canConvertToInt()) {
                throw new IllegalArgumentException(field(call, max != null ? "max_tokens" : "max_completion_tokens")
                        + " is out of range: " + tokens);
            }
            b.maxTokens(tokens.asInt());
        }
        if (args.hasNonNull("reasoning_effort")) {
            b.reasoningEffort(args.get("reasoning_effort").asText());
        }
        if (args.hasNonNull("response_format")) {
            b.responseFormat(args.get("response_format"));
        }
        JsonNode seed = number(call, "seed", true);
        if (seed != null) {
            if (!seed.canConvertToLong()) {
                throw new IllegalArgumentException(field(call, "seed") + " is out of range: " + seed);
            }
            b.seed(seed.asLong());
        }
        return b.build();
    }

    /**
     * The call's field {@code name}, {@code null} when absent or null. Jackson reads {@code "hot"} or {@code true} as
     * 0 (and a fraction as its whole part), so a value of another type is an error rather than a silent 0.
     */
    private static JsonNode number(Call call, String name, boolean whole) {
        JsonNode value = call.args().get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        boolean ok = whole
                ? value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))
                : value.isNumber();
        if (!ok) {
            throw new IllegalArgumentException(field(call, name) + " must be " + (whole ? "a whole number" : "a number")
                    + ", got " + WireFormat.abbreviate(value.toString()));
        }
        return value;
    }

    private static String field(Call call, String name) {
        return "call " + call.tool() + ": field \"" + name + "\"";
    }

    /**
     * A short description of a chat call for a speculator's prompt: its messages as
     * {@code role: content} lines (tool calls as {@code name(arguments)}), and the names of its tools.
     */
    public static String describe(Call call) {
        StringBuilder out = new StringBuilder("a chat completion of these messages:");
        for (var m : WireFormat.messages(call.args())) {
            out.append('\n').append(m.role()).append(": ").append(m.content() == null ? "" : m.content());
            for (ToolCall c : m.toolCalls()) {
                out.append(' ').append(c.name()).append('(').append(c.argumentsJson()).append(')');
            }
        }
        List<String> tools = new ArrayList<>();
        for (JsonNode t : call.args().path("tools")) {
            tools.add(t.path("function").path("name").asText());
        }
        if (!tools.isEmpty()) {
            out.append("\n(tools available: ").append(String.join(", ", tools)).append(')');
        }
        return out.toString();
    }

    /**
     * The value of an answer: its text, or its text and tool calls (name and parsed arguments). The servers'
     * tool-call ids are left out: servers draw them at random, so two equal answers would differ and no guess
     * could ever equal the actual value. An agent that sends tool results back numbers the calls itself.
     */
    public static JsonNode valueOf(ChatResponse response) {
        if (!response.hasToolCalls()) {
            return CanonicalJson.valueOf(response.content());
        }
        ObjectNode out = CanonicalJson.object("content", response.content());
        var calls = out.putArray("tool_calls");
        for (ToolCall c : response.toolCalls()) {
            ObjectNode call = calls.addObject();
            call.put("name", c.name());
            call.set("arguments", c.arguments());
        }
        return out;
    }
}
