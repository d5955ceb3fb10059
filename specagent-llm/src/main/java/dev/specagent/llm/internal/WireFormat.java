package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatMessage;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.ToolCall;
import dev.specagent.llm.client.ToolSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI chat-completions wire format shared by OpenAI, vLLM, Ollama and llama.cpp: request
 * bodies, and the parts of responses (non-streamed bodies and streamed chunks) the client reads.
 */
public final class WireFormat {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireFormat() {
    }

    /** The JSON body of {@code request} sent to {@code endpoint} (endpoint defaults filled in). */
    public static ObjectNode requestBody(ChatRequest request, LlmEndpoint endpoint) {
        ObjectNode body = JSON.objectNode();
        body.put("model", request.model() != null ? request.model() : endpoint.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.add(message(m));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode fn = JSON.objectNode();
                fn.put("name", t.name());
                if (!t.description().isEmpty()) {
                    fn.put("description", t.description());
                }
                fn.set("parameters", t.parameters());
                tools.addObject().put("type", "function").set("function", fn);
            }
        }
        if (request.toolChoice() != null) {
            if (List.of("auto", "none", "required").contains(request.toolChoice())) {
                body.put("tool_choice", request.toolChoice());
            } else {
                body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", request.toolChoice());
            }
        }
        Double temperature = request.temperature() != null ? request.temperature() : endpoint.temperature();
        if (temperature != null) {
            body.put("temperature", temperature);
        }
        Integer maxTokens = request.maxTokens() != null ? request.maxTokens() : endpoint.maxTokens();
        if (maxTokens != null) {
            body.put(endpoint.isOpenAi() ? "max_completion_tokens" : "max_tokens", maxTokens);
        }
        String effort = request.reasoningEffort() != null ? request.reasoningEffort() : endpoint.reasoningEffort();
        if (effort != null) {
            body.put("reasoning_effort", effort);
        }
        if (request.responseFormat() != null) {
            body.set("response_format", request.responseFormat());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode out = JSON.objectNode();
        out.put("role", m.role());
        if (m.content() != null) {
            out.put("content", m.content());
        } else {
            out.putNull("content");
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
            }
        }
        if (m.toolCallId() != null) {
            out.put("tool_call_id", m.toolCallId());
        }
        return out;
    }

    /** The messages of a request body, back as {@link ChatMessage}s (for replays and tests). */
    public static List<ChatMessage> messages(JsonNode body) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                calls.add(new ToolCall(c.path("id").asText(""), c.path("function").path("name").asText(),
                        argumentsText(c.path("function"))));
            }
            JsonNode content = m.get("content");
            out.add(new ChatMessage(m.path("role").asText(), content == null || content.isNull() ? null
                    : content.isTextual() ? content.asText() : content.toString(), calls,
                    m.hasNonNull("tool_call_id") ? m.get("tool_call_id").asText() : null));
        }
        return out;
    }

    /**
     * The tool calls of a non-streamed {@code message}, each checked for JSON arguments.
     *
     * @throws LlmException of kind INVALID_TOOL_ARGUMENTS for the first call whose arguments do not parse
     */
    public static List<ToolCall> toolCalls(JsonNode message) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            ToolCall call = new ToolCall(c.path("id").asText(""), c.path("function").path("name").asText(""),
                    argumentsText(c.path("function")));
            call.arguments();
            out.add(call);
        }
        return out;
    }

    /**
     * The arguments of a tool call's {@code function} as JSON text: the string OpenAI-compatible servers send, or the
     * JSON text of a value a server sends in its place (an object, as Ollama's own API writes them, which a string
     * reading took for no arguments); empty when absent or null.
     */
    public static String argumentsText(JsonNode function) {
        JsonNode arguments = function.path("arguments");
        if (arguments.isMissingNode() || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    /** The text of a message's {@code content}: a string, or the text parts of an array, or empty. */
    public static String text(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                sb.append(part.path("text").asText(""));
            }
            return sb.toString();
        }
        return content.toString();
    }

    /** The reasoning text of a message or delta: {@code reasoning_content} (vLLM, DeepSeek) or {@code reasoning} (Ollama, OpenRouter). */
    public static String reasoning(JsonNode messageOrDelta) {
        JsonNode r = messageOrDelta.get("reasoning_content");
        if (r == null || r.isNull()) {
            r = messageOrDelta.get("reasoning");
        }
        return r == null || r.isNull() || !r.isTextual() ? "" : r.asText();
    }

    /**
     * The server's error message in an OpenAI-style error body ({@code {"error": {"message": ...}}}), up to 1,000
     * characters, or the start of the body itself.
     */
    public static String errorMessage(String body) {
        try {
            JsonNode root = CanonicalJson.parse(body);
            JsonNode error = root.get("error");
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                return quoted(error.get("message").asText());
            }
            if (error != null && error.isTextual()) {
                return quoted(error.asText());
            }
            if (root.hasNonNull("message")) {
                return quoted(root.get("message").asText());
            }
        } catch (IllegalArgumentException e) {
            // not JSON: fall through to the raw text
        }
        String trimmed = body.strip();
        return trimmed.length() <= 300 ? trimmed : trimmed.substring(0, 300) + "…";
    }

    /** A server's own error message, cut to 1,000 characters: a real one is shorter, a hostile one may be megabytes. */
    private static String quoted(String message) {
        return message.length() <= 1_000 ? message : message.substring(0, 1_000) + "…";
    }

    /** {@code text} cut to 200 characters for an error message. */
    public static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
