package dev.specagent.llm.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.data.JsonCounts;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.internal.HttpEmbeddings;
import dev.specagent.llm.internal.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One recorded chat completion (or embeddings request): a line of a JSONL trace file. Fields (JSON names in brackets):
 * the time it started ({@code startedAt}, ISO-8601), the endpoint, the request body as sent
 * ({@code request}) and its {@link RequestHash} ({@code requestHash}), the HTTP status of the last
 * attempt ({@code status}, 0 when none), how it ended ({@code outcome}: {@code completed},
 * {@code cancelled} or {@code failed}) and the error message, the milliseconds from the start of the
 * successful attempt to the first token ({@code firstTokenMs}, -1 when none) and to the end
 * ({@code totalMs}), the streamed chunks with their arrival times ({@code chunks}: {@code [{"ms": ..,
 * "data": {chunk}}]}, empty when not streamed), the answer as a {@code chat.completion} object
 * ({@code response}; for a cancelled stream, what had arrived) and the usage with its cost
 * ({@code usage}: {@code promptTokens}, {@code completionTokens}, {@code cachedPromptTokens},
 * {@code costUsd}, {@code reported}).
 */
public record TraceEntry(String startedAt, String endpoint, String requestHash, JsonNode request, int status,
                         String outcome, String error, double firstTokenMs, double totalMs, List<Chunk> chunks,
                         JsonNode response, Usage usage, boolean usageReported) {

    /** Format version written in every line ({@code "v": 1}). */
    public static final int VERSION = 1;
    /** The longest recorded time a trace may hold, in milliseconds: a day. */
    public static final double MAX_MS = 24 * 3600 * 1000.0;

    public TraceEntry {
        Objects.requireNonNull(request, "request");
        requestHash = requestHash == null ? RequestHash.of(request) : requestHash;
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        usage = usage == null ? Usage.ZERO : usage;
        if (!List.of("completed", "cancelled", "failed").contains(outcome)) {
            throw new IllegalArgumentException("outcome must be completed, cancelled or failed: " + outcome);
        }
    }

    /** One streamed chunk and when it arrived, in milliseconds from the start of the attempt. */
    public record Chunk(double ms, JsonNode data) {
    }

    /**
     * A completed, non-streamed entry for {@code request} answering {@code response}, taking
     * {@code totalMs} with the first token at {@code firstTokenMs}: the way to write traces by hand
     * or from another recording format.
     */
    public static TraceEntry completed(JsonNode request, JsonNode response, double firstTokenMs, double totalMs) {
        JsonNode u = response.path("usage");
        Usage usage = new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(0), 0);
        return new TraceEntry(null, "", null, request, 200, "completed", null, firstTokenMs, totalMs, List.of(),
                response, usage, u.isObject());
    }

    /**
     * A completed entry in which {@code endpoint} answered {@code request} with the text {@code content}
     * using {@code promptTokens} and {@code completionTokens}: the way to write a synthetic trace for
     * a demo or a test. The request body is exactly what a {@link dev.specagent.llm.client.ChatClient}
     * of that endpoint sends, so the replay server matches the client's requests to it.
     */
    public static TraceEntry text(LlmEndpoint endpoint,
                                  ChatRequest request, String content, long promptTokens,
                                  long completionTokens, double firstTokenMs, double totalMs) {
        ObjectNode body = WireFormat.requestBody(request, endpoint);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("id", "chatcmpl-" + RequestHash.of(body).substring(0, 16));
        response.put("object", "chat.completion");
        response.put("created", 0);
        response.put("model", body.get("model").asText());
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        response.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return completed(body, response, firstTokenMs, totalMs);
    }

    /**
     * A completed embeddings entry in which {@code model} answered {@code inputs} with {@code vectors} (in input
     * order) using {@code promptTokens}, taking {@code totalMs}: the request body is exactly what
     * {@link dev.specagent.llm.client.ChatClient#embed} sends, so the replay server matches it.
     */
    public static TraceEntry embeddings(String model, List<String> inputs, List<double[]> vectors, long promptTokens,
                                        double totalMs) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("object", "list");
        var data = response.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            var values = item.putArray("embedding");
            for (double v : vectors.get(i)) {
                values.add(v);
            }
        }
        response.put("model", model);
        response.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        return new TraceEntry(null, "", null, HttpEmbeddings.requestBody(model, inputs), 200,
                "completed", null, totalMs, totalMs, List.of(), response, new Usage(promptTokens, 0, 0, 0), true);
    }

    /** The model named in the request. */
    public String model() {
        return request.path("model").asText("");
    }

    /** Whether this entry records an embeddings request ({@code input}, no {@code messages}) rather than a chat. */
    public boolean embeddings() {
        return isEmbeddings(request);
    }

    private static boolean isEmbeddings(JsonNode request) {
        return request.has("input") && !request.has("messages");
    }

    /** Whether this entry can answer a request: it completed with status 200 and has a response. */
    public boolean replayable() {
        return outcome.equals("completed") && status == 200 && response != null && !response.isNull();
    }

    /** This entry as one JSON object (one trace line). */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("v", VERSION);
        out.put("startedAt", startedAt);
        out.put("endpoint", endpoint);
        out.put("requestHash", requestHash);
        out.set("request", request);
        out.put("status", status);
        out.put("outcome", outcome);
        if (error != null) {
            out.put("error", error);
        }
        out.put("firstTokenMs", firstTokenMs);
        out.put("totalMs", totalMs);
        var array = out.putArray("chunks");
        for (Chunk c : chunks) {
            array.addObject().put("ms", c.ms()).set("data", c.data());
        }
        if (response != null) {
            out.set("response", response);
        }
        ObjectNode u = out.putObject("usage");
        u.put("promptTokens", usage.promptTokens());
        u.put("completionTokens", usage.completionTokens());
        u.put("cachedPromptTokens", usage.cachedPromptTokens());
        u.put("costUsd", usage.costUsd());
        u.put("reported", usageReported);
        return out;
    }

    /**
     * Reads one trace line's object; {@code where} (file and line) prefixes every error.
     *
     * @throws IllegalArgumentException naming the field when the line is not a valid entry
     */
    public static TraceEntry fromJson(JsonNode line, String where) {
        if (!line.isObject()) {
            throw new IllegalArgumentException(where + ": a trace line must be a JSON object");
        }
        if (line.has("v") && !(line.get("v").isInt() && line.get("v").intValue() == VERSION)) {
            throw new IllegalArgumentException(where + ": field \"v\" must be the format version " + VERSION + ", got "
                    + line.get("v"));
        }
        requireType(line, "status", JsonNode::isInt, "an integer HTTP status", where);
        requireType(line, "firstTokenMs", JsonNode::isNumber, "a number of milliseconds", where);
        requireType(line, "totalMs", JsonNode::isNumber, "a number of milliseconds", where);
        requireType(line, "outcome", JsonNode::isTextual, "a string", where);
        requireType(line, "chunks", JsonNode::isArray, "an array of {\"ms\", \"data\"} objects", where);
        JsonNode request = line.get("request");
        if (request == null || !request.isObject() || !(request.path("messages").isArray() || isEmbeddings(request))) {
            throw new IllegalArgumentException(where + ": field \"request\" must be a chat-completions request object "
                    + "with \"messages\" (or an embeddings request with \"input\")");
        }
        String outcome = line.path("outcome").asText("completed");
        JsonNode response = line.get("response");
        String answerArray = isEmbeddings(request) ? "data" : "choices";
        if (outcome.equals("completed") && (response == null || !response.isObject()
                || !response.path(answerArray).isArray())) {
            throw new IllegalArgumentException(where + ": field \"response\" must be " + (isEmbeddings(request)
                    ? "an embeddings list object with \"data\"" : "a chat.completion object with \"choices\""));
        }
        if (outcome.equals("completed") && !isEmbeddings(request) && (response.get("choices").isEmpty()
                || !response.get("choices").get(0).path("message").isObject())) {
            throw new IllegalArgumentException(where + ": field \"response.choices\" must hold a choice with a "
                    + "\"message\" object (an answer to replay)");
        }
        if (outcome.equals("completed") && response.path("usage").isObject()) {
            // what the replay server sends and a simulated replay charges: a count the client would refuse (12.7) or
            // Jackson would read as another (asLong: 12) is refused here, where the file and line can be named
            JsonNode answered = response.get("usage");
            for (String tokens : List.of("prompt_tokens", "completion_tokens")) {
                requireType(answered, tokens, JsonCounts::isCount, TOKEN_COUNT, where, "response.usage.");
            }
            requireType(answered.path("prompt_tokens_details"), "cached_tokens", JsonCounts::isCount, TOKEN_COUNT,
                    where, "response.usage.prompt_tokens_details.");
        }
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        for (JsonNode c : line.path("chunks")) {
            if (!c.path("ms").isNumber() || !c.path("data").isObject()) {
                throw new IllegalArgumentException(where + ": chunks[" + i + "] needs a number \"ms\" and an object "
                        + "\"data\"");
            }
            chunks.add(new Chunk(milliseconds(c.get("ms").asDouble(), "chunks[" + i + "].ms", where), c.get("data")));
            i++;
        }
        requireType(line, "usage", JsonNode::isObject, "an object", where);
        JsonNode u = line.path("usage");
        for (String tokens : List.of("promptTokens", "completionTokens", "cachedPromptTokens")) {
            requireType(u, tokens, JsonCounts::isWhole, "a whole number of tokens", where, "usage.");
        }
        requireType(u, "costUsd", JsonNode::isNumber, "a number of US dollars", where, "usage.");
        requireType(u, "reported", JsonNode::isBoolean, "true or false", where, "usage.");
        Usage usage;
        try {
            usage = new Usage(u.path("promptTokens").asLong(0), u.path("completionTokens").asLong(0),
                    u.path("cachedPromptTokens").asLong(0), u.path("costUsd").asDouble(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": field \"usage\": " + e.getMessage(), e);
        }
        double totalMs = milliseconds(line.path("totalMs").asDouble(0), "totalMs", where);
        double firstTokenMs = line.path("firstTokenMs").asDouble(-1);
        if (firstTokenMs != -1 && !(firstTokenMs >= 0 && firstTokenMs <= MAX_MS)) {
            // the replay server sends an unstreamed entry's first chunk at this time, so it is bounded as totalMs is
            throw new IllegalArgumentException(where + ": field \"firstTokenMs\" must be -1 (no first token) or "
                    + "milliseconds from 0 to " + (long) MAX_MS + " (a day), got " + firstTokenMs);
        }
        String hash = line.hasNonNull("requestHash") ? line.get("requestHash").asText() : null;
        String computed = RequestHash.of(request);
        if (hash != null && !hash.equals(computed)) {
            hash = computed; // hand-edited request: the hash of what is there wins
        }
        try {
            return new TraceEntry(line.path("startedAt").asText(null), line.path("endpoint").asText(""), hash, request,
                    line.path("status").asInt(200), outcome, line.hasNonNull("error") ? line.get("error").asText() : null,
                    firstTokenMs, totalMs, chunks, response, usage,
                    u.path("reported").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A recorded time: from 0 to a day ({@link #MAX_MS}). A longer one is no recorded call but a corrupt field, and
     * the replay server would wait for it.
     */
    private static double milliseconds(double ms, String field, String where) {
        if (!(ms >= 0 && ms <= MAX_MS)) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" must be milliseconds from 0 to "
                    + (long) MAX_MS + " (a day), got " + ms);
        }
        return ms;
    }

    /** A present, non-null {@code field} of {@code line} must pass {@code test}, or the line is bad. */
    private static void requireType(JsonNode line, String field, Predicate<JsonNode> test,
                                    String expected, String where) {
        requireType(line, field, test, expected, where, "");
    }

    /** The same for a field of the object at {@code path} (such as {@code usage.}) of the line. */
    private static void requireType(JsonNode node, String field, Predicate<JsonNode> test,
                                    String expected, String where, String path) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !test.test(value)) {
            throw new IllegalArgumentException(where + ": field \"" + path + field + "\" must be " + expected + ", got "
                    + value);
        }
    }

    private static final String TOKEN_COUNT = "a whole number of tokens (0 or more)";

}
