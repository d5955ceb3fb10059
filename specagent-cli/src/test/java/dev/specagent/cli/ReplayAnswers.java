package dev.specagent.cli;

import dev.specagent.core.call.CanonicalJson;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.WireFormat;
import dev.specagent.llm.trace.TraceEntry;

/** Recorded chat answers for tests that drive a command against the replay server. */
public final class ReplayAnswers {

    private ReplayAnswers() {
    }

    /**
     * A completed answer of {@code model} saying {@code content}, with 100 prompt and 5 completion tokens, that the
     * replay server streams over {@code totalMs} (its first token at half of it). The request is a one-message
     * user request, so a command's own requests reach it only through the server's ORDER fallback, which matches
     * by model.
     */
    public static TraceEntry answer(String model, String content, double totalMs) {
        var body = WireFormat.requestBody(ChatRequest.ofUser(content), LlmEndpoint.of("http://127.0.0.1:1/v1", model));
        var response = CanonicalJson.object("id", "c", "object", "chat.completion", "created", 1L, "model", model);
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 5).put("total_tokens", 105);
        return TraceEntry.completed(body, response, totalMs / 2, totalMs);
    }
}
