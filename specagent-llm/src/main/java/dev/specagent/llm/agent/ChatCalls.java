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
 * the text for a plain answer, or {@code {"content": text, "tool_calls": [{"id", "name",
 * "arguments"}]}} when the model called tools.
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
     * @throws IllegalArgumentException when the call's arguments are not a request body
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
        if (args.hasNonNull("temperature")) {
            b.temperature(args.get("temperature").asDouble());
        }
        JsonNode max = args.hasNonNull("max_tokens") ? args.get("max_tokens") : args.get("max_completion_tokens");
        if (max != null && max.isNumber()) {
            b.maxTokens(max.asInt());
        }
        if (args.hasNonNull("reasoning_effort")) {
            b.reasoningEffort(args.get("reasoning_effort").asText());
        }
        if (args.hasNonNull("response_format")) {
            b.responseFormat(args.get("response_format"));
        }
        if (args.hasNonNull("seed")) {
            b.seed(args.get("seed").asLong());
        }
        return b.build();
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
