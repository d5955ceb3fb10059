package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The client's estimate of a request's prompt tokens, used only when a call ends (cancelled or
 * failed) before the server reported its usage: one token per 4 characters of the message texts,
 * tool-call arguments and tool schemas (OpenAI's rule of thumb for English text and JSON), plus 4
 * tokens of framing per message and 3 for the reply's priming. An embeddings request's inputs are counted by the
 * same 4 characters per token, without framing.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    /** The estimated prompt tokens of a request body. */
    public static long promptTokens(JsonNode requestBody) {
        long chars = 0;
        long messages = 0;
        for (JsonNode m : requestBody.path("messages")) {
            messages++;
            JsonNode content = m.get("content");
            chars += content == null || content.isNull() ? 0 : WireFormat.text(content).length();
            for (JsonNode c : m.path("tool_calls")) {
                chars += c.path("function").path("name").asText("").length();
                chars += WireFormat.argumentsText(c.path("function")).length();
            }
        }
        JsonNode tools = requestBody.get("tools");
        if (tools != null) {
            chars += tools.toString().length();
        }
        return (chars + 3) / 4 + 4 * messages + 3;
    }

    /** The estimated prompt tokens of an embeddings request's {@code inputs}. */
    public static long inputTokens(List<String> inputs) {
        long tokens = 0;
        for (String input : inputs) {
            tokens += (input.length() + 3) / 4;
        }
        return tokens;
    }
}
