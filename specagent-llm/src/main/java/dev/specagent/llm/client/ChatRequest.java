package dev.specagent.llm.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;

import java.util.ArrayList;
import java.util.List;

/**
 * One chat-completions request. {@code null} fields are not sent, or inherit the endpoint's defaults
 * ({@link LlmEndpoint}): {@code model} (the endpoint's model), {@code temperature}, {@code maxTokens}
 * and {@code reasoningEffort}. {@code toolChoice} is {@code auto}, {@code none}, {@code required} or a
 * tool's name; {@code responseFormat} is sent verbatim as {@code response_format} (e.g.
 * {@code {"type":"json_object"}}). When {@code stream} is true the answer is streamed over SSE with
 * {@code stream_options.include_usage}, which is what makes cancellation cheap. Immutable; build one
 * with {@link #builder()}.
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<ToolSpec> tools, String toolChoice,
                          Double temperature, Integer maxTokens, String reasoningEffort, JsonNode responseFormat,
                          Long seed, boolean stream) {

    public ChatRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        responseFormat = responseFormat == null ? null : responseFormat.deepCopy();
    }

    /** The {@code response_format} to send, or null: a copy, so that changing it leaves this request as it is. */
    @Override
    public JsonNode responseFormat() {
        return responseFormat == null ? null : responseFormat.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A streamed request of one user message. */
    public static ChatRequest ofUser(String content) {
        return builder().user(content).build();
    }

    /** A builder preset with this request's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.messages.addAll(messages);
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.reasoningEffort = reasoningEffort;
        b.responseFormat = responseFormat;
        b.seed = seed;
        b.stream = stream;
        return b;
    }

    /** Builds a {@link ChatRequest}; streaming is on by default. */
    public static final class Builder {
        private String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private String toolChoice;
        private Double temperature;
        private Integer maxTokens;
        private String reasoningEffort;
        private JsonNode responseFormat;
        private Long seed;
        private boolean stream = true;

        private Builder() {
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder message(ChatMessage message) {
            messages.add(message);
            return this;
        }

        public Builder messages(List<ChatMessage> values) {
            messages.addAll(values);
            return this;
        }

        public Builder system(String content) {
            return message(ChatMessage.system(content));
        }

        public Builder user(String content) {
            return message(ChatMessage.user(content));
        }

        public Builder assistant(String content) {
            return message(ChatMessage.assistant(content));
        }

        public Builder tool(ToolSpec tool) {
            tools.add(tool);
            return this;
        }

        public Builder tools(List<ToolSpec> values) {
            tools.addAll(values);
            return this;
        }

        public Builder toolChoice(String value) {
            toolChoice = value;
            return this;
        }

        public Builder temperature(Double value) {
            temperature = value;
            return this;
        }

        public Builder maxTokens(Integer value) {
            maxTokens = value;
            return this;
        }

        public Builder reasoningEffort(String value) {
            reasoningEffort = value;
            return this;
        }

        public Builder responseFormat(JsonNode value) {
            responseFormat = value;
            return this;
        }

        /** Asks for a JSON object answer ({@code response_format: {"type": "json_object"}}). */
        public Builder jsonObject() {
            responseFormat = CanonicalJson.object("type", "json_object");
            return this;
        }

        public Builder seed(Long value) {
            seed = value;
            return this;
        }

        public Builder stream(boolean value) {
            stream = value;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(model, messages, tools, toolChoice, temperature, maxTokens, reasoningEffort,
                    responseFormat, seed, stream);
        }
    }
}
