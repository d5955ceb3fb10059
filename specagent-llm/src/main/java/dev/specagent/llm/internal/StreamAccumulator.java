package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.llm.client.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles streamed {@code chat.completion.chunk}s into one answer: content, reasoning and refusal text
 * appended (a refusal, which OpenAI streams in {@code refusal} deltas, goes to the message's {@code refusal}, as in
 * a non-streamed answer), tool-call deltas merged by their {@code index} (the id, type and name arrive in the first
 * delta of a call, the arguments in pieces), the finish reason, and the usage chunk. A delta without
 * an {@code index} continues the call of the previous delta, unless it brings a new id, or a name
 * when that call already has one: then it starts the next call.
 *
 * <p>Generated tokens are counted as the stream arrives, for calls cancelled before the server's
 * usage: every chunk whose delta carries non-empty content, reasoning, refusal, or a tool call's name or
 * argument piece counts as one token (OpenAI, vLLM, Ollama and llama.cpp send one token per chunk).
 * Confined to the thread reading the stream, except {@link #countedTokens()}, which may be read from any
 * thread, and {@link #toCompletion()}, which a cancelling thread may call while chunks still arrive.
 */
public final class StreamAccumulator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final TreeMap<Integer, String[]> toolCalls = new TreeMap<>();
    private int lastToolCall = -1;
    private String id;
    private String model;
    private String finishReason;
    private JsonNode usage;
    private volatile long countedTokens;
    private long chunks;

    /** Adds one parsed chunk. Chunks without choices (the usage chunk) are fine. */
    public synchronized void add(JsonNode chunk) {
        chunks++;
        // the first non-empty ones: Azure OpenAI's prompt-filter chunk, first, has "" for both
        if ((id == null || id.isEmpty()) && chunk.hasNonNull("id")) {
            id = chunk.get("id").asText();
        }
        if ((model == null || model.isEmpty()) && chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        if (chunk.hasNonNull("usage") && chunk.get("usage").isObject()) {
            usage = chunk.get("usage");
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isEmpty()) {
            return;
        }
        JsonNode choice = choices.get(0);
        JsonNode delta = choice.path("delta");
        boolean token = false;
        String text = WireFormat.text(delta.get("content"));
        if (!text.isEmpty()) {
            content.append(text);
            token = true;
        }
        String thought = WireFormat.reasoning(delta);
        if (!thought.isEmpty()) {
            reasoning.append(thought);
            token = true;
        }
        JsonNode refused = delta.path("refusal");
        if (refused.isTextual() && !refused.asText().isEmpty()) {
            refusal.append(refused.asText());
            token = true;
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int index = call.hasNonNull("index") ? call.get("index").asInt() : indexOf(call);
            lastToolCall = index;
            String[] parts = toolCalls.computeIfAbsent(index, i -> new String[] {"", "", ""});
            if (call.hasNonNull("id")) {
                parts[0] = call.get("id").asText();
            }
            JsonNode fn = call.path("function");
            if (fn.hasNonNull("name")) {
                parts[1] = parts[1] + fn.get("name").asText();
                token = true;
            }
            String piece = WireFormat.argumentsText(fn);
            if (!piece.isEmpty()) {
                parts[2] = parts[2] + piece;
                token = true;
            }
        }
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
        }
        if (token) {
            countedTokens++;
        }
    }

    private int indexOf(JsonNode unindexedCall) {
        String[] last = toolCalls.get(lastToolCall);
        if (last == null) {
            return 0; // no call yet: the previous delta's call is always in toolCalls
        }
        String id = unindexedCall.path("id").asText("");
        boolean newId = !id.isEmpty() && !id.equals(last[0]);
        boolean newName = unindexedCall.path("function").hasNonNull("name") && !last[1].isEmpty();
        return newId || newName ? toolCalls.lastKey() + 1 : lastToolCall;
    }

    /** Generated tokens counted from the deltas so far. */
    public long countedTokens() {
        return countedTokens;
    }

    /** Whether any content, reasoning or tool-call token has arrived. */
    public boolean hasTokens() {
        return countedTokens > 0;
    }

    public long chunks() {
        return chunks;
    }

    public String content() {
        return content.toString();
    }

    public String reasoning() {
        return reasoning.toString();
    }

    public String finishReason() {
        return finishReason;
    }

    /** The server's usage object, or null when it sent none. */
    public JsonNode usage() {
        return usage;
    }

    public String id() {
        return id;
    }

    public String model() {
        return model;
    }

    /** The tool calls assembled so far (arguments not validated). */
    public List<ToolCall> toolCalls() {
        List<ToolCall> out = new ArrayList<>();
        for (String[] parts : toolCalls.values()) {
            out.add(new ToolCall(parts[0], parts[1], parts[2]));
        }
        return out;
    }

    /** The stream as one {@code chat.completion} object. */
    public synchronized ObjectNode toCompletion() {
        ObjectNode out = JSON.objectNode();
        out.put("id", id == null ? "" : id);
        out.put("object", "chat.completion");
        out.put("model", model == null ? "" : model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (content.isEmpty() && (!toolCalls.isEmpty() || !refusal.isEmpty())) {
            message.putNull("content");
        } else {
            message.put("content", content.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!refusal.isEmpty()) {
            message.put("refusal", refusal.toString());
        }
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall c : toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
            }
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (usage != null) {
            out.set("usage", usage);
        }
        return out;
    }
}
